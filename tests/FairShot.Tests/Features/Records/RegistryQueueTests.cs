using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FairShot.Domain;
using FairShot.Features.Records;
using FairShot.Tests.Infrastructure;
using FairShot.Tests.Vaccination;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FairShot.Tests.Features.Records;

/// <summary>The app with its registry settings pointing at a fake IIS on loopback.</summary>
public sealed class RegistryApp : IAsyncLifetime
{
    public FakeIis Iis { get; private set; } = null!;
    public FairShotApp App { get; } = new();

    /// <summary>Points an app (before it starts) at the registry, as a county's settings would.</summary>
    public static FairShotApp Connect(FairShotApp app, FakeIis iis) => app
        .With("Registry:Endpoint", iis.Endpoint)
        .With("Registry:UserId", iis.UserId)
        .With("Registry:Password", iis.Password)
        .With("Registry:FacilityId", iis.FacilityId)
        .With("Registry:Timeout", "00:00:20");

    public async ValueTask InitializeAsync()
    {
        Iis = await FakeIis.StartAsync();
        Connect(App, Iis);
        await App.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Iis.DisposeAsync();
    }
}

/// <summary>
/// The registry queue end to end: a dose recorded (corrected, voided) writes its VXU with it, the
/// sender claims and sends it once to the fake IIS, and its ACK decides what staff see.
/// </summary>
public sealed class RegistryQueueTests(RegistryApp registry) : IClassFixture<RegistryApp>
{
    private readonly FairShotApp _app = registry.App;
    private readonly FakeIis _iis = registry.Iis;
    private readonly DeskFlow _desk = new(registry.App);

    private async Task<(DeskFlow.Booked Booked, HttpClient Nurse, string ClinicId)> CheckedInAsync(string lot)
    {
        var (clinicId, _, day) = await _desk.DayAsync();
        var admin = await _desk.Flow.AdminAsync();
        await Stock.ReceiveAsync(admin, clinicId, "212", 10, lot: lot);
        var booked = await _desk.BookAsync(DeskFlow.Slot(day));
        var nurse = await _desk.NurseAsync(clinicId);
        (await DeskFlow.CheckInAsync(nurse, booked)).EnsureSuccessStatusCode();
        return (booked, nurse, clinicId);
    }

    private async Task<string> RecordedAsync(string lot)
    {
        var (booked, nurse, _) = await CheckedInAsync(lot);
        return (await (await DeskFlow.RecordAsync(nurse, booked, lot: lot)).JsonAsync(HttpStatusCode.Created)).GetProperty("administrationId").GetString()!;
    }

    private Task<List<RegistryMessage>> MessagesAsync(string administrationId) =>
        _app.WithDbAsync(db => db.RegistryMessages.AsNoTracking().Where(m => m.AdministrationId == Guid.Parse(administrationId))
            .OrderBy(m => m.AdministrationVersion).ThenBy(m => m.CreatedAt).ThenBy(m => m.Id).ToListAsync()); // ids are version 7: a resend made at the same test-clock instant sorts after

    private int ReceivedOf(RegistryMessage message) => _iis.Received.Count(r => r.Contains("|" + message.ControlId + "|", StringComparison.Ordinal));

    private async Task<JsonElement> ListAsync(string query) =>
        await (await (await _desk.Flow.AdminAsync()).GetAsync("/api/v1/admin/registry/messages?" + query)).JsonAsync();

    [Fact]
    public async Task Record_AGivenDose_QueuesExactlyOneAddMessage_ThatMeetsZ22_AndARefusedRecordingQueuesNone()
    {
        var (booked, nurse, _) = await CheckedInAsync("QONE1");
        var wrong = booked.SiteCode == "0000" ? "0001" : "0000";
        Assert.Equal(HttpStatusCode.BadRequest, (await DeskFlow.RecordAsync(nurse, booked, lot: "QONE1", siteCode: wrong)).StatusCode);
        Assert.Equal(0, await _app.WithDbAsync(db => db.RegistryMessages.CountAsync(m => m.PersonId == Guid.Parse(booked.PersonId))));

        // Two vaccinators at once: one record, one message.
        var answers = await Task.WhenAll(DeskFlow.RecordAsync(nurse, booked, lot: "QONE1"), DeskFlow.RecordAsync(nurse, booked, lot: "QONE1"));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        var id = (await answers.Single(a => a.StatusCode == HttpStatusCode.Created).JsonAsync(HttpStatusCode.Created)).GetProperty("administrationId").GetString()!;

        var message = Assert.Single(await MessagesAsync(id));
        Assert.Equal(('A', RegistryMessageState.Waiting, 1), (message.Action, message.State, message.AdministrationVersion));
        var person = await _app.WithDbAsync(db => db.People.AsNoTracking().SingleAsync(p => p.Id == Guid.Parse(booked.PersonId)));
        Assert.InRange(person.RecordNumber.Length, 3, 15);
        Assert.Contains($"PID|1||{person.RecordNumber}^^^", message.Hl7, StringComparison.Ordinal);
        Assert.Contains($"ORC|RE||{Guid.Parse(id):N}^FAIRSHOT", message.Hl7, StringComparison.Ordinal);
        Assert.Contains("|QONE1|", message.Hl7, StringComparison.Ordinal);
        var z22 = Z22Conformance.Load();
        Assert.SkipWhen(z22 is null, "shared/fixtures is not present on this machine");
        Assert.Empty(z22!.Check(message.Hl7));
        var checkedBack = await Checkers.RunAsync("hl7-check.mjs", message.Hl7, "RXA-21", "ORC-3.1");
        Assert.Null(checkedBack.GetProperty("strictError").GetString());
        Assert.Equal("A", checkedBack.GetProperty("values").GetProperty("RXA-21")[0].GetString());
    }

