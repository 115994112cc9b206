using System.Net;
using System.Text.RegularExpressions;
using FairShot.Domain;
using FairShot.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Tests.Features.Invitations;

/// <summary>
/// The console's invitation and booking forms over HTTP on the suite's database (their queries run
/// on SQLite and PostgreSQL): a wave from the clinic day page, revoking a flagged link, and booking
/// for a named person with a reason.
/// </summary>
public sealed partial class InvitationConsoleTests : FreshAppTest
{
    [GeneratedRegex("name=\"BookingKey\" value=\"([^\"]+)\"")]
    private static partial Regex BookingKey();

    private async Task<HttpClient> SignedInAsync()
    {
        var client = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var signedIn = await Forms.PostAsync(client, "/console/login", "/console/login", ("Email", FairShotApp.AdminEmail), ("Password", FairShotApp.AdminPassword));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return client;
    }

    [Fact]
    public async Task ClinicDay_InviteWithoutANumber_SizesTheWaveFromFreeSeats_AndAWordIsRefused()
    {
        var (_, dayId, _) = await Flow.ClinicDayAsync(slots: 2, perSlot: 2);
        var invitees = new[] { await Flow.RegisterAsync(), await Flow.RegisterAsync() };
        var client = await SignedInAsync();
        var page = $"/console/clinic-days/{dayId}";

        var word = await Forms.PostAsync(client, page, page + "?handler=Invite", ("Count", "fifty"));
        var sized = await Forms.PostAsync(client, page, page + "?handler=Invite", ("Count", ""));
        var shown = await client.GetStringAsync(page);

        Assert.Contains("Enter how many people to invite as a whole number, like 50, or leave it empty.", await word.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, sized.StatusCode);
        Assert.Contains("Invited 2 people", shown, StringComparison.Ordinal); // 4 free seats at 50% would be 8; two are waiting
        Assert.Contains("4 free seats, 0 open invitations", shown, StringComparison.Ordinal);
        Assert.Equal(2, await App.WithDbAsync(db => db.Invitations.CountAsync(i => i.ClinicDayId == Guid.Parse(dayId))));
        var invited = await App.WithDbAsync(db => db.Outbox.Where(m => m.Template == "invitation").Select(m => m.Recipient).ToListAsync());
        Assert.Equal(invitees.Select(i => i.Email).Order(StringComparer.Ordinal), invited.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task FlaggedInvitations_ListsALinkWithWrongCodes_AndRevokeStopsIt()
    {
        var (_, dayId, _) = await Flow.ClinicDayAsync();
        var invitee = await Flow.RegisterAsync();
        await Flow.WaveAsync(dayId);
        var token = await Flow.LinkTokenAsync(invitee.Email);
        for (var i = 0; i < 3; i++)
        {
            await Flow.VerifyAsync(token, "123456", invitee.DateOfBirth);
        }
        var invitationId = await App.WithDbAsync(db => db.Invitations.Where(i => i.PersonId == Guid.Parse(invitee.Id)).Select(i => i.Id).SingleAsync());
        var client = await SignedInAsync();

        var list = await client.GetStringAsync("/console/invitations");
        var revoked = await Forms.PostAsync(client, "/console/invitations", "/console/invitations?handler=Revoke", ("invitationId", invitationId.ToString()));
        var after = await client.GetStringAsync("/console/invitations");

        Assert.Contains($"/console/registrations/{invitee.Id}", list, StringComparison.Ordinal);
        Assert.Contains($"value=\"{invitationId}\"", list, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Contains("is revoked: its link no longer works", after, StringComparison.Ordinal);
        Assert.DoesNotContain($"value=\"{invitationId}\"", after, StringComparison.Ordinal);
        Assert.Equal(InvitationState.Revoked, await App.WithDbAsync(db => db.Invitations.Where(i => i.Id == invitationId).Select(i => i.State).SingleAsync()));
        Assert.Equal(HttpStatusCode.Gone, (await App.CreateClient().GetAsync($"/i/{token}")).StatusCode);
    }

    [Fact]
    public async Task BookForThisPerson_NeedsAReason_ThenBooksOnceAndRecordsTheAgent()
    {
        var (_, dayId, day) = await Flow.ClinicDayAsync(slots: 2, perSlot: 1);
        var person = await Flow.RegisterAsync(occupation: "none", age: 80); // phase 1b, not invited: booked by phone
        var client = await SignedInAsync();
        var page = $"/console/registrations/{person.Id}?day={dayId}";
        var slotId = day.GetProperty("slots")[1].GetProperty("id").GetString()!;
        var form = await client.GetStringAsync(page);
        var key = BookingKey().Match(form).Groups[1].Value;

        var noReason = await Forms.PostAsync(client, page, $"/console/registrations/{person.Id}?handler=Book&day={dayId}", ("SlotId", slotId), ("BookingKey", key));
        var booked = await Forms.PostAsync(client, page, $"/console/registrations/{person.Id}?handler=Book&day={dayId}", ("SlotId", slotId), ("Reason", "Called the help line."), ("BookingKey", key));
        var again = await Forms.PostAsync(client, page, $"/console/registrations/{person.Id}?handler=Book&day={dayId}", ("SlotId", slotId), ("Reason", "Called the help line."), ("BookingKey", key));
        var shown = await client.GetStringAsync($"/console/registrations/{person.Id}");

        Assert.Contains("Say why you are booking for this person", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, booked.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode); // the same key: the same answer, no second booking
        var appointment = await App.WithDbAsync(db => db.Appointments.SingleAsync(a => a.PersonId == Guid.Parse(person.Id)));
        Assert.Equal("Called the help line.", appointment.StaffReason);
        Assert.NotNull(appointment.BookedByStaffId);
        Assert.Equal(1, await App.WithDbAsync(db => db.Slots.Where(s => s.Id == Guid.Parse(slotId)).Select(s => s.Booked).SingleAsync()));
        Assert.Contains(appointment.ConfirmationCode, shown, StringComparison.Ordinal);
        Assert.Contains("already has a first-dose appointment", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Book", shown, StringComparison.Ordinal);
    }
}
