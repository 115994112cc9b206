using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Appointments;
using FairShot.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Integrity;

public sealed record CallListEntry(Guid AppointmentId, Guid PersonId, string Name, string? Phone, string? Email, string Language, DateTime StartsAt, string State,
    string? Outcome, DateTime? CalledAt, int Calls);

public sealed record CallListResponse(Guid ClinicDayId, int Total, int LeftToCall, IReadOnlyDictionary<string, int> Outcomes, IReadOnlyList<CallListEntry> Entries);

public sealed record CallRequest(Guid? AppointmentId, string? Outcome, string? Note);

/// <summary>
/// After a clean-up, the appointments of a day that passed every integrity check, for staff to
/// phone and confirm (as Jefferson County did), with what came of each call. Left to call: no call
/// yet, or the last one went unanswered. A person who cancels on the phone has the appointment
/// cancelled the usual way (<see cref="ManageAppointment.ReleaseAsync"/>).
/// </summary>
public sealed class CallList(FairShotDb db, IntegrityReport report, ManageAppointment manage, AuditTrail audit, TimeProvider clock)
{
    public static readonly IReadOnlyDictionary<string, CallOutcome> Outcomes = new Dictionary<string, CallOutcome>
    {
        ["confirmed"] = CallOutcome.Confirmed,
        ["noAnswer"] = CallOutcome.NoAnswer,
        ["wrongNumber"] = CallOutcome.WrongNumber,
        ["cancelledByPerson"] = CallOutcome.CancelledByPerson,
    };

    public static string Name(CallOutcome outcome) => Outcomes.First(o => o.Value == outcome).Key;

    public async Task<Result<CallListResponse>> ListAsync(Guid clinicDayId, CancellationToken ct)
    {
        if (!await db.ClinicDays.AnyAsync(d => d.Id == clinicDayId, ct))
        {
            return new NotFoundError("There is no clinic day with this id.");
        }
        var passed = (await report.CheckDayAsync(clinicDayId, ct)).Where(c => c.Reasons.Count == 0).ToList();
        var calls = await (from c in db.IntegrityCalls.AsNoTracking()
                           join a in db.Appointments.AsNoTracking() on c.AppointmentId equals a.Id
                           where a.ClinicDayId == clinicDayId
                           select c).ToListAsync(ct);
        // Someone who cancelled on the phone is no longer active, but stays on the list with that outcome.
        var cancelledOnCall = calls.Where(c => c.Outcome == CallOutcome.CancelledByPerson).Select(c => c.AppointmentId).ToHashSet();
        var cancelledRows = cancelledOnCall.Count == 0 ? [] : await (from a in db.Appointments.AsNoTracking()
                                                                     where cancelledOnCall.Contains(a.Id)
                                                                     join p in db.People.AsNoTracking() on a.PersonId equals p.Id
                                                                     select new { a, p }).ToListAsync(ct);
        var rows = passed.Select(c => (c.Appointment, c.Person)).Concat(cancelledRows.Select(r => (r.a, r.p)))
            .DistinctBy(r => r.Item1.Id).ToList();
        var slots = await db.Slots.AsNoTracking().Where(s => s.ClinicDayId == clinicDayId).ToDictionaryAsync(s => s.Id, s => s.StartsAt, ct);
        var byAppointment = calls.ToLookup(c => c.AppointmentId);
        var entries = rows.Select(r =>
        {
            var (a, p) = r;
            var last = byAppointment[a.Id].OrderBy(c => c.CalledAt).ThenBy(c => c.Id).LastOrDefault();
            return new CallListEntry(a.Id, p.Id, p.FirstName + " " + p.LastName, p.Phone, p.Email, p.Language, slots.GetValueOrDefault(a.SlotId),
                a.State.ToString().ToLowerInvariant(), last is null ? null : Name(last.Outcome), last?.CalledAt, byAppointment[a.Id].Count());
        }).OrderBy(e => e.StartsAt).ThenBy(e => e.Name, StringComparer.Ordinal).ToList();
        var left = entries.Count(e => e.Outcome is null or "noAnswer");
        var outcomes = Outcomes.Keys.ToDictionary(k => k, k => entries.Count(e => e.Outcome == k));
        return new CallListResponse(clinicDayId, entries.Count, left, outcomes, entries);
    }

    public async Task<Result<CallListResponse>> RecordAsync(Actor staff, Guid clinicDayId, CallRequest request, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (request.AppointmentId is null)
        {
            errors.Add("appointmentId", "Name the appointment that was called.");
        }
        if (request.Outcome is null || !Outcomes.TryGetValue(request.Outcome, out var outcome))
        {
            errors.Add("outcome", "Say what came of the call: " + string.Join(", ", Outcomes.Keys) + ".");
            outcome = default;
        }
        var note = request.Note?.Trim();
        if (note is { Length: > IntegrityCall.NoteMaxLength })
        {
            errors.Add("note", $"The note can be at most {IntegrityCall.NoteMaxLength} characters.");
        }
        if (errors.Any)
        {
            return errors.ToError();
        }
        var appointment = await db.Appointments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == request.AppointmentId && a.ClinicDayId == clinicDayId, ct);
        if (appointment is null)
        {
            return new NotFoundError("There is no appointment with this id on this clinic day.");
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.IntegrityCalls.Add(new IntegrityCall(appointment.Id, outcome, string.IsNullOrEmpty(note) ? null : note, Guid.Parse(staff.Id), clock.GetUtcNow().UtcDateTime));
        audit.Record(staff, "integrity.called", "Appointment", appointment.Id.ToString(), new { person = appointment.PersonId, outcome = Name(outcome) });
        if (outcome == CallOutcome.CancelledByPerson)
        {
            var (released, alsoCancelled) = await manage.ReleaseAsync(staff, appointment, ct);
            if (released > 0)
            {
                audit.Record(staff, "appointment.cancelled", "Appointment", appointment.Id.ToString(), new { person = appointment.PersonId, onCall = true, seatsReleased = released, alsoCancelled });
            }
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return await ListAsync(clinicDayId, ct);
    }
}
