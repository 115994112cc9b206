using FairShot.Data;
using FairShot.Domain;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Integrity;

public sealed record StoryEvent(DateTime At, string What, string Action, string By, string? EntityType, string? EntityId, string? Detail);

public sealed record PersonStoryResponse(Guid PersonId, string Name, string Source, DateTime RegisteredAt, IReadOnlyList<StoryEvent> Events);

/// <summary>
/// Everything that happened to one registration and its appointments, oldest first: the audit log's
/// entries about the person, their invitations and appointments (registered, invited, verified,
/// booked, moved, cancelled, called, ...), the devices that opened their links (a short device
/// fingerprint, never a network), the kinds of messages and codes sent to them (never the code or
/// the contact), check-ins and doses, each with who did it.
/// </summary>
public sealed class PersonStory(FairShotDb db)
{
    private static readonly Dictionary<string, string> Words = new(StringComparer.Ordinal)
    {
        ["registration.created"] = "registered",
        ["registration.corrected"] = "details corrected",
        ["registration.duplicate-refused"] = "second sign-up refused",
        ["invitation.issued"] = "invited",
        ["invitation.revoked"] = "invitation revoked",
        ["invitation.verified"] = "verified (code and date of birth)",
        ["appointment.booked"] = "booked",
        ["appointment.moved"] = "moved",
        ["appointment.cancelled"] = "cancelled",
        ["integrity.called"] = "called to confirm",
        ["eligibility.regrouped"] = "regrouped",
    };

    public async Task<Result<PersonStoryResponse>> StoryAsync(Guid personId, CancellationToken ct)
    {
        var person = await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Id == personId, ct);
        if (person is null)
        {
            return new NotFoundError("There is no registration with this id.");
        }
        var appointments = await db.Appointments.AsNoTracking().Where(a => a.PersonId == personId).ToListAsync(ct);
        var invitations = await db.Invitations.AsNoTracking().Where(i => i.PersonId == personId).ToListAsync(ct);
        var id = personId.ToString();
        var appointmentIds = appointments.Select(a => a.Id.ToString()).ToList();
        var invitationIds = invitations.Select(i => i.Id.ToString()).ToList();
        var entries = await db.AuditEntries.AsNoTracking()
            .Where(e => (e.EntityType == "Person" && e.EntityId == id)
                || (e.EntityType == "Appointment" && appointmentIds.Contains(e.EntityId))
                || (e.EntityType == "Invitation" && invitationIds.Contains(e.EntityId)))
            .ToListAsync(ct);
        var staffIds = entries.Where(e => e.ActorKind == ActorKind.Staff).Select(e => Guid.TryParse(e.ActorId, out var g) ? g : Guid.Empty)
            .Concat(appointments.Select(a => a.CheckedInByStaffId ?? Guid.Empty)).Distinct().ToList();
        var administrations = await db.Administrations.AsNoTracking().Where(x => x.PersonId == personId).ToListAsync(ct);
        staffIds.AddRange(administrations.Select(x => x.VaccinatorStaffId));
        var staff = await db.Users.AsNoTracking().Where(u => staffIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName.Length > 0 ? u.DisplayName : u.Email ?? "", ct);
        string Staff(Guid staffId) => staff.TryGetValue(staffId, out var name) ? $"staff: {name}" : $"staff: {staffId}";
        string By(AuditEntry e) => e.ActorKind switch
        {
            ActorKind.Staff when Guid.TryParse(e.ActorId, out var s) => Staff(s),
            ActorKind.Resident => "the person (resident)",
            _ => "system",
        };

        var events = entries.Select(e => new StoryEvent(e.RecordedAt, Words.GetValueOrDefault(e.Action, e.Action), e.Action, By(e), e.EntityType, e.EntityId, e.Summary)).ToList();

        var visits = await db.InvitationVisits.AsNoTracking().Where(v => invitations.Select(i => i.Id).Contains(v.InvitationId)).ToListAsync(ct);
        events.AddRange(visits.Select(v => new StoryEvent(v.FirstSeenAt, "link opened", "invitation.opened", "a browser",
            "Invitation", v.InvitationId.ToString(), $"device {Short(v.DeviceHash)}")));

        var contacts = new[] { person.Email, person.Phone }.Where(c => c is not null).Select(c => c!).ToList();
        var messages = await db.Outbox.AsNoTracking().Where(m => contacts.Contains(m.Recipient))
            .Select(m => new { m.CreatedAt, m.Template, m.InvitationId }).ToListAsync(ct);
        events.AddRange(messages.Select(m => new StoryEvent(m.CreatedAt, m.Template.EndsWith("-code", StringComparison.Ordinal) ? "code sent" : "message sent",
            "message." + m.Template, "system", null, null, m.Template)));

        events.AddRange(appointments.Where(a => a.CheckedInAt is not null).Select(a => new StoryEvent(a.CheckedInAt!.Value, "checked in", "appointment.checked-in",
            a.CheckedInByStaffId is { } s ? Staff(s) : "staff", "Appointment", a.Id.ToString(), null)));
        events.AddRange(administrations.Select(x => new StoryEvent(x.AdministeredAt, x.Outcome == AdministrationOutcome.Given ? "vaccinated" : "dose not given",
            "administration." + x.Outcome.ToString().ToLowerInvariant(), Staff(x.VaccinatorStaffId), "Appointment", x.AppointmentId.ToString(), $"dose {x.DoseNumber}, {x.ProductName}")));

        return new PersonStoryResponse(person.Id, person.FirstName + " " + person.LastName, person.Source.ToString().ToLowerInvariant(), person.RegisteredAt,
            events.OrderBy(e => e.At).ThenBy(e => Stage(e.Action)).ThenBy(e => e.Action, StringComparer.Ordinal).ToList());
    }

    /// <summary>
    /// Where an event sits in a registration's life, for events stamped with the same instant (one
    /// request writes several; PostgreSQL keeps microseconds, and a test clock stands still).
    /// </summary>
    private static int Stage(string action) => action switch
    {
        _ when action.StartsWith("registration.", StringComparison.Ordinal) => 0,
        "eligibility.regrouped" => 1,
        "invitation.issued" => 2,
        "invitation.opened" => 3,
        _ when action.StartsWith("message.", StringComparison.Ordinal) => 4,
        "invitation.verified" => 5,
        "appointment.booked" => 6,
        "appointment.moved" => 7,
        "appointment.checked-in" => 8,
        _ when action.StartsWith("administration.", StringComparison.Ordinal) => 9,
        "appointment.cancelled" => 10,
        _ => 11,
    };

    private static string Short(string hash) => hash.Length > 8 ? hash[..8] : hash;
}
