using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using FairShot.Domain;
using FairShot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Tests.Features;

public sealed partial class ManageAppointmentTests : FreshAppTest
{
    [GeneratedRegex(@"\b(\d{6})\b")]
    private static partial Regex SixDigits();

    private async Task<(string Code, JsonElement Day, InvitationFlow.Invitee Invitee)> BookedAsync(int slot = 0, string cvx = "212", int perSlot = 1)
    {
        var (_, dayId, day) = await Flow.ClinicDayAsync(slots: 3, perSlot: perSlot, cvx: cvx);
        var invitee = await Flow.RegisterAsync();
        await Flow.WaveAsync(dayId);
        var (token, client) = await Flow.VerifiedAsync(invitee);
        var booked = await (await InvitationFlow.BookAsync(client, token, day.GetProperty("slots")[slot].GetProperty("id").GetString()!)).JsonAsync(HttpStatusCode.Created);
        return (booked.GetProperty("confirmationCode").GetString()!, day, invitee);
    }

    private async Task<HttpClient> ManagerAsync(string confirmationCode, string email)
    {
        var client = App.CreateClient();
        (await client.PostAsync($"/api/v1/appointments/{confirmationCode}/code", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var body = (await App.WithDbAsync(db => db.Outbox.Where(m => m.Recipient == email && m.Template == "appointment-code").OrderByDescending(m => m.CreatedAt).FirstAsync())).Body;
        var session = await (await client.PostAsJsonAsync($"/api/v1/appointments/{confirmationCode}/verify", new { code = SixDigits().Match(body).Groups[1].Value })).JsonAsync();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", session.GetProperty("sessionToken").GetString());
        return client;
    }

    [Fact]
    public async Task View_NeedsTheOneTimeCode_NotJustTheConfirmationCode()
    {
        var (code, _, invitee) = await BookedAsync();

        (await App.CreateClient().GetAsync($"/api/v1/appointments/{code}")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var manager = await ManagerAsync(code, invitee.Email);
        var view = await (await manager.GetAsync($"/api/v1/appointments/{code}")).JsonAsync();
        Assert.Equal("booked", view.GetProperty("state").GetString());
        (await App.CreateClient().GetAsync("/api/v1/appointments/NOSUCHCODE")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await (await App.CreateClient().PostAsync("/api/v1/appointments/NOSUCHCODE/code", null)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Cancel_ReleasesTheSeatExactlyOnce_EvenWhenSentManyTimesAtOnce_AndSomeoneElseCanBookItAtOnce()
    {
        var (code, day, invitee) = await BookedAsync(perSlot: 1);
        var manager = await ManagerAsync(code, invitee.Email);
        var slotId = day.GetProperty("slots")[0].GetProperty("id").GetString()!;

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => manager.PostAsync($"/api/v1/appointments/{code}/cancel", null)));

        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.OK), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
        Assert.Equal(0, await App.WithDbAsync(db => db.Slots.Where(s => s.Id == Guid.Parse(slotId)).Select(s => s.Booked).SingleAsync()));
        Assert.Equal(PersonStatus.Waiting, await App.WithDbAsync(db => db.People.Where(p => p.Id == Guid.Parse(invitee.Id)).Select(p => p.Status).SingleAsync()));

        // The freed seat can go to someone else at once. (The person who cancelled is back at their
        // old place in line, ahead of the newcomer, so this wave invites both.)
        var next = await Flow.RegisterAsync();
        await Flow.WaveAsync(day.GetProperty("id").GetString()!, new { count = 2 });
        var (token, client) = await Flow.VerifiedAsync(next);
        await (await InvitationFlow.BookAsync(client, token, slotId)).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(1, await App.WithDbAsync(db => db.Slots.Where(s => s.Id == Guid.Parse(slotId)).Select(s => s.Booked).SingleAsync()));
    }

    [Fact]
    public async Task Move_TakesTheNewSeatAndGivesBackTheOld()
    {
        var (code, day, invitee) = await BookedAsync(slot: 0);
        var manager = await ManagerAsync(code, invitee.Email);
        var from = Guid.Parse(day.GetProperty("slots")[0].GetProperty("id").GetString()!);
        var to = Guid.Parse(day.GetProperty("slots")[2].GetProperty("id").GetString()!);

        var moved = await (await manager.PostAsJsonAsync($"/api/v1/appointments/{code}/move", new { slotId = to })).JsonAsync();

        Assert.Equal(day.GetProperty("slots")[2].GetProperty("startsAt").GetDateTime(), moved.GetProperty("startsAt").GetDateTime());
        var slots = await App.WithDbAsync(db => db.Slots.Where(s => s.Id == from || s.Id == to).ToDictionaryAsync(s => s.Id, s => s.Booked));
        Assert.Equal(0, slots[from]);
        Assert.Equal(1, slots[to]);
    }

    [Fact]
    public async Task Move_ToAFullSlot_Is409_AndChangesNothing()
    {
        var (code, day, invitee) = await BookedAsync(slot: 0);
        var other = await Flow.RegisterAsync();
        await Flow.WaveAsync(day.GetProperty("id").GetString()!, new { count = 1 });
        var (token, client) = await Flow.VerifiedAsync(other);
        var full = day.GetProperty("slots")[1].GetProperty("id").GetString()!;
        await (await InvitationFlow.BookAsync(client, token, full)).JsonAsync(HttpStatusCode.Created);
        var manager = await ManagerAsync(code, invitee.Email);

        await (await manager.PostAsJsonAsync($"/api/v1/appointments/{code}/move", new { slotId = full })).AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal(2, await App.WithDbAsync(db => db.Slots.SumAsync(s => s.Booked)));
    }

    [Fact]
    public async Task CancellingDoseOne_AlsoCancelsTheDoseTwoBookedWithIt()
    {
        var (clinicId, dayId, day) = await Flow.ClinicDayAsync(date: "2027-03-01", cvx: "208");
        await Flow.ClinicDayAsync(date: "2027-03-22", cvx: "208", clinicId: clinicId);
        var invitee = await Flow.RegisterAsync();
        await Flow.WaveAsync(dayId);
        var (token, client) = await Flow.VerifiedAsync(invitee);
        var booked = await (await InvitationFlow.BookAsync(client, token, day.GetProperty("slots")[0].GetProperty("id").GetString()!)).JsonAsync(HttpStatusCode.Created);
        var code = booked.GetProperty("confirmationCode").GetString()!;
        Assert.NotNull(booked.GetProperty("secondDose").GetProperty("confirmationCode").GetString()); // dose two was booked with it
        Assert.Equal(2, await App.WithDbAsync(db => db.Slots.SumAsync(s => s.Booked)));
        var manager = await ManagerAsync(code, invitee.Email);

        await (await manager.PostAsync($"/api/v1/appointments/{code}/cancel", null)).JsonAsync();

        var appointments = await App.WithDbAsync(db => db.Appointments.ToListAsync());
        Assert.Equal([1, 2], appointments.Select(a => a.DoseNumber).Order());
        Assert.All(appointments, a => Assert.Equal(AppointmentState.Cancelled, a.State));
        Assert.Equal(0, await App.WithDbAsync(db => db.Slots.SumAsync(s => s.Booked)));
    }

    [Fact]
    public async Task CancellingDoseOne_WithDoseTwoOnlyHeld_GivesBackTheDoseHeldForIt()
    {
        // No day of this vaccine three weeks on: dose 2 cannot be booked, so a dose is held for it.
        var (clinicId, dayId, day) = await Flow.ClinicDayAsync(date: "2027-03-01", cvx: "208");
        var invitee = await Flow.RegisterAsync();
        await Flow.WaveAsync(dayId);
        var (token, client) = await Flow.VerifiedAsync(invitee);
        var booked = await (await InvitationFlow.BookAsync(client, token, day.GetProperty("slots")[0].GetProperty("id").GetString()!)).JsonAsync(HttpStatusCode.Created);
        var code = booked.GetProperty("confirmationCode").GetString()!;
        Assert.Equal("2027-03-22", booked.GetProperty("secondDose").GetProperty("reservedFrom").GetString());
        var staff = await App.CreateStaffClientAsync();
        async Task<int> HeldAsync() => (await (await staff.GetAsync($"/api/v1/admin/clinics/{clinicId}/stock")).JsonAsync()).GetProperty("products").EnumerateArray()
            .Single(p => p.GetProperty("cvxCode").GetString() == "208").GetProperty("reservedForSecondDoses").GetInt32();
        Assert.Equal(1, await HeldAsync());
        var manager = await ManagerAsync(code, invitee.Email);

        await (await manager.PostAsync($"/api/v1/appointments/{code}/cancel", null)).JsonAsync();

        Assert.Equal(0, await HeldAsync());
        var reservation = await App.WithDbAsync(db => db.SecondDoseReservations.SingleAsync());
        Assert.NotEqual(ReservationState.Waiting, reservation.State);
        await FairShot.Tests.Features.Supply.SupplyTests.LedgerAgreesAsync(App);
    }
}

public sealed class StaffBookingTests : FreshAppTest
{
    private async Task<HttpClient> StaffAsync(string role)
    {
        var admin = await Flow.AdminAsync();
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@test.local";
        var created = await (await admin.PostAsJsonAsync("/api/v1/admin/staff", new { email, displayName = "Agent " + role, roles = new[] { role } })).JsonAsync(HttpStatusCode.Created);
        return await App.CreateStaffClientAsync(email, created.GetProperty("initialPassword").GetString()!);
    }

    [Fact]
    public async Task ACallCentreAgent_BooksForANamedPerson_WithAReason_AndTheAppointmentNamesTheAgent()
    {
        var (_, _, day) = await Flow.ClinicDayAsync();
        var person = await Flow.RegisterAsync("none", age: 82);
        var agent = await StaffAsync("CallCentre");
        var slotId = day.GetProperty("slots")[0].GetProperty("id").GetString();

        var booked = await (await agent.PostAsJsonAsync($"/api/v1/admin/people/{person.Id}/appointments", new { slotId, reason = "Called the help line; has no e-mail access." }))
            .JsonAsync(HttpStatusCode.Created);

        var appointment = await App.WithDbAsync(db => db.Appointments.SingleAsync());
        Assert.Equal(booked.GetProperty("confirmationCode").GetString(), appointment.ConfirmationCode);
        Assert.Null(appointment.InvitationId);
        Assert.NotNull(appointment.BookedByStaffId);
        Assert.Equal("Called the help line; has no e-mail access.", appointment.StaffReason);
        await App.SealAuditLogAsync();
        var entry = await App.WithDbAsync(db => db.AuditEntries.SingleAsync(e => e.Action == "appointment.booked"));
        Assert.Equal(FairShot.Domain.ActorKind.Staff, entry.ActorKind);
        Assert.Equal(appointment.BookedByStaffId.ToString(), entry.ActorId);
    }

    [Fact]
    public async Task StaffBooking_WithoutAReason_Is400_AndBySchedulers_Is403()
    {
        var (_, _, day) = await Flow.ClinicDayAsync();
        var person = await Flow.RegisterAsync();
        var slotId = day.GetProperty("slots")[0].GetProperty("id").GetString();

        await (await (await StaffAsync("CallCentre")).PostAsJsonAsync($"/api/v1/admin/people/{person.Id}/appointments", new { slotId }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "reason");
        (await (await StaffAsync("Scheduler")).PostAsJsonAsync($"/api/v1/admin/people/{person.Id}/appointments", new { slotId, reason = "x" }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        Assert.Equal(0, await App.WithDbAsync(db => db.Appointments.CountAsync()));
    }
}
