using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using FairShot.Data;
using FairShot.Domain;
using FairShot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Tests.Features;

public sealed class BookingConcurrencyTests
{
    [Fact]
    public async Task FiveHundredVerifiedInvitees_AtOnce_ForAHundredSeats_BookExactlyAHundred()
    {
        await using var app = new FairShotApp();
        await app.InitializeAsync();
        var flow = new InvitationFlow(app);
        var (_, dayId, _) = await flow.ClinicDayAsync(slots: 10, perSlot: 10, cvx: "212");

        // 500 people who each opened their link, got the code and proved their date of birth.
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var invitees = await app.WithDbAsync(async db =>
        {
            var phase = await db.Phases.SingleAsync(p => p.Code == "1a");
            var group = await db.PriorityGroups.SingleAsync(g => g.Code == "healthcare-workers");
            var list = new List<(string Token, string Session)>();
            for (var i = 0; i < 500; i++)
            {
                var person = Person.Register(new Person.Details($"Racer{i}", "Crowd", new DateOnly(1980, 1, 1).AddDays(i), $"racer{i}@example.org", null,
                    "63050", "healthcare", "home", [], "en"), now, RegistrationSource.Self, null);
                person.AssignGroup(phase, group, InvitationFlow.Today);
                db.People.Add(person);
                var (invitation, token) = Invitation.Issue(person.Id, Guid.Empty, InvitationKind.Wave, 1, "212", Guid.Parse(dayId), null, null, now, TimeSpan.FromHours(48), Actor.System);
                db.Invitations.Add(invitation);
                var session = Invitation.NewToken();
                db.InvitationSessions.Add(new InvitationSession(invitation.Id, Invitation.HashToken(session), "email", now));
                list.Add((token, session));
            }
            await db.SaveChangesAsync();
            return list;
        });
        var slotIds = await app.WithDbAsync(db => db.Slots.Where(s => s.ClinicDayId == Guid.Parse(dayId)).Select(s => s.Id.ToString()).ToListAsync());

        var outcomes = await Task.WhenAll(invitees.Select(async (invitee, i) =>
        {
            var client = app.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", invitee.Session);
            var slot = slotIds[i % slotIds.Count];
            for (var attempt = 0; attempt < 20; attempt++)
            {
                var response = await InvitationFlow.BookAsync(client, invitee.Token, slot, $"key-{i}-{attempt}");
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    return response.StatusCode;
                }
                Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
                var problem = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
                var alternatives = problem.GetProperty("alternatives");
                if (alternatives.GetArrayLength() == 0)
                {
                    return response.StatusCode;
                }
                slot = alternatives[Random.Shared.Next(alternatives.GetArrayLength())].GetProperty("id").GetString()!;
            }
            return HttpStatusCode.RequestTimeout;
        }));

        Assert.Equal(100, outcomes.Count(o => o == HttpStatusCode.Created));
        Assert.Equal(400, outcomes.Count(o => o == HttpStatusCode.Conflict));
        var slots = await app.WithDbAsync(db => db.Slots.Where(s => s.ClinicDayId == Guid.Parse(dayId)).ToListAsync());
        Assert.All(slots, s => Assert.Equal(s.Capacity, s.Booked)); // every seat used, none over
        var appointments = await app.WithDbAsync(db => db.Appointments.ToListAsync());
        Assert.Equal(100, appointments.Count);
        Assert.Equal(100, appointments.Select(a => a.PersonId).Distinct().Count());
        Assert.All(slots, s => Assert.Equal(s.Booked, appointments.Count(a => a.SlotId == s.Id)));
        Assert.Equal(100, await app.WithDbAsync(db => db.Invitations.CountAsync(i => i.State == InvitationState.Used)));
    }
}
