using System.Net;
using System.Net.Http.Json;
using FairShot.Domain;
using FairShot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Tests.Features;

public sealed class InvitationTests : FreshAppTest
{
    [Fact]
    public async Task Wave_InvitesTheNextPeopleInLine_FromOpenPhasesOnly_EachWithAPersonalLinkInTheirLanguage()
    {
        var (_, dayId, _) = await Flow.ClinicDayAsync();
        var nurse = await Flow.RegisterAsync("healthcare");
        var enfermera = await Flow.RegisterAsync("healthcare", language: "es");
        var elder = await Flow.RegisterAsync("none", age: 80); // 1b: closed

        var wave = await Flow.WaveAsync(dayId, new { count = 10 });

        Assert.Equal(2, wave.GetProperty("issued").GetInt32());
        var messages = await App.WithDbAsync(db => db.Outbox.Where(m => m.Template == "invitation").ToListAsync());
        Assert.Equal(new[] { enfermera.Email, nurse.Email }.Order(StringComparer.Ordinal), messages.Select(m => m.Recipient).Order(StringComparer.Ordinal));
        Assert.Contains("Este enlace es solo para usted", messages.Single(m => m.Recipient == enfermera.Email).Body, StringComparison.Ordinal);
        Assert.Contains("a forwarded link will not work", messages.Single(m => m.Recipient == nurse.Email).Body, StringComparison.Ordinal);
        Assert.NotEqual(await Flow.LinkTokenAsync(nurse.Email), await Flow.LinkTokenAsync(enfermera.Email));
        // only the hash is stored
        var token = await Flow.LinkTokenAsync(nurse.Email);
        Assert.False(await App.WithDbAsync(db => db.Invitations.AnyAsync(i => i.TokenHash == token)));
        Assert.Equal(0, await App.WithDbAsync(db => db.Invitations.CountAsync(i => i.PersonId == Guid.Parse(elder.Id))));
    }

    [Fact]
    public async Task Wave_WithTwoPhasesOpen_TakesTheEarlierPhaseFirst_ThenFillsFromTheNext()
    {
        // The selection runs one query per open phase, in rank order, each taking only what is left of the count.
        var (_, dayId, _) = await Flow.ClinicDayAsync();
        var teacher = await Flow.RegisterAsync("teacher"); // 1b, frontline essential, registered first
        var elder = await Flow.RegisterAsync("none", age: 80); // 1b, 75 and over
        var nurse = await Flow.RegisterAsync("healthcare"); // 1a, registered last
        var admin = await Flow.AdminAsync();
        await (await admin.PostAsync("/api/v1/admin/phases/1b/open", null)).JsonAsync();

        Assert.Equal(2, (await Flow.WaveAsync(dayId, new { count = 2 })).GetProperty("issued").GetInt32());
        var first = await App.WithDbAsync(db => db.Invitations.Select(i => i.PersonId).ToListAsync());
        Assert.Equal(new[] { nurse.Id, elder.Id }.Order(), first.Select(i => i.ToString()).Order());

        Assert.Equal(1, (await Flow.WaveAsync(dayId, new { count = 5 })).GetProperty("issued").GetInt32());
        Assert.Equal(1, await App.WithDbAsync(db => db.Invitations.CountAsync(i => i.PersonId == Guid.Parse(teacher.Id))));
    }

    [Fact]
    public async Task Wave_Again_DoesNotReinvitePeopleHoldingALiveInvitation()
    {
        var (_, dayId, _) = await Flow.ClinicDayAsync();
        await Flow.RegisterAsync();
        await Flow.RegisterAsync();

        Assert.Equal(2, (await Flow.WaveAsync(dayId)).GetProperty("issued").GetInt32());
        Assert.Equal(0, (await Flow.WaveAsync(dayId)).GetProperty("issued").GetInt32());

        App.Clock.Advance(TimeSpan.FromHours(49)); // the first invitations lapse
        Assert.Equal(2, (await Flow.WaveAsync(dayId)).GetProperty("issued").GetInt32());
    }

