using System.Globalization;
using System.Security.Claims;
using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Audit;
using FairShot.Features.Staff;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Vaccination;

public sealed record CheckInRequest(string? ConfirmationCode, string? DateOfBirth, Guid? ClinicDayId = null);

public sealed record CheckedInPerson(Guid Id, string FirstName, string LastName);

public sealed record CheckedIn(Guid AppointmentId, CheckedInPerson Person, int DoseNumber, string ProductCvx, string ProductName, string State, DateTime CheckedInAt,
    bool SiteCodeRequired = true);

/// <summary>
/// Check-in at the door: the confirmation code the person shows and their date of birth. A wrong
/// date of birth is counted on the appointment and audited (a signal the integrity report reads);
/// after <see cref="MaxDateOfBirthMismatches"/> the code alone no longer checks the person in.
/// </summary>
public sealed class CheckIns(FairShotDb db, DeskAccess access, AuditTrail audit, TimeProvider clock)
{
    public const int MaxDateOfBirthMismatches = 5;
    public const int CodeMaxLength = 20;

    public async Task<Result<CheckedIn>> CheckInAsync(ClaimsPrincipal user, CheckInRequest request, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var code = request.ConfirmationCode?.Trim().ToUpperInvariant() ?? "";
        if (code.Length == 0)
        {
            errors.Add("confirmationCode", "Enter the confirmation code on the person's confirmation (or scan its QR code).");
        }
        else if (code.Length > CodeMaxLength)
        {
            errors.Add("confirmationCode", "A confirmation code has 10 letters and digits: check what was typed.");
        }
        DateOnly dob = default;
        if (string.IsNullOrWhiteSpace(request.DateOfBirth))
        {
            errors.Add("dateOfBirth", "Ask the person for their date of birth and enter it, like 1980-04-23.");
        }
        else if (!DateOnly.TryParseExact(request.DateOfBirth.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out dob))
        {
            errors.Add("dateOfBirth", "Enter the date of birth as year-month-day, like 1980-04-23.");
        }
        if (errors.Any)
        {
            return errors.ToError();
        }

        var appointment = await db.Appointments.AsNoTracking().SingleOrDefaultAsync(a => a.ConfirmationCode == code, cancellationToken);
        if (appointment is null)
        {
            return new NotFoundError("No appointment has this confirmation code. Check the code with the person, or search the day's list by name.");
        }
        var day = await db.ClinicDays.AsNoTracking().SingleAsync(d => d.Id == appointment.ClinicDayId, cancellationToken);
        var clinic = await db.Clinics.AsNoTracking().SingleAsync(c => c.Id == day.ClinicId, cancellationToken);
        var deskClinicId = day.ClinicId;
        if (request.ClinicDayId is { } deskDayId)
        {
            var deskDay = await db.ClinicDays.AsNoTracking().SingleOrDefaultAsync(d => d.Id == deskDayId, cancellationToken);
            if (deskDay is null)
            {
                return ValidationError.For("clinicDayId", "There is no clinic day with this id.");
            }
            if (!await access.CanActOnAsync(user, deskDay.ClinicId, cancellationToken))
            {
                return new NotYourClinicError();
            }
            deskClinicId = deskDay.ClinicId;
        }
        if (!await access.CanActOnAsync(user, day.ClinicId, cancellationToken))
        {
            deskClinicId = Guid.Empty; // not one of the caller's clinics: refused as another clinic below
        }
        if (deskClinicId != day.ClinicId)
        {
            return new DeskRefusal("anotherClinic",
                $"This appointment is at {clinic.Name} on {day.Date:yyyy-MM-dd}, not at this clinic. Send the person there, or book them here through the call centre.");
        }
        if (appointment.CheckInFailures >= MaxDateOfBirthMismatches)
        {
            return new DeskRefusal("tooManyAttempts",
                $"The date of birth did not match {MaxDateOfBirthMismatches} times for this code, so it can no longer check anyone in. Check the person's identity document and ask your clinic lead.");
        }

        var person = await db.People.AsNoTracking().SingleAsync(p => p.Id == appointment.PersonId, cancellationToken);
        var staffId = DeskAccess.StaffIdOf(user);
        var actor = user.ToActor();
        var now = clock.GetUtcNow().UtcDateTime;
        if (person.DateOfBirth != dob)
        {
            await using var failed = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Appointments.Where(a => a.Id == appointment.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.CheckInFailures, a => a.CheckInFailures + 1), cancellationToken);
            // Never the date typed: only that it did not match, and how often.
            audit.Record(actor, "checkin.dateOfBirthMismatch", "Appointment", appointment.Id.ToString(), new { clinicDayId = day.Id, failures = appointment.CheckInFailures + 1 });
            await db.SaveChangesAsync(cancellationToken);
            await failed.CommitAsync(cancellationToken);
            var left = Math.Max(0, MaxDateOfBirthMismatches - appointment.CheckInFailures - 1);
            return new DeskRefusal("dateOfBirthMismatch",
                $"The date of birth does not match this appointment. Ask the person again and check their identity document ({left} more tries for this code).",
                new Dictionary<string, object?> { ["attemptsLeft"] = left });
        }

