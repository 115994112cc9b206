using FairShot.Domain;
using FairShot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Tests.Reliability;

/// <summary>Invitees with a link and a verified session, written straight into the in-process app's database (what the wave and the code step make).</summary>
internal static class ReliabilitySeed
{
    public sealed record Seeded(Guid InvitationId, Guid PersonId, string Email, string Token, string Session);

    public static async Task<List<Seeded>> InviteesAsync(FairShotApp app, string dayId, int count, string prefix)
    {
        var now = app.Clock.GetUtcNow().UtcDateTime;
        return await app.WithDbAsync(async db =>
        {
            var phase = await db.Phases.SingleAsync(p => p.Code == "1a");
            var group = await db.PriorityGroups.SingleAsync(g => g.Code == "healthcare-workers");
            var wave = Guid.CreateVersion7();
            var seeded = new List<Seeded>();
            for (var i = 0; i < count; i++)
            {
                var email = $"{prefix}{i}-{Guid.NewGuid():N}@example.org";
                var person = Person.Register(new Person.Details($"Seed{i}", prefix, new DateOnly(1970, 1, 1).AddDays(i), email, null, "63050", "healthcare", "home", [], "en"),
                    now, RegistrationSource.Self, null);
                person.AssignGroup(phase, group, DateOnly.FromDateTime(now));
                db.People.Add(person);
                var (invitation, token) = Invitation.Issue(person.Id, wave, InvitationKind.Wave, 1, "212", Guid.Parse(dayId), null, null, now, TimeSpan.FromHours(48), Actor.System);
                db.Invitations.Add(invitation);
                var session = Invitation.NewToken();
                db.InvitationSessions.Add(new InvitationSession(invitation.Id, Invitation.HashToken(session), "email", now));
                seeded.Add(new Seeded(invitation.Id, person.Id, email, token, session));
            }
            await db.SaveChangesAsync();
            return seeded;
        });
    }
}