    [Fact]
    public async Task Record_ARefusal_QueuesARefusalMessage()
    {
        var (booked, nurse, _) = await CheckedInAsync("QREF1");
        var id = (await (await DeskFlow.RecordAsync(nurse, booked, outcome: "refused")).JsonAsync(HttpStatusCode.Created)).GetProperty("administrationId").GetString()!;

        var message = Assert.Single(await MessagesAsync(id));
        Assert.Contains("|RE|A", message.Hl7, StringComparison.Ordinal);
        Assert.Empty(Z22Conformance.Load()?.Check(message.Hl7) ?? []);
    }

    [Fact]
    public async Task CorrectAndVoid_AfterTheAddWasAccepted_SendAnUpdateThenADelete()
    {
        var id = await RecordedAsync("QCOR1");
        var admin = await _desk.Flow.AdminAsync();
        await _app.DispatchRegistryAsync();
        Assert.Equal(RegistryMessageState.Accepted, Assert.Single(await MessagesAsync(id)).State);

        await (await admin.PostAsJsonAsync($"/api/v1/clinic/administrations/{id}/correction", new { bodySite = "RD", reason = "other arm" })).JsonAsync();
        await _app.DispatchRegistryAsync();
        await (await admin.PostAsJsonAsync($"/api/v1/clinic/administrations/{id}/void", new { reason = "wrong person", returnToStock = true })).JsonAsync();
        await _app.DispatchRegistryAsync();

        var messages = await MessagesAsync(id);
        Assert.Equal(["A1", "U2", "D3"], messages.Select(m => $"{m.Action}{m.AdministrationVersion}"));
        Assert.All(messages, m => Assert.Equal(RegistryMessageState.Accepted, m.State));
        Assert.All(messages, m => Assert.Equal(1, ReceivedOf(m)));
        Assert.Contains("RXR|C28161^Intramuscular^NCIT|RD^", messages[1].Hl7, StringComparison.Ordinal);
        Assert.Contains("|CP|U", messages[1].Hl7, StringComparison.Ordinal);
        Assert.Contains("|CP|D", messages[2].Hl7, StringComparison.Ordinal);
        Assert.Empty(Z22Conformance.Load()?.Check(messages[2].Hl7) ?? []);
    }

    [Fact]
    public async Task Correct_BeforeTheAddWasSent_SupersedesIt_AndTheRegistryGetsOneAddOfTheNewVersion()
    {
        var id = await RecordedAsync("QSUP1");
        var admin = await _desk.Flow.AdminAsync();
        await (await admin.PostAsJsonAsync($"/api/v1/clinic/administrations/{id}/correction", new { bodySite = "RD", reason = "other arm" })).JsonAsync();

        var messages = await MessagesAsync(id);
        Assert.Equal([(RegistryMessageState.Superseded, 'A'), (RegistryMessageState.Waiting, 'A')], messages.Select(m => (m.State, m.Action)));
        await _app.DispatchRegistryAsync();
        messages = await MessagesAsync(id);
        Assert.Equal((0, 1), (ReceivedOf(messages[0]), ReceivedOf(messages[1])));
        Assert.Equal((RegistryMessageState.Accepted, 2), (messages[1].State, messages[1].AdministrationVersion));
    }