        var today = clinic.Today(clock.GetUtcNow());
        var product = await db.Products.AsNoTracking().SingleAsync(p => p.CvxCode == day.ProductCvx, cancellationToken);
        var refusal = appointment.CanCheckIn(day.ClinicId, day.Date, deskClinicId, today);
        if (refusal != CheckInRefusal.None)
        {
            return Refuse(refusal, day, clinic, appointment);
        }
        if (appointment.State == AppointmentState.CheckedIn)
        {
            return Answer(appointment, person, product); // a second scan of someone already checked in
        }

        var before = appointment.State;
        appointment.CheckIn(now, staffId);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Only from the state read: a dose recorded at the same moment is not turned back into a check-in.
        var changed = await db.Appointments.Where(a => a.Id == appointment.Id && a.State == before)
            .ExecuteUpdateAsync(s => s
                .SetProperty(a => a.State, appointment.State)
                .SetProperty(a => a.CheckedInAt, appointment.CheckedInAt)
                .SetProperty(a => a.CheckedInByStaffId, appointment.CheckedInByStaffId)
                .SetProperty(a => a.NoShowAt, appointment.NoShowAt), cancellationToken);
        if (changed != 1)
        {
            await transaction.RollbackAsync(cancellationToken);
            var fresh = await db.Appointments.AsNoTracking().SingleAsync(a => a.Id == appointment.Id, cancellationToken);
            var again = fresh.CanCheckIn(day.ClinicId, day.Date, deskClinicId, today);
            return again != CheckInRefusal.None ? Refuse(again, day, clinic, fresh) : Answer(fresh, person, product);
        }
        bool? seatTaken = null;
        if (before == AppointmentState.NoShow)
        {
            // Back the same day after the job gave their seat away: the seat again where it is still
            // free (a walk-in may have had it; the dose is what counts, and recording checks that),
            // and out of the line again so no wave invites someone being vaccinated.
            seatTaken = await db.Slots.Where(s => s.Id == appointment.SlotId && s.Booked < s.Capacity)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Booked, x => x.Booked + 1), cancellationToken) == 1;
            await db.People.Where(p => p.Id == appointment.PersonId && (p.Status == PersonStatus.Waiting || p.Status == PersonStatus.Withdrawn))
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, PersonStatus.Booked), cancellationToken);
        }
        audit.Record(actor, "appointment.checkedIn", "Appointment", appointment.Id.ToString(), new { clinicDayId = day.Id, from = DeskAccess.StateName(before), seatTaken });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Answer(appointment, person, product);
    }

    private static CheckedIn Answer(Appointment a, Person p, VaccineProduct product) =>
        new(a.Id, new CheckedInPerson(p.Id, p.FirstName, p.LastName), a.DoseNumber, product.CvxCode, product.Name, DeskAccess.StateName(a.State), a.CheckedInAt!.Value);

    private static DeskRefusal Refuse(CheckInRefusal refusal, ClinicDay day, Clinic clinic, Appointment appointment) => refusal switch
    {
        CheckInRefusal.Cancelled => new DeskRefusal("cancelled",
            "This appointment was cancelled. If the person is eligible, register them as a walk-in or book a new appointment."),
        CheckInRefusal.AlreadyVaccinated => new DeskRefusal("alreadyVaccinated",
            $"Dose {appointment.DoseNumber} was already recorded for this appointment. Do not vaccinate again; ask your clinic lead if the record looks wrong."),
        CheckInRefusal.NoShow => new DeskRefusal("anotherDay",
            $"This appointment was on {day.Date:yyyy-MM-dd} and was missed. Book the person a new appointment.",
            new Dictionary<string, object?> { ["appointmentDate"] = day.Date }),
        CheckInRefusal.AnotherDay => new DeskRefusal("anotherDay",
            $"This appointment is on {day.Date:yyyy-MM-dd} at {clinic.Name}, not today. Ask the person to come back that day, or move the appointment.",
            new Dictionary<string, object?> { ["appointmentDate"] = day.Date }),
        CheckInRefusal.AnotherClinic => new DeskRefusal("anotherClinic",
            $"This appointment is at {clinic.Name}, not at this clinic. Send the person there."),
        CheckInRefusal.DateOfBirthMismatch => new DeskRefusal("dateOfBirthMismatch", "The date of birth does not match this appointment."),
        _ => throw new InvalidOperationException($"No words for {refusal}."),
    };
}
