using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using FairShot.Domain;
using FairShot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Tests.Features;

public sealed partial class StandbyTests : FreshAppTest
{
    [GeneratedRegex(@"/i/([A-Za-z0-9_-]{43})")]
    private static partial Regex LinkPattern();

    /// <summary>People on standby for a clinic, registered through the API and put on standby by an agent.</summary>
    private async Task<List<InvitationFlow.Invitee>> StandbyPeopleAsync(string clinicId, int count)
    {
        var admin = await Flow.AdminAsync();
        var people = new List<InvitationFlow.Invitee>();
        for (var i = 0; i < count; i++)
        {
            var person = await Flow.RegisterAsync();
            (await admin.PutAsJsonAsync($"/api/v1/admin/people/{person.Id}/standby", new { clinicIds = new[] { clinicId } })).EnsureSuccessStatusCode();
            people.Add(person);
        }
        return people;
    }

    [Fact]
    public async Task StandbyOffersForTenSeats_ToFortyPeople_EndWithExactlyTenBookings_AndThirtyToldTheSeatIsGone()
    {
        // Today (2027-02-01, 09:00 in Chicago): a noon session of 10 seats.
        var (clinicId, dayId, _) = await Flow.ClinicDayAsync(date: "2027-02-01", slots: 2, perSlot: 5, opensAt: "12:00");
        var people = await StandbyPeopleAsync(clinicId, 40);
        await Flow.RegisterAsync(); // in line, but not on standby: never offered
        var admin = await Flow.AdminAsync();

        var offer = await (await admin.PostAsJsonAsync($"/api/v1/admin/clinic-days/{dayId}/standby-offers", new { seats = 10 })).JsonAsync();
        Assert.Equal(40, offer.GetProperty("offered").GetInt32());
        Assert.Equal(40, await App.WithDbAsync(db => db.Outbox.CountAsync(m => m.Template == "standby-offer")));

        // Everyone proves who they are and tries to book at once.
        var now = App.Clock.GetUtcNow().UtcDateTime;
        var slots = await App.WithDbAsync(db => db.Slots.Where(s => s.ClinicDayId == Guid.Parse(dayId)).Select(s => s.Id.ToString()).ToListAsync());
        var contenders = await App.WithDbAsync(async db =>
        {
            var list = new List<(string Email, string Token, string Session)>();
            foreach (var message in await db.Outbox.Where(m => m.Template == "standby-offer").ToListAsync())
            {
                var token = LinkPattern().Match(message.Body).Groups[1].Value;
                var invitation = await db.Invitations.SingleAsync(i => i.TokenHash == Invitation.HashToken(token));
                var session = Invitation.NewToken();
                db.InvitationSessions.Add(new InvitationSession(invitation.Id, Invitation.HashToken(session), "email", now));
                list.Add((message.Recipient, token, session));
            }
            await db.SaveChangesAsync();
            return list;
        });
        var outcomes = await Task.WhenAll(contenders.Select(async (c, i) =>
        {
            var client = App.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", c.Session);
            return (c.Email, (await InvitationFlow.BookAsync(client, c.Token, slots[i % slots.Count])).StatusCode);
        }));

        var winners = outcomes.Where(o => o.StatusCode == HttpStatusCode.Created).Select(o => o.Email).ToList();
        Assert.Equal(10, winners.Count);
        Assert.All(outcomes.Where(o => o.StatusCode != HttpStatusCode.Created), o => Assert.Contains(o.StatusCode, new[] { HttpStatusCode.Conflict, HttpStatusCode.Gone }));
        Assert.Equal(10, await App.WithDbAsync(db => db.Appointments.CountAsync(a => a.ClinicDayId == Guid.Parse(dayId))));
        Assert.All(await App.WithDbAsync(db => db.Slots.Where(s => s.ClinicDayId == Guid.Parse(dayId)).ToListAsync()), s => Assert.Equal(s.Capacity, s.Booked));
        var told = await App.WithDbAsync(db => db.Outbox.Where(m => m.Template == "standby-gone").Select(m => m.Recipient).ToListAsync());
        Assert.Equal(30, told.Count);
        Assert.Equal(people.Select(p => p.Email).Except(winners).Order(), told.Order());
    }

    [Fact]
    public async Task LeftoverDoses_OpenAClosingSlot_AndOfferItToStandbyAtOnce()
    {
        var (clinicId, dayId, _) = await Flow.ClinicDayAsync(date: "2027-02-01", slots: 2, perSlot: 1, opensAt: "12:00");
        await StandbyPeopleAsync(clinicId, 5);
        var admin = await Flow.AdminAsync();

        var offer = await (await admin.PostAsJsonAsync($"/api/v1/admin/clinic-days/{dayId}/leftover-doses", new { doses = 3 })).JsonAsync();

        var closing = await App.WithDbAsync(db => db.Slots.Where(s => s.ClinicDayId == Guid.Parse(dayId)).OrderByDescending(s => s.StartsAt).FirstAsync());
        Assert.Equal(3, closing.Capacity);
        Assert.Equal(3, offer.GetProperty("seats").GetInt32());
        Assert.Equal(5, offer.GetProperty("offered").GetInt32()); // 12 wanted, 5 on standby
        Assert.All(await App.WithDbAsync(db => db.Invitations.ToListAsync()), i =>
        {
            Assert.Equal(InvitationKind.Standby, i.Kind);
            Assert.Equal(TimeSpan.FromMinutes(20), i.ExpiresAt - i.IssuedAt);
        });
        await (await admin.PostAsJsonAsync($"/api/v1/admin/clinic-days/{dayId}/leftover-doses", new { doses = 0 })).AssertProblemAsync(HttpStatusCode.BadRequest, "doses");
    }
}

public sealed class StandbyOptInTests
{
    [Fact]
    public async Task ARegistrant_CanOptIntoStandby_WhenRegistering_ForClinicsThatExist()
    {
        await using var app = new FairShotApp();
        await app.InitializeAsync();
        var flow = new InvitationFlow(app);
        var (clinicId, _, _) = await flow.ClinicDayAsync();
        var body = new
        {
            firstName = "Stan",
            lastName = "By",
            dateOfBirth = "1950-01-01",
            email = "stan@example.org",
            zipCode = "63050",
            occupation = "none",
            setting = "home",
            standbyClinicIds = new[] { clinicId },
        };

        await (await app.CreateClient().PostAsJsonAsync("/api/v1/registrations", body)).JsonAsync(HttpStatusCode.Created);
        await (await app.CreateClient().PostAsJsonAsync("/api/v1/registrations", body with { email = "other@example.org", firstName = "Other", standbyClinicIds = new[] { Guid.NewGuid().ToString() } }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "standbyClinicIds");

        var person = await app.WithDbAsync(db => db.People.SingleAsync());
        Assert.Contains(clinicId, person.StandbyClinics, StringComparison.Ordinal);
        Assert.NotNull(person.StandbySince);
    }
}