    [Fact]
    public async Task Void_BeforeTheAddWasSent_SendsNothing()
    {
        var id = await RecordedAsync("QVOI1");
        var admin = await _desk.Flow.AdminAsync();
        await (await admin.PostAsJsonAsync($"/api/v1/clinic/administrations/{id}/void", new { reason = "wrong person", returnToStock = true })).JsonAsync();

        var message = Assert.Single(await MessagesAsync(id));
        Assert.Equal(RegistryMessageState.Superseded, message.State);
        await _app.DispatchRegistryAsync();
        Assert.Equal(0, ReceivedOf(message));
    }

    [Fact]
    public async Task TwoDispatchersRacing_SendEachMessageToTheRegistryOnce()
    {
        var ids = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            ids.Add(await RecordedAsync($"QRACE{i}"));
        }
        var a = ActivatorUtilities.CreateInstance<RegistryDispatcher>(_app.Services);
        var b = ActivatorUtilities.CreateInstance<RegistryDispatcher>(_app.Services);
        async Task<int> DrainAsync(RegistryDispatcher dispatcher)
        {
            var sent = 0;
            for (var round = 0; round < 5; round++)
            {
                sent += await dispatcher.DispatchDueAsync(CancellationToken.None);
            }
            return sent;
        }

        var sent = await Task.WhenAll(DrainAsync(a), DrainAsync(b));

