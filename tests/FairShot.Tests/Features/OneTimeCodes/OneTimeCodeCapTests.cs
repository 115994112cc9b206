using System.Net;
using System.Net.Http.Json;
using FairShot.Domain;
using FairShot.Features.Invitations;
using FairShot.Features.Status;
using FairShot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Tests.Features.OneTimeCodes;

/// <summary>
/// The live-code rule and the caps hold under a burst, on SQLite and on PostgreSQL (where counting
/// inside a READ COMMITTED transaction alone let several requests through at once): sixty requests at
/// once for one subject send exactly one code, and the rest send nothing and replace nothing.
/// </summary>
public sealed class OneTimeCodeCapTests : FreshAppTest
{
    private const int Burst = 60;

    [Fact]
    public async Task StatusCode_SixtyRequestsAtOnce_SendExactlyOneCode()
    {
        var invitee = await Flow.RegisterAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, Burst).Select(_ =>
            App.CreateClient().PostAsJsonAsync("/api/v1/registrations/status/code", new { contact = invitee.Email })));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Accepted, a.StatusCode)); // sent or not, the same answer
        var subject = OneTimeCode.HashSubject(invitee.Email);
        Assert.Equal(1, await App.WithDbAsync(db => db.Outbox.CountAsync(m => m.Recipient == invitee.Email && m.Template == "status-code")));
        await AssertIssuedAsync(CodePurpose.StatusLookup, subject, 1);
    }

    [Fact]
    public async Task AppointmentCode_SixtyRequestsAtOnce_SendExactlyOneCode_TheRestAreToldWhenToAskAgain()
    {
        var (_, dayId, day) = await Flow.ClinicDayAsync(slots: 2, perSlot: 1);
        var invitee = await Flow.RegisterAsync();
        await Flow.WaveAsync(dayId);
        var (token, client) = await Flow.VerifiedAsync(invitee);
        var booked = await (await InvitationFlow.BookAsync(client, token, day.GetProperty("slots")[0].GetProperty("id").GetString()!)).JsonAsync(HttpStatusCode.Created);
        var confirmation = booked.GetProperty("confirmationCode").GetString()!;

        var answers = await Task.WhenAll(Enumerable.Range(0, Burst).Select(_ => App.CreateClient().PostAsync($"/api/v1/appointments/{confirmation}/code", null)));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Accepted);
        AssertToldWhenToAskAgain(answers.Where(a => a.StatusCode != HttpStatusCode.Accepted), Burst - 1);
        Assert.Equal(1, await App.WithDbAsync(db => db.Outbox.CountAsync(m => m.Recipient == invitee.Email && m.Template == "appointment-code")));
        var appointmentId = await App.WithDbAsync(db => db.Appointments.Where(a => a.ConfirmationCode == confirmation).Select(a => a.Id).SingleAsync());
        await AssertIssuedAsync(CodePurpose.ManageAppointment, appointmentId.ToString("N"), 1);
    }

    [Fact]
    public async Task InvitationCode_SixtyRequestsAtOnce_SendExactlyOneCode_TheRestAreToldWhenToAskAgain()
    {
        var (_, dayId, _) = await Flow.ClinicDayAsync();
        var invitee = await Flow.RegisterAsync();
        await Flow.WaveAsync(dayId);
        var token = await Flow.LinkTokenAsync(invitee.Email);

        var answers = await Task.WhenAll(Enumerable.Range(0, Burst).Select(_ => Flow.RequestCodeAsync(token)));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Accepted);
        AssertToldWhenToAskAgain(answers.Where(a => a.StatusCode != HttpStatusCode.Accepted), Burst - 1);
        Assert.Equal(1, await App.WithDbAsync(db => db.Outbox.CountAsync(m => m.Recipient == invitee.Email && m.Template == "invitation-code")));
        var invitationId = await App.WithDbAsync(db => db.Invitations.Where(i => i.PersonId == Guid.Parse(invitee.Id)).Select(i => i.Id).SingleAsync());
        await AssertIssuedAsync(CodePurpose.Invitation, invitationId.ToString("N"), 1);
        // Sent or not, every request was a visit.
        Assert.Equal(Burst, await App.WithDbAsync(db => db.Invitations.Where(i => i.Id == invitationId).Select(i => i.Visits).SingleAsync()));
    }

    [Fact]
    public async Task InvitationCode_SixInvitationsToOneContactAtOnce_SendExactlyTheContactsDailyCap()
    {
        // A household sharing one e-mail: six people, six invitations, all asking at once, again each
        // time the codes expire, nine times: 54 codes asked for, the contact's cap is 50.
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

        var answers = new List<HttpResponseMessage>();
        for (var round = 0; round < 9; round++)
        {
            answers.AddRange(await Task.WhenAll(tokens.Select(token => Flow.RequestCodeAsync(token))));
            App.Clock.Advance(OneTimeCode.Lifetime + TimeSpan.FromSeconds(1));
        }

        Assert.Equal(InvitationAccess.CodesPerContactPerDay, answers.Count(a => a.StatusCode == HttpStatusCode.Accepted));
        AssertToldWhenToAskAgain(answers.Where(a => a.StatusCode != HttpStatusCode.Accepted), 54 - InvitationAccess.CodesPerContactPerDay);
        Assert.Equal(InvitationAccess.CodesPerContactPerDay, await App.WithDbAsync(db => db.Outbox.CountAsync(m => m.Recipient == email && m.Template == "invitation-code")));
        var perInvitation = await App.WithDbAsync(db => db.OneTimeCodes.Where(c => c.Purpose == CodePurpose.Invitation).GroupBy(c => c.Subject).Select(g => g.Count()).ToListAsync());
        Assert.All(perInvitation, n => Assert.InRange(n, 1, 9));
    }

    /// <summary>Each answer a 429 with a Retry-After of at least a second and at most a code's life.</summary>
    private static void AssertToldWhenToAskAgain(IEnumerable<HttpResponseMessage> refused, int count)
    {
        var list = refused.ToList();
        Assert.Equal(count, list.Count);
        Assert.All(list, a =>
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, a.StatusCode);
            Assert.InRange(a.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, OneTimeCode.Lifetime.TotalSeconds);
        });
    }

    /// <summary>Exactly <paramref name="cap"/> codes stored for the subject, of which one, the newest, is live.</summary>
    private async Task AssertIssuedAsync(CodePurpose purpose, string subject, int cap)
    {
        var codes = await App.WithDbAsync(db => db.OneTimeCodes.AsNoTracking().Where(c => c.Purpose == purpose && c.Subject == subject).ToListAsync());
        Assert.Equal(cap, codes.Count);
        Assert.Single(codes, c => c.ReplacedAt is null && c.UsedAt is null);
    }
}
