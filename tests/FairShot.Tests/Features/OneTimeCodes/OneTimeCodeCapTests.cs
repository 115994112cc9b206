using System.Net;
using System.Net.Http.Json;
using FairShot.Domain;
using FairShot.Features.Invitations;
using FairShot.Features.Status;
using FairShot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Tests.Features.OneTimeCodes;

/// <summary>
/// The daily caps on codes hold under a burst: sixty requests at once for one subject issue exactly
/// the cap, on SQLite and on PostgreSQL (where counting inside a READ COMMITTED transaction alone let
/// 14 status codes and 11 appointment codes through a cap of 10).
/// </summary>
public sealed class OneTimeCodeCapTests : FreshAppTest
{
    private const int Burst = 60;

    [Fact]
    public async Task StatusCode_SixtyRequestsAtOnce_SendExactlyTheDailyCap()
    {
        var invitee = await Flow.RegisterAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, Burst).Select(_ =>
            App.CreateClient().PostAsJsonAsync("/api/v1/registrations/status/code", new { contact = invitee.Email })));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Accepted, a.StatusCode)); // capped or not, the same answer
        var subject = OneTimeCode.HashSubject(invitee.Email);
        Assert.Equal(StatusLookup.DailySendCap, await App.WithDbAsync(db => db.Outbox.CountAsync(m => m.Recipient == invitee.Email && m.Template == "status-code")));
        await AssertIssuedAsync(CodePurpose.StatusLookup, subject, StatusLookup.DailySendCap);
    }

    [Fact]
    public async Task AppointmentCode_SixtyRequestsAtOnce_SendExactlyTheDailyCap()
    {
        var (_, dayId, day) = await Flow.ClinicDayAsync(slots: 2, perSlot: 1);
        var invitee = await Flow.RegisterAsync();
        await Flow.WaveAsync(dayId);
        var (token, client) = await Flow.VerifiedAsync(invitee);
        var booked = await (await InvitationFlow.BookAsync(client, token, day.GetProperty("slots")[0].GetProperty("id").GetString()!)).JsonAsync(HttpStatusCode.Created);
        var confirmation = booked.GetProperty("confirmationCode").GetString()!;

        var answers = await Task.WhenAll(Enumerable.Range(0, Burst).Select(_ => App.CreateClient().PostAsync($"/api/v1/appointments/{confirmation}/code", null)));

        Assert.Equal(InvitationAccess.CodesPerInvitationPerDay, answers.Count(a => a.StatusCode == HttpStatusCode.Accepted));
        Assert.Equal(Burst - InvitationAccess.CodesPerInvitationPerDay, answers.Count(a => a.StatusCode == HttpStatusCode.TooManyRequests));
        Assert.Equal(InvitationAccess.CodesPerInvitationPerDay, await App.WithDbAsync(db => db.Outbox.CountAsync(m => m.Recipient == invitee.Email && m.Template == "appointment-code")));
        var appointmentId = await App.WithDbAsync(db => db.Appointments.Where(a => a.ConfirmationCode == confirmation).Select(a => a.Id).SingleAsync());
        await AssertIssuedAsync(CodePurpose.ManageAppointment, appointmentId.ToString("N"), InvitationAccess.CodesPerInvitationPerDay);
    }

    [Fact]
    public async Task InvitationCode_SixtyRequestsAtOnce_SendExactlyTheDailyCap()
    {
        var (_, dayId, _) = await Flow.ClinicDayAsync();
        var invitee = await Flow.RegisterAsync();
        await Flow.WaveAsync(dayId);
        var token = await Flow.LinkTokenAsync(invitee.Email);

        var answers = await Task.WhenAll(Enumerable.Range(0, Burst).Select(_ => Flow.RequestCodeAsync(token)));

        Assert.Equal(InvitationAccess.CodesPerInvitationPerDay, answers.Count(a => a.StatusCode == HttpStatusCode.Accepted));
        Assert.Equal(Burst - InvitationAccess.CodesPerInvitationPerDay, answers.Count(a => a.StatusCode == HttpStatusCode.TooManyRequests));
        Assert.Equal(InvitationAccess.CodesPerInvitationPerDay, await App.WithDbAsync(db => db.Outbox.CountAsync(m => m.Recipient == invitee.Email && m.Template == "invitation-code")));
        var invitationId = await App.WithDbAsync(db => db.Invitations.Where(i => i.PersonId == Guid.Parse(invitee.Id)).Select(i => i.Id).SingleAsync());
        await AssertIssuedAsync(CodePurpose.Invitation, invitationId.ToString("N"), InvitationAccess.CodesPerInvitationPerDay);
        // Capped or not, every request was a visit.
        Assert.Equal(Burst, await App.WithDbAsync(db => db.Invitations.Where(i => i.Id == invitationId).Select(i => i.Visits).SingleAsync()));
    }

    [Fact]
    public async Task InvitationCode_SixInvitationsToOneContactAtOnce_SendExactlyTheContactsDailyCap()
    {
        // A household sharing one e-mail: six people, six invitations, eleven requests each at once.
        var (_, dayId, _) = await Flow.ClinicDayAsync();
        var email = $"{Guid.NewGuid():N}@example.org";
        var now = App.Clock.GetUtcNow().UtcDateTime;
        var tokens = await App.WithDbAsync(async db =>
        {
            var phase = await db.Phases.SingleAsync(p => p.Code == "1a");
            var group = await db.PriorityGroups.SingleAsync(g => g.Code == "healthcare-workers");
            var list = new List<string>();
            for (var i = 0; i < 6; i++)
            {
                var person = Person.Register(new Person.Details($"House{i}", "Hold", new DateOnly(1970, 1, 1).AddYears(i), email, null,
                    "63050", "healthcare", "home", [], "en"), now, RegistrationSource.Self, null);
                person.AssignGroup(phase, group, InvitationFlow.Today);
                db.People.Add(person);
                var (invitation, token) = Invitation.Issue(person.Id, Guid.Empty, InvitationKind.Wave, 1, "212", Guid.Parse(dayId), null, null, now, TimeSpan.FromHours(48), Actor.System);
                db.Invitations.Add(invitation);
                list.Add(token);
            }
            await db.SaveChangesAsync();
            return list;
        });

        var answers = await Task.WhenAll(tokens.SelectMany(token => Enumerable.Range(0, 11).Select(_ => Flow.RequestCodeAsync(token))));

        Assert.Equal(InvitationAccess.CodesPerContactPerDay, answers.Count(a => a.StatusCode == HttpStatusCode.Accepted));
        Assert.Equal(66 - InvitationAccess.CodesPerContactPerDay, answers.Count(a => a.StatusCode == HttpStatusCode.TooManyRequests));
        Assert.Equal(InvitationAccess.CodesPerContactPerDay, await App.WithDbAsync(db => db.Outbox.CountAsync(m => m.Recipient == email && m.Template == "invitation-code")));
        var perInvitation = await App.WithDbAsync(db => db.OneTimeCodes.Where(c => c.Purpose == CodePurpose.Invitation).GroupBy(c => c.Subject).Select(g => g.Count()).ToListAsync());
        Assert.All(perInvitation, n => Assert.InRange(n, 1, InvitationAccess.CodesPerInvitationPerDay));
    }

    /// <summary>Exactly <paramref name="cap"/> codes stored for the subject, of which one, the newest, is live.</summary>
    private async Task AssertIssuedAsync(CodePurpose purpose, string subject, int cap)
    {
        var codes = await App.WithDbAsync(db => db.OneTimeCodes.AsNoTracking().Where(c => c.Purpose == purpose && c.Subject == subject).ToListAsync());
        Assert.Equal(cap, codes.Count);
        Assert.Single(codes, c => c.ReplacedAt is null && c.UsedAt is null);
    }
}