        var messages = (await Task.WhenAll(ids.Select(MessagesAsync))).Select(Assert.Single).ToList();
        Assert.All(messages, m => Assert.Equal((RegistryMessageState.Accepted, 1, 1), (m.State, m.Attempts, ReceivedOf(m))));
        Assert.True(sent.Sum() >= messages.Count);
    }

    [Fact]
    public async Task Dispatch_ARejectedDose_KeepsTheErr_ListsIt_AndResendSendsTheCurrentVersionAgain()
    {
        _iis.UnknownLots.Add("QBAD1");
        var id = await RecordedAsync("QBAD1");
        await _app.DispatchRegistryAsync();

        var rejected = Assert.Single(await MessagesAsync(id));
        Assert.Equal((RegistryMessageState.Rejected, "AR"), (rejected.State, rejected.AckCode));
        Assert.Contains("MSA|AR|" + rejected.ControlId, rejected.Ack, StringComparison.Ordinal);
        var listed = (await ListAsync($"administrationId={id}&state=rejected&personId={rejected.PersonId}")).EnumerateArray().Single();
        Assert.Equal(id, listed.GetProperty("administrationId").GetString());
        Assert.Equal("rejected", listed.GetProperty("state").GetString());
        Assert.Contains("ORC|RE|", listed.GetProperty("hl7").GetString(), StringComparison.Ordinal);
        var error = listed.GetProperty("errors").EnumerateArray().Single();
        Assert.Equal("RXA-1-15-1", error.GetProperty("location").GetString());
        Assert.Equal("Error in the lot number (RXA-15): Lot number is not in the registry's inventory", error.GetProperty("words").GetString());

        // The registry adds the lot to its inventory; staff send the record again.
        _iis.UnknownLots.Remove("QBAD1");
        var admin = await _desk.Flow.AdminAsync();
        var resent = await (await admin.PostAsync($"/api/v1/admin/registry/messages/{rejected.Id}/resend", null)).JsonAsync();
        Assert.Equal("superseded", resent.GetProperty("resent").GetProperty("state").GetString());
        Assert.Equal(("waiting", "A"), (resent.GetProperty("queued").GetProperty("state").GetString(), resent.GetProperty("queued").GetProperty("action").GetString()));
        Assert.NotEqual(rejected.ControlId, resent.GetProperty("queued").GetProperty("controlId").GetString());
        await (await admin.PostAsync($"/api/v1/admin/registry/messages/{rejected.Id}/resend", null)).AssertProblemAsync(HttpStatusCode.Conflict);
        await _app.DispatchRegistryAsync();

        var messages = await MessagesAsync(id);
        Assert.Equal([RegistryMessageState.Superseded, RegistryMessageState.Accepted], messages.Select(m => m.State));
        await (await admin.PostAsync($"/api/v1/admin/registry/messages/{messages[1].Id}/resend", null)).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await admin.PostAsync($"/api/v1/admin/registry/messages/{Guid.NewGuid()}/resend", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains(await _app.WithDbAsync(db => db.AuditEntries.Where(e => e.Action == "registry.resent").Select(e => e.EntityId).ToListAsync()),
            e => e == rejected.Id.ToString());
    }

    [Fact]
    public async Task Correct_ARejectedDose_SupersedesTheRejection_AndSendsTheCorrectedRecordAsAnAdd()
    {
        _iis.UnknownLots.Add("QBAD2");
        var id = await RecordedAsync("QBAD2");
        await _app.DispatchRegistryAsync();
        Assert.Equal(RegistryMessageState.Rejected, Assert.Single(await MessagesAsync(id)).State);

        var admin = await _desk.Flow.AdminAsync();
        await (await admin.PostAsJsonAsync($"/api/v1/clinic/administrations/{id}/correction", new { bodySite = "RD", reason = "registry rejected; site noted" })).JsonAsync();
        _iis.UnknownLots.Remove("QBAD2");
        await _app.DispatchRegistryAsync();

        var messages = await MessagesAsync(id);
        Assert.Equal([(RegistryMessageState.Superseded, 'A', 1), (RegistryMessageState.Accepted, 'A', 2)], messages.Select(m => (m.State, m.Action, m.AdministrationVersion)));
    }

    [Fact]
    public async Task Dispatch_ADoseTheRegistryTakesWithAWarning_IsAcceptedWithErrors_AndKeepsThem()
    {
        _iis.RecalledLots.Add("QWARN1");
        var id = await RecordedAsync("QWARN1");
        await _app.DispatchRegistryAsync();

        var message = Assert.Single(await MessagesAsync(id));
        Assert.Equal((RegistryMessageState.AcceptedWithErrors, "AE"), (message.State, message.AckCode));
        Assert.Contains("recalled", message.AckErrors, StringComparison.Ordinal);
        var listed = (await ListAsync($"personId={message.PersonId}")).EnumerateArray().Single();
        Assert.Equal("acceptedWithErrors", listed.GetProperty("state").GetString());
        Assert.StartsWith("Warning in the lot number", listed.GetProperty("errors")[0].GetProperty("words").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatch_WhenTheRegistryFaults_RetriesWithBackoff_AndAfterTheLastAttemptGivesUpKeepingTheError()
    {
        var id = await RecordedAsync("QFLT1");
        _iis.Faulting = true;
        try
        {
            await _app.DispatchRegistryAsync();
            var failed = Assert.Single(await MessagesAsync(id));
            Assert.Equal((RegistryMessageState.Waiting, 1), (failed.State, failed.Attempts));
            Assert.Contains("UnknownFault", failed.LastError, StringComparison.Ordinal);
            Assert.Equal(_app.Clock.GetUtcNow().UtcDateTime + RegistryMessage.Backoff(1), failed.NextAttemptAt);

            await _app.DispatchRegistryAsync(); // not yet due: not tried
            Assert.Equal(1, Assert.Single(await MessagesAsync(id)).Attempts);

            // The last attempt fails too: given up, the error kept, listed for a resend.
            await _app.WithDbAsync(db => db.RegistryMessages.Where(m => m.AdministrationId == Guid.Parse(id))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Attempts, RegistryMessage.MaxAttempts - 1).SetProperty(m => m.NextAttemptAt, m => m.CreatedAt)));
            await _app.DispatchRegistryAsync();
            var gaveUp = Assert.Single(await MessagesAsync(id));
            Assert.Equal((RegistryMessageState.GaveUp, RegistryMessage.MaxAttempts), (gaveUp.State, gaveUp.Attempts));
            Assert.Contains("UnknownFault", gaveUp.LastError, StringComparison.Ordinal);
        }
        finally
        {
            _iis.Faulting = false;
        }
        var admin = await _desk.Flow.AdminAsync();
        await (await admin.PostAsync($"/api/v1/admin/registry/messages/{(await MessagesAsync(id))[0].Id}/resend", null)).JsonAsync();
        await _app.DispatchRegistryAsync();
        Assert.Equal(RegistryMessageState.Accepted, (await MessagesAsync(id))[1].State);
    }

    [Fact]
    public void Backoff_DoublesFromAMinute_UpToSixHours()
    {
        Assert.Equal(TimeSpan.FromMinutes(1), RegistryMessage.Backoff(1));
        Assert.Equal(TimeSpan.FromMinutes(2), RegistryMessage.Backoff(2));
        Assert.Equal(TimeSpan.FromMinutes(256), RegistryMessage.Backoff(9));
        Assert.Equal(TimeSpan.FromHours(6), RegistryMessage.Backoff(20));
    }

    [Theory]
    [InlineData("state=lost", "state")]
    [InlineData("take=0", "take")]
    [InlineData("personId=not-a-guid", null)]
    public async Task List_WithBadInput_Is400(string query, string? field)
    {
        var admin = await _desk.Flow.AdminAsync();
        var response = await admin.GetAsync("/api/v1/admin/registry/messages?" + query);
        if (field is null)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
        else
        {
            await response.AssertProblemAsync(HttpStatusCode.BadRequest, field);
        }
    }
}
