using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Appointments;
using FairShot.Features.Audit;
using FairShot.Features.Invitations;
using FairShot.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Integrity;

public sealed record CancellationRequest(IReadOnlyList<Guid>? AppointmentIds, IReadOnlyList<string>? Reasons, Guid? ClinicDayId, string? Message, bool? DryRun);

public sealed record CancellationTarget(Guid AppointmentId, Guid PersonId, string Name, string Language, DateTime StartsAt, IReadOnlyList<string> Reasons);

public sealed record CancellationResponse(bool DryRun, int Cancelled, int Notified, int Invited, IReadOnlyList<CancellationTarget> Appointments);

/// <summary>
/// Cancels exactly the appointments named (by id, or by reason codes of a day's integrity report),
/// each the way a resident's own cancellation goes (<see cref="ManageAppointment.ReleaseAsync"/>:
/// seat, dose 2, held dose, back in line), with one audit entry each and a plain message in the
/// person's language saying why and what to do, in one transaction. Then, at once, the next people
/// in line are invited for the seats freed on each day still to come (<see cref="InvitationWaves"/>).
/// A dry run answers how many and who, and changes nothing.
/// </summary>
public sealed class IntegrityCancellation(FairShotDb db, IntegrityReport report, ManageAppointment manage, InvitationWaves waves, AuditTrail audit, Notifier notifier,
    TimeProvider clock)
{
    public const string Template = "integrity-cancelled";
    public const int MaxMessage = 1000;
    public const int MaxAppointments = 20_000;

    public async Task<Result<CancellationResponse>> CancelAsync(Actor staff, CancellationRequest request, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var ids = request.AppointmentIds ?? [];
        var reasons = request.Reasons ?? [];
        if (ids.Count == 0 && (reasons.Count == 0 || request.ClinicDayId is null))
        {
            errors.Add("appointmentIds", "Name the appointments to cancel (appointmentIds), or reasons with a clinicDayId.");
        }
        if (ids.Count > 0 && reasons.Count > 0)
        {
            errors.Add("reasons", "Give either appointmentIds or reasons, not both.");
        }
        if (reasons.FirstOrDefault(r => !IntegrityReasons.All.Contains(r)) is { } unknown)
        {
            errors.Add("reasons", $"'{(unknown.Length > 40 ? unknown[..40] : unknown)}' is not a reason code; use " + string.Join(", ", IntegrityReasons.All) + ".");
        }
        if (ids.Count > MaxAppointments)
        {
            errors.Add("appointmentIds", $"Cancel at most {MaxAppointments} appointments at a time.");
        }
        var message = request.Message?.Trim() ?? "";
        if (message.Length > MaxMessage)
        {
            errors.Add("message", $"The message can be at most {MaxMessage} characters.");
        }
        if (errors.Any)
        {
            return errors.ToError();
        }

        // Who: the reasons of the day's report (the one the staff member looked at), or the ids named.
        Dictionary<Guid, IReadOnlyList<string>> chosen;
        if (ids.Count > 0)
        {
            var idSet = ids.ToHashSet();
            var days = await db.Appointments.AsNoTracking().Where(a => idSet.Contains(a.Id)).Select(a => a.ClinicDayId).Distinct().ToListAsync(ct);
            chosen = idSet.ToDictionary(i => i, _ => (IReadOnlyList<string>)[]);
            foreach (var dayId in days)
            {
                foreach (var c in (await report.CheckDayAsync(dayId, ct)).Where(c => idSet.Contains(c.Appointment.Id)))
                {
                    chosen[c.Appointment.Id] = c.Reasons;
                }
            }
        }
        else
        {
            if (!await db.ClinicDays.AnyAsync(d => d.Id == request.ClinicDayId, ct))
            {
                return new NotFoundError("There is no clinic day with this id.");
            }
            chosen = (await report.CheckDayAsync(request.ClinicDayId!.Value, ct)).Where(c => c.Reasons.Any(reasons.Contains))
                .ToDictionary(c => c.Appointment.Id, c => c.Reasons);
        }
        var chosenIds = chosen.Keys.ToList();
        var targets = await (from a in db.Appointments.AsNoTracking()
                             where chosenIds.Contains(a.Id) && a.State == AppointmentState.Booked
                             join p in db.People.AsNoTracking() on a.PersonId equals p.Id
                             join s in db.Slots.AsNoTracking() on a.SlotId equals s.Id
                             join d in db.ClinicDays.AsNoTracking() on a.ClinicDayId equals d.Id
                             join c in db.Clinics.AsNoTracking() on d.ClinicId equals c.Id
                             orderby s.StartsAt, a.Id
                             select new { Appointment = a, Person = p, s.StartsAt, Clinic = c }).ToListAsync(ct);
        var listed = targets.Select(t => new CancellationTarget(t.Appointment.Id, t.Person.Id, t.Person.FirstName + " " + t.Person.LastName, t.Person.Language, t.StartsAt,
            chosen[t.Appointment.Id])).ToList();
        if (request.DryRun == true)
        {
            return new CancellationResponse(true, listed.Count, 0, 0, listed);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var freed = new Dictionary<Guid, int>();
        int cancelled = 0, notified = 0;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            foreach (var t in targets)
            {
                var (released, alsoCancelled) = await manage.ReleaseAsync(staff, t.Appointment, ct);
                if (released == 0)
                {
                    continue; // changed since it was read: not booked any more
                }
                cancelled++;
                freed[t.Appointment.ClinicDayId] = freed.GetValueOrDefault(t.Appointment.ClinicDayId) + 1;
                audit.Record(staff, "appointment.cancelled", "Appointment", t.Appointment.Id.ToString(), new
                {
                    person = t.Person.Id,
                    integrity = chosen[t.Appointment.Id],
                    seatsReleased = released,
                    alsoCancelled,
                });
                var person = t.Person;
                var clinicClock = t.Clinic.Clock;
                var clinicName = t.Clinic.Name;
                var startsAt = t.StartsAt;
                notifier.Queue(person.Email is not null ? NotificationChannel.Email : NotificationChannel.Sms, person.Email ?? person.Phone!, person.Language, Template,
                    w => w.IntegrityCancelledMessage(person.FirstName, Formats.DayAndTime(clinicClock.Local(startsAt), w.Lang), clinicName, message));
                notified++;
                if (cancelled % 500 == 0)
                {
                    await db.SaveChangesAsync(ct);
                    db.ChangeTracker.Clear();
                }
            }
            audit.Record(staff, "integrity.cancelled", "ClinicDay", (request.ClinicDayId ?? Guid.Empty).ToString(), new
            {
                cancelled,
                reasons,
                appointmentIds = ids.Count,
                days = freed,
            });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            db.ChangeTracker.Clear();
        }

        // The same minute: the people really next in line are invited for the freed seats.
        var invited = 0;
        var hours = await db.CountySettings.Select(c => (int?)c.InvitationExpiryHours).FirstOrDefaultAsync(ct) ?? 48;
        foreach (var (dayId, seats) in freed)
        {
            var day = await db.ClinicDays.AsNoTracking().SingleAsync(d => d.Id == dayId, ct);
            var future = await db.Slots.AnyAsync(s => s.ClinicDayId == dayId && s.StartsAt > now && s.Booked < s.Capacity, ct);
            if (future)
            {
                invited += await waves.IssueAsync(staff, Guid.CreateVersion7(), InvitationKind.Wave, day, null, null, seats, TimeSpan.FromHours(hours), now, ct);
            }
        }
        return new CancellationResponse(false, cancelled, notified, invited, listed);
    }
}