    [Fact]
    public async Task Wave_WithoutCount_IsSizedFromFreeSeatsAndTheAcceptanceRate()
    {
        var (_, dayId, _) = await Flow.ClinicDayAsync(slots: 1, perSlot: 3); // 3 seats
        for (var i = 0; i < 10; i++)
        {
            await Flow.RegisterAsync();
        }

        var wave = await Flow.WaveAsync(dayId, new { });

        // no history: the prior acceptance of 0.5 -> 3 / 0.5 = 6 invitations
        Assert.Equal(0.5, wave.GetProperty("acceptanceRate").GetDouble());
        Assert.Equal(6, wave.GetProperty("issued").GetInt32());
        Assert.Equal(0, (await Flow.WaveAsync(dayId, new { })).GetProperty("issued").GetInt32()); // 6 outstanding x 0.5 covers 3 seats
    }

    [Theory]
    [InlineData("{\"count\": 0}", "count")]
    [InlineData("{\"expiresInHours\": 0}", "expiresInHours")]
    [InlineData("{\"fromDate\": \"2027-03-10\", \"toDate\": \"2027-03-01\"}", "fromDate")]
    [InlineData("{\"fromDate\": \"9999-12-01\", \"toDate\": \"9999-12-02\"}", "fromDate")]
    [InlineData("{\"fromDate\": \"9999-12-31\", \"toDate\": \"9999-12-31\"}", "fromDate")]
    public async Task Wave_InvalidInput_Is400(string json, string field)
    {
        var (_, dayId, _) = await Flow.ClinicDayAsync();
        var admin = await Flow.AdminAsync();

        var response = await admin.PostAsync($"/api/v1/admin/clinic-days/{dayId}/invitations", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task SharedLink_ASecondPersonCannotGetOrGuessTheCode_NorVerifyWithTheBirthDateAlone_NorBook()
    {
        var (_, dayId, day) = await Flow.ClinicDayAsync();
        var invitee = await Flow.RegisterAsync();
        await Flow.WaveAsync(dayId);
        var token = await Flow.LinkTokenAsync(invitee.Email);
        var stranger = App.CreateClient();
        stranger.DefaultRequestHeaders.UserAgent.ParseAdd("StrangersPhone/1.0");
        var slotId = day.GetProperty("slots")[0].GetProperty("id").GetString()!;

        // Asking for a code sends it to the invitee, never to the stranger; the answer masks the address.
        var sent = await (await Flow.RequestCodeAsync(token, stranger)).JsonAsync(HttpStatusCode.Accepted);
        var masked = sent.GetProperty("sentTo").GetString()!;
        Assert.DoesNotContain(invitee.Email, masked, StringComparison.Ordinal);
        Assert.StartsWith(invitee.Email[..1], masked, StringComparison.Ordinal);
        Assert.Equal(1, await App.WithDbAsync(db => db.Outbox.CountAsync(m => m.Template == "invitation-code" && m.Recipient == invitee.Email)));
        Assert.Equal(1, await App.WithDbAsync(db => db.Outbox.CountAsync(m => m.Template == "invitation-code")));

        // Knowing the birth date is not enough: guessing the code fails, and five wrong tries lock the code.
        var realCode = await Flow.LatestCodeAsync(invitee.Email);
        foreach (var guess in new[] { "000000", "123456", "111111", "999999", "654321" }.Where(g => g != realCode))
        {
            await (await Flow.VerifyAsync(token, guess, invitee.DateOfBirth, stranger)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        }
        if (realCode is "000000" or "123456" or "111111" or "999999" or "654321")
        {
            await (await Flow.VerifyAsync(token, "222222", invitee.DateOfBirth, stranger)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        }
        await (await Flow.VerifyAsync(token, realCode, invitee.DateOfBirth, stranger)).AssertProblemAsync(HttpStatusCode.Unauthorized);

        // No session, no booking; a made-up session token is no session either.
        await (await InvitationFlow.BookAsync(stranger, token, slotId)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        stranger.DefaultRequestHeaders.Authorization = new("Bearer", Invitation.NewToken());
        await (await InvitationFlow.BookAsync(stranger, token, slotId)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        (await stranger.GetAsync($"/api/v1/invitations/{token}/slots")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        // The invitation shows the signs of sharing.
        var admin = await Flow.AdminAsync();
        var flagged = await (await admin.GetAsync("/api/v1/admin/invitations?flagged=true")).JsonAsync();
        var signals = Assert.Single(flagged.EnumerateArray());
        Assert.True(signals.GetProperty("failedCodes").GetInt32() >= 3);
        Assert.True(signals.GetProperty("possiblyShared").GetBoolean());
        Assert.Equal(0, await App.WithDbAsync(db => db.Appointments.CountAsync()));
    }

    [Fact]
    public async Task Verify_WithTheRightCodeButAWrongBirthDate_Fails_AndIsCounted()
    {
        var (_, dayId, _) = await Flow.ClinicDayAsync();
        var invitee = await Flow.RegisterAsync();
        await Flow.WaveAsync(dayId);
        var token = await Flow.LinkTokenAsync(invitee.Email);
        await Flow.RequestCodeAsync(token);
        var code = await Flow.LatestCodeAsync(invitee.Email);

        var wrongBirth = await (await Flow.VerifyAsync(token, code, invitee.DateOfBirth.AddYears(-1))).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var wrongCode = await (await Flow.VerifyAsync(token, code == "000000" ? "000001" : "000000", invitee.DateOfBirth)).AssertProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal(wrongBirth.GetProperty("detail").GetString(), wrongCode.GetProperty("detail").GetString()); // the answer does not say which
        var invitation = await App.WithDbAsync(db => db.Invitations.SingleAsync());
        Assert.Equal(1, invitation.WrongBirthDates);
        Assert.Equal(1, invitation.FailedCodes);
    }

    [Fact]
    public async Task Code_ExpiresAfterTenMinutes()
    {
        var (_, dayId, _) = await Flow.ClinicDayAsync();
        var invitee = await Flow.RegisterAsync();
        await Flow.WaveAsync(dayId);
        var token = await Flow.LinkTokenAsync(invitee.Email);
        await Flow.RequestCodeAsync(token);
        var code = await Flow.LatestCodeAsync(invitee.Email);

        App.Clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));

        await (await Flow.VerifyAsync(token, code, invitee.DateOfBirth)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Book_WithAVerifiedSession_Books_WithProvenance_AuditAndConfirmation()
    {
        var (_, dayId, day) = await Flow.ClinicDayAsync();
        var invitee = await Flow.RegisterAsync();
        await Flow.WaveAsync(dayId);
        var (token, client) = await Flow.VerifiedAsync(invitee);
        var slots = await (await client.GetAsync($"/api/v1/invitations/{token}/slots")).JsonAsync();
        Assert.Equal(4, slots.GetArrayLength());
        var slotId = slots[1].GetProperty("id").GetString()!;

        var booked = await (await InvitationFlow.BookAsync(client, token, slotId)).JsonAsync(HttpStatusCode.Created);

        var code = booked.GetProperty("confirmationCode").GetString()!;
        Assert.Equal(10, code.Length);
        Assert.Equal(day.GetProperty("slots")[1].GetProperty("startsAt").GetDateTime(), booked.GetProperty("startsAt").GetDateTime());
        Assert.Equal("1 Main St, Hillsboro, MO", booked.GetProperty("clinic").GetProperty("address").GetString());
        var appointment = await App.WithDbAsync(db => db.Appointments.SingleAsync());
        Assert.Equal(Guid.Parse(invitee.Id), appointment.PersonId);
        Assert.NotNull(appointment.InvitationId);
        Assert.Equal("email", appointment.VerifiedContact);
        Assert.Equal(1, await App.WithDbAsync(db => db.Slots.Where(s => s.Id == Guid.Parse(slotId)).Select(s => s.Booked).SingleAsync()));
        Assert.Equal(InvitationState.Used, await App.WithDbAsync(db => db.Invitations.Select(i => i.State).SingleAsync()));
        Assert.Equal(PersonStatus.Booked, await App.WithDbAsync(db => db.People.Where(p => p.Id == Guid.Parse(invitee.Id)).Select(p => p.Status).SingleAsync()));
        var confirmation = await App.WithDbAsync(db => db.Outbox.SingleAsync(m => m.Recipient == invitee.Email && m.Template == "booked"));
        Assert.Contains(code, confirmation.Body, StringComparison.Ordinal);
        Assert.Contains("1 Main St, Hillsboro, MO", confirmation.Body, StringComparison.Ordinal);
        Assert.Equal(1, await App.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "appointment.booked")));
    }

    [Fact]
    public async Task Book_RetriedWithTheSameIdempotencyKey_ReturnsTheSameAnswer_AndBooksOnce()
    {
        var (_, dayId, day) = await Flow.ClinicDayAsync();
        var invitee = await Flow.RegisterAsync();
        await Flow.WaveAsync(dayId);
        var (token, client) = await Flow.VerifiedAsync(invitee);
        var slotId = day.GetProperty("slots")[0].GetProperty("id").GetString()!;
        var key = Guid.NewGuid().ToString();

        var first = await (await InvitationFlow.BookAsync(client, token, slotId, key)).JsonAsync(HttpStatusCode.Created);
        var retries = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => InvitationFlow.BookAsync(client, token, slotId, key)));

        foreach (var retry in retries)
        {
            Assert.Equal(first.GetProperty("confirmationCode").GetString(), (await retry.JsonAsync(HttpStatusCode.Created)).GetProperty("confirmationCode").GetString());
        }
        Assert.Equal(1, await App.WithDbAsync(db => db.Appointments.CountAsync()));
        Assert.Equal(1, await App.WithDbAsync(db => db.Slots.SumAsync(s => s.Booked)));
        // A new key on a used invitation is a 410, not a second appointment.
        await (await InvitationFlow.BookAsync(client, token, slotId)).AssertProblemAsync(HttpStatusCode.Gone);
        await (await Flow.RequestCodeAsync(token)).AssertProblemAsync(HttpStatusCode.Gone);
    }

    [Fact]
    public async Task Book_AFullSlot_Is409WithAlternatives()
    {
        var (_, dayId, day) = await Flow.ClinicDayAsync(slots: 2, perSlot: 1);
        var a = await Flow.RegisterAsync();
        var b = await Flow.RegisterAsync();
        await Flow.WaveAsync(dayId);
        var (tokenA, clientA) = await Flow.VerifiedAsync(a);
        var (tokenB, clientB) = await Flow.VerifiedAsync(b);
        var first = day.GetProperty("slots")[0].GetProperty("id").GetString()!;
        var second = day.GetProperty("slots")[1].GetProperty("id").GetString()!;
        await (await InvitationFlow.BookAsync(clientA, tokenA, first)).JsonAsync(HttpStatusCode.Created);

        var full = await (await InvitationFlow.BookAsync(clientB, tokenB, first)).AssertProblemAsync(HttpStatusCode.Conflict);

        var alternatives = full.GetProperty("alternatives").EnumerateArray().Select(s => s.GetProperty("id").GetString()).ToList();
        Assert.Equal([second], alternatives);
        await (await InvitationFlow.BookAsync(clientB, tokenB, second)).JsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task ExpiredAndRevokedInvitations_Answer410()
    {
        var (_, dayId, _) = await Flow.ClinicDayAsync();
        var late = await Flow.RegisterAsync();
        var wave = await Flow.WaveAsync(dayId, new { count = 1, expiresInHours = 1 });
        var lateToken = await Flow.LinkTokenAsync(late.Email);
        var revokedPerson = await Flow.RegisterAsync();
        var wave2 = await Flow.WaveAsync(dayId, new { count = 1 });
        var revokedToken = await Flow.LinkTokenAsync(revokedPerson.Email);
        var admin = await Flow.AdminAsync();

        var revoked = await (await admin.PostAsync($"/api/v1/admin/waves/{wave2.GetProperty("waveId").GetString()}/revoke", null)).JsonAsync();
        Assert.Equal(1, revoked.GetProperty("revoked").GetInt32());
        await (await Flow.RequestCodeAsync(revokedToken)).AssertProblemAsync(HttpStatusCode.Gone);

        App.Clock.Advance(TimeSpan.FromMinutes(61));
        await (await Flow.RequestCodeAsync(lateToken)).AssertProblemAsync(HttpStatusCode.Gone);
        await (await Flow.RequestCodeAsync(Invitation.NewToken())).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await Flow.RequestCodeAsync("short")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.NotNull(wave.GetProperty("waveId").GetString());
    }

    [Fact]
    public async Task BookingDoseOneOfATwoDoseProduct_AlsoBooksDoseTwo_AtTheSameClinic_AtASimilarTime()
    {
        var (clinicId, dayId, day) = await Flow.ClinicDayAsync(date: "2027-03-01", cvx: "208", opensAt: "09:00", slots: 8);
        var (_, _, later) = await Flow.ClinicDayAsync(date: "2027-03-22", cvx: "208", clinicId: clinicId, opensAt: "08:00", slots: 16);
        var invitee = await Flow.RegisterAsync();
        await Flow.WaveAsync(dayId);
        var (token, client) = await Flow.VerifiedAsync(invitee);
        var slot = day.GetProperty("slots")[4]; // 10:00 local

        var booked = await (await InvitationFlow.BookAsync(client, token, slot.GetProperty("id").GetString()!)).JsonAsync(HttpStatusCode.Created);

        var second = booked.GetProperty("secondDose");
        var expected = later.GetProperty("slots")[8]; // 10:00 local, 21 days later
        Assert.Equal(expected.GetProperty("startsAt").GetDateTime(), second.GetProperty("startsAt").GetDateTime());
        var doses = await App.WithDbAsync(db => db.Appointments.OrderBy(a => a.DoseNumber).ToListAsync());
        Assert.Equal([1, 2], doses.Select(a => a.DoseNumber));
        Assert.Equal(doses[0].Id, doses[1].PreviousDoseAppointmentId);
    }

    [Fact]
    public async Task BookingDoseOne_WithNoClinicDayForDoseTwo_HoldsASecondDoseReservation()
    {
        var (_, dayId, day) = await Flow.ClinicDayAsync(cvx: "207");
        var invitee = await Flow.RegisterAsync();
        await Flow.WaveAsync(dayId);
        var (token, client) = await Flow.VerifiedAsync(invitee);

        var booked = await (await InvitationFlow.BookAsync(client, token, day.GetProperty("slots")[0].GetProperty("id").GetString()!)).JsonAsync(HttpStatusCode.Created);

        Assert.Equal("2027-03-29", booked.GetProperty("secondDose").GetProperty("reservedFrom").GetString()); // 28 days for Moderna
        var reservation = await App.WithDbAsync(db => db.SecondDoseReservations.SingleAsync());
        Assert.Equal(Guid.Parse(invitee.Id), reservation.PersonId);
        Assert.Equal(1, await App.WithDbAsync(db => db.Appointments.CountAsync()));
    }

    [Fact]
    public async Task TheDatabase_RefusesASecondActiveAppointmentForTheSamePersonAndDose()
    {
        var (_, dayId, day) = await Flow.ClinicDayAsync();
        var invitee = await Flow.RegisterAsync();
        await Flow.WaveAsync(dayId);
        var (token, client) = await Flow.VerifiedAsync(invitee);
        await (await InvitationFlow.BookAsync(client, token, day.GetProperty("slots")[0].GetProperty("id").GetString()!)).JsonAsync(HttpStatusCode.Created);

        await Assert.ThrowsAsync<DbUpdateException>(() => App.WithDbAsync(async db =>
        {
            var slot = await db.Slots.FirstAsync();
            db.Appointments.Add(Appointment.ByStaff(Guid.Parse(invitee.Id), slot, 1, Guid.NewGuid(), "test", DateTime.UtcNow));
            return await db.SaveChangesAsync();
        }));
    }
}
