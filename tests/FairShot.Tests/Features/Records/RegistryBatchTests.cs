using System.Net;
using System.Text.RegularExpressions;
using FairShot.Domain;
using FairShot.Tests.Infrastructure;
using FairShot.Tests.Vaccination;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Tests.Features.Records;

/// <summary>
/// A county whose registry takes files: with no Registry:Endpoint the messages wait, and the batch
/// export hands them over as FHS/BHS ... BTS/FTS, marking them exported so nothing goes twice.
/// </summary>
public sealed class RegistryBatchTests(FairShotApp app) : IClassFixture<FairShotApp>
{
    private readonly DeskFlow _desk = new(app);

    private async Task<(string DayId, List<string> Ids)> RecordedAsync(int count)
    {
        var (clinicId, dayId, day) = await _desk.DayAsync();
        var admin = await _desk.Flow.AdminAsync();
        await Stock.ReceiveAsync(admin, clinicId, "212", 10, lot: "B" + dayId[..6].ToUpperInvariant());
        var nurse = await _desk.NurseAsync(clinicId);
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var booked = await _desk.BookAsync(DeskFlow.Slot(day));
            (await DeskFlow.CheckInAsync(nurse, booked)).EnsureSuccessStatusCode();
            var outcome = i == count - 1 ? "refused" : null;
            ids.Add((await (await DeskFlow.RecordAsync(nurse, booked, outcome: outcome)).JsonAsync(HttpStatusCode.Created)).GetProperty("administrationId").GetString()!);
        }
        return (dayId, ids);
    }

    [Fact]
    public async Task Dispatch_WithNoEndpoint_SendsNothing_AndTheMessagesWait()
    {
        var (dayId, _) = await RecordedAsync(1);

        Assert.Equal(0, await app.DispatchRegistryAsync());

        var message = await app.WithDbAsync(db => db.RegistryMessages.AsNoTracking().SingleAsync(m => m.ClinicDayId == Guid.Parse(dayId)));
        Assert.Equal((RegistryMessageState.Waiting, 0), (message.State, message.Attempts));
    }

    [Fact]
    public async Task Batch_OfAClinicDay_HoldsEachWaitingMessageBetweenHeadersAndTrailers_AndMarksThemExported()
    {
        var (dayId, ids) = await RecordedAsync(3);
        var admin = await _desk.Flow.AdminAsync();

        var preview = await admin.GetAsync($"/api/v1/admin/registry/batch?clinicDayId={dayId}&dryRun=true");
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Equal(3, await app.WithDbAsync(db => db.RegistryMessages.CountAsync(m => m.ClinicDayId == Guid.Parse(dayId) && m.State == RegistryMessageState.Waiting)));

        var response = await admin.GetAsync($"/api/v1/admin/registry/batch?clinicDayId={dayId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        var text = await response.Content.ReadAsStringAsync();
        var batchId = response.Headers.GetValues("X-Batch-Id").Single();

        var segments = text.Split('\r', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith(@"FHS|^~\&|", segments[0], StringComparison.Ordinal);
        Assert.Equal(batchId, segments[0].Split('|')[10]);
        Assert.StartsWith(@"BHS|^~\&|", segments[1], StringComparison.Ordinal);
        Assert.Equal("BTS|3", segments[^2]);
        Assert.Equal("FTS|1", segments[^1]);
        var messages = Regex.Split(string.Join('\r', segments[2..^2]) + "\r", "(?=MSH\\|)").Where(m => m.Length > 0).ToList();
        Assert.Equal(3, messages.Count);
        var z22 = Z22Conformance.Load();
        Assert.SkipWhen(z22 is null, "shared/fixtures is not present on this machine");
        foreach (var message in messages)
        {
            Assert.Empty(z22!.Check(message));
            // hl7v2 reads no batch headers: each message it must group as a VXU on its own.
            var checkedBack = await Checkers.RunAsync("hl7-check.mjs", message, "ORC-2.1", "ORC-3.1");
            Assert.Null(checkedBack.GetProperty("strictError").GetString());
            var structure = checkedBack.GetProperty("structure").GetProperty("VXU_V04");
            Assert.Equal(["MSH", "PID", "PD1"], structure.EnumerateArray().Take(3).Select(e => e.GetString()!).ToArray());
            Assert.True(structure[3].TryGetProperty("ORDER", out _));
        }
        foreach (var id in ids)
        {
            Assert.Contains(Guid.Parse(id).ToString("N"), text, StringComparison.Ordinal);
        }

        var states = await app.WithDbAsync(db => db.RegistryMessages.AsNoTracking().Where(m => m.ClinicDayId == Guid.Parse(dayId)).Select(m => new { m.State, m.BatchId }).ToListAsync());
        Assert.All(states, s => Assert.Equal((RegistryMessageState.Exported, batchId), (s.State, s.BatchId)));
        var again = await (await admin.GetAsync($"/api/v1/admin/registry/batch?clinicDayId={dayId}")).Content.ReadAsStringAsync();
        Assert.Contains("BTS|0", again, StringComparison.Ordinal);
        Assert.Equal(0, await app.DispatchRegistryAsync());
    }

    [Fact]
    public async Task Batch_ForAnUnknownClinicDay_Is404()
    {
        var admin = await _desk.Flow.AdminAsync();
        await (await admin.GetAsync($"/api/v1/admin/registry/batch?clinicDayId={Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/v1/admin/registry/batch?clinicDayId=yesterday")).StatusCode);
    }

    [Fact]
    public async Task RegistryApi_ForClinicStaff_IsForbidden()
    {
        var (clinicId, _, _) = await _desk.DayAsync();
        var nurse = await _desk.NurseAsync(clinicId);
        Assert.Equal(HttpStatusCode.Forbidden, (await nurse.GetAsync("/api/v1/admin/registry/messages")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await nurse.GetAsync("/api/v1/admin/registry/batch")).StatusCode);
    }
}
