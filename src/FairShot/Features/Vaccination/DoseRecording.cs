using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Audit;
using FairShot.Features.Staff;
using FairShot.Features.Supply;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Vaccination;

public sealed record RecordDoseRequest(Guid? AppointmentId, string? SiteCode, string? Outcome, string? Reason, string? Note, string? Lot, string? Route, string? BodySite,
    string? AdministeredAt);

public sealed record Vaccinator(Guid Id, string Name);

/// <summary>What to hand over: the next dose's appointment, the reservation that will seat it, or nothing.</summary>
public sealed record NextDose(string Kind, DateOnly? Date = null, string? Time = null, string? ClinicName = null, string? ConfirmationCode = null,
    DateOnly? EarliestDate = null, DateOnly? LatestDate = null);

public sealed record AdministrationView(Guid AdministrationId, Guid AppointmentId, string Outcome, string? Reason, string? Note, string ProductCvx, string ProductName,
    string Mvx, string Ndc, string? Lot, DateOnly? ExpiresOn, int DoseNumber, string? Route, string? BodySite, DateTimeOffset AdministeredAt, Vaccinator Vaccinator,
    NextDose NextDose, string State, int Version, string? ChangeReason);

/// <summary>The HL7 code lists the vaccinator chooses from.</summary>
public static class AdministrationCodes
{
    /// <summary>HL7 table 0162, route of administration.</summary>
    public static readonly IReadOnlyList<string> Routes = ["IM", "SC", "ID", "IN", "PO"];

    /// <summary>HL7 table 0163, body site.</summary>
    public static readonly IReadOnlyList<string> BodySites = ["LA", "RA", "LD", "RD", "LT", "RT", "LVL", "RVL", "LG", "RG"];

    public static readonly IReadOnlyDictionary<string, AdministrationOutcome> Outcomes = new Dictionary<string, AdministrationOutcome>(StringComparer.OrdinalIgnoreCase)
    {
        ["given"] = AdministrationOutcome.Given,
        ["refused"] = AdministrationOutcome.Refused,
        ["notGiven"] = AdministrationOutcome.NotGiven,
    };

    public static readonly IReadOnlyDictionary<string, NotGivenReason> Reasons = new Dictionary<string, NotGivenReason>(StringComparer.OrdinalIgnoreCase)
    {
        ["contraindication"] = NotGivenReason.Contraindication,
        ["leftBefore"] = NotGivenReason.LeftBefore,
        ["other"] = NotGivenReason.Other,
    };

    public static string OutcomeName(AdministrationOutcome outcome) => Outcomes.First(o => o.Value == outcome).Key;

    public static string ReasonName(NotGivenReason reason) => Reasons.First(r => r.Value == reason).Key;

    public static string? CheckRoute(string? value, string field, ValidationErrors errors)
    {
        var route = value?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(route))
        {
            errors.Add(field, "Choose the route: IM (intramuscular), SC, ID, IN or PO.");
            return null;
        }
        if (!Routes.Contains(route))
        {
            errors.Add(field, "Use an HL7 route code: IM, SC, ID, IN or PO.");
            return null;
        }
        return route;
    }

    public static string? CheckBodySite(string? value, string field, ValidationErrors errors)
    {
        var site = value?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(site))
        {
            errors.Add(field, "Choose the body site, for example LD (left deltoid) or RD (right deltoid).");
            return null;
        }
        if (!BodySites.Contains(site))
        {
            errors.Add(field, $"Use an HL7 body site code: {string.Join(", ", BodySites)}.");
            return null;
        }
        return site;
    }

    public static string? CheckLot(string? value, ValidationErrors errors)
    {
        var lot = value?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(lot))
        {
            return null;
        }
        if (lot.Length > StockLot.LotMaxLength)
        {
            errors.Add("lot", $"A lot number has at most {StockLot.LotMaxLength} characters: check the vial's label.");
        }
        return lot;
    }

    /// <summary>When the dose was given: now when not said; never in the future, and on the clinic day.</summary>
    public static DateTime? CheckTime(string? value, Clinic clinic, ClinicDay day, DateTime now, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (!DateTimeOffset.TryParse(value.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) || !value.Contains('T', StringComparison.Ordinal))
        {
            errors.Add("administeredAt", "Give the time with its offset, like 2027-03-01T10:15:00-06:00.");
            return null;
        }
        var utc = at.UtcDateTime;
        if (utc > now.AddMinutes(5))
        {
            errors.Add("administeredAt", "The time is in the future: give the time the dose was given.");
        }
        else if (clinic.Clock.Local(utc).Date.ToDateOnly() != day.Date)
        {
            errors.Add("administeredAt", $"The time is not on the clinic day ({day.Date:yyyy-MM-dd}).");
        }
        return utc;
    }

    public static string? CheckText(string? value, string field, string what, ValidationErrors errors)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (text.Length > Administration.ReasonMaxLength)
        {
            errors.Add(field, $"The {what} can be at most {Administration.ReasonMaxLength} characters.");
        }
        return text;
    }
}

/// <summary>
/// Recording what happened at the chair, all in one transaction: the administration row, the
/// appointment's state, the dose taken from the lot through the ledger (see the accounting rule on
/// <see cref="SupplyLedger"/>), the vial it was drawn from, the person's status and the audit entry.
/// Every dose given takes the clinic's balance lock first, so recordings at one clinic and product
/// happen one after another (the balance row is written by each anyway); the lot's and the day's
/// conditional updates and the one-live-record index back that up in the database.
/// </summary>
public sealed class DoseRecording(FairShotDb db, DeskAccess access, SupplyLedger ledger, OpenedVials vials, AuditTrail audit, TimeProvider clock,
    Records.RegistryQueue registry)
{
    public async Task<Result<AdministrationView>> RecordAsync(ClaimsPrincipal user, RecordDoseRequest request, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (request.AppointmentId is null)
        {
            errors.Add("appointmentId", "Say which appointment the dose is for (appointmentId, from check-in).");
        }
        var outcome = AdministrationOutcome.Given;
        if (!string.IsNullOrWhiteSpace(request.Outcome) && !AdministrationCodes.Outcomes.TryGetValue(request.Outcome.Trim(), out outcome))
        {
            errors.Add("outcome", "The outcome is given, refused or notGiven.");
        }
        NotGivenReason? reason = null;
        if (!string.IsNullOrWhiteSpace(request.Reason))
        {
            if (AdministrationCodes.Reasons.TryGetValue(request.Reason.Trim(), out var r))
            {
                reason = r;
            }
            else
            {
                errors.Add("reason", "The reason is contraindication, leftBefore or other.");
            }
        }
        var note = AdministrationCodes.CheckText(request.Note, "note", "note", errors);
        string? route = null, site = null, lot = null;
        if (outcome == AdministrationOutcome.Given)
        {
            route = AdministrationCodes.CheckRoute(request.Route, "route", errors);
            site = AdministrationCodes.CheckBodySite(request.BodySite, "bodySite", errors);
            lot = AdministrationCodes.CheckLot(request.Lot, errors);
        }
        if (errors.Any)
        {
            return errors.ToError();
        }

        var appointment = await db.Appointments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == request.AppointmentId!.Value, cancellationToken);
        if (appointment is null)
        {
            return new NotFoundError("There is no appointment with this id.");
        }
        var found = await access.DayAsync(user, appointment.ClinicDayId, cancellationToken);
        if (!found.Succeeded)
        {
            return found.Error!;
        }
        var (day, clinic, product) = found.Value!;
        // The code the person holds: no dose is recorded for someone who is not there. Wrong codes
        // count with wrong dates of birth at check-in, so 10,000 codes cannot be tried in turn.
        if (appointment.CheckInFailures >= CheckIns.MaxDateOfBirthMismatches)
        {
            return new DeskRefusal("tooManyAttempts",
                "The date of birth or the site code did not match too many times for this appointment, so no dose can be recorded on it. Check the person's identity document and ask your clinic lead.");
        }
        if (!SiteCodeMatches(request.SiteCode, appointment.SiteCode))
        {
            if (string.IsNullOrWhiteSpace(request.SiteCode))
            {
                return ValidationError.For("siteCode", "Enter the 4-digit site code the person shows on their confirmation.");
            }
            var left = await SiteCodeMismatchAsync(user, appointment, cancellationToken);
            return ValidationError.For("siteCode",
                $"The site code does not match this appointment. Ask the person for the 4-digit code on their confirmation; nothing was recorded ({left} more tries).");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var timeErrors = new ValidationErrors();
        var at = AdministrationCodes.CheckTime(request.AdministeredAt, clinic, day, now, timeErrors) ?? now;
        if (timeErrors.Any)
        {
            return timeErrors.ToError();
        }
        var today = clinic.Today(clock.GetUtcNow());
        if (day.Date != today)
        {
            return new DeskRefusal("anotherDay", $"This appointment is on {day.Date:yyyy-MM-dd}, not today: a dose is recorded on the clinic day.");
        }
        if (appointment.State is not (AppointmentState.Booked or AppointmentState.CheckedIn))
        {
            return StateRefusal(appointment);
        }

        var staffId = DeskAccess.StaffIdOf(user);
        var actor = user.ToActor();
        await ledger.EnsureBalanceAsync(clinic.Id, product.CvxCode, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var before = appointment.State;
        Administration record;
        if (outcome == AdministrationOutcome.Given)
        {
            await ledger.LockAsync(clinic.Id, product.CvxCode, cancellationToken);
            var taken = await TakeDoseAsync(clinic, day, product, lot, today, appointment.Id, actor, now, cancellationToken);
            if (!taken.Succeeded)
            {
                await transaction.RollbackAsync(cancellationToken);
                return taken.Error!;
            }
            var line = taken.Value!;
            appointment.MarkVaccinated(now, staffId);
            record = Administration.Given(appointment, clinic.Id, new Administration.Dose(product, line.Id, line.Lot, line.ExpiresOn, route!, site!), at, staffId, now);
        }
        else
        {
            if (appointment.State == AppointmentState.Booked)
            {
                appointment.CheckIn(now, staffId);
            }
            record = Administration.NotAdministered(appointment, clinic.Id, product, outcome, reason, note, at, staffId, now);
        }
        var moved = await db.Appointments.Where(a => a.Id == appointment.Id && a.State == before)
            .ExecuteUpdateAsync(s => s
                .SetProperty(a => a.State, appointment.State)
                .SetProperty(a => a.CheckedInAt, appointment.CheckedInAt)
                .SetProperty(a => a.CheckedInByStaffId, appointment.CheckedInByStaffId), cancellationToken);
        if (moved != 1)
        {
            await transaction.RollbackAsync(cancellationToken);
            return new DeskRefusal("alreadyRecorded", "Something was recorded for this appointment at the same moment. Look at the list again before recording.");
        }
        db.Administrations.Add(record);
        object? released = null;
        if (outcome == AdministrationOutcome.Given)
        {
            if (appointment.DoseNumber >= product.DosesInSeries)
            {
                await db.People.Where(p => p.Id == appointment.PersonId && p.Status != PersonStatus.Withdrawn)
                    .ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, PersonStatus.Vaccinated), cancellationToken);
            }
        }
        else if (appointment.DoseNumber == 1)
        {
            released = await ReleaseSecondDoseAsync(appointment, actor, now, cancellationToken);
            await db.People.Where(p => p.Id == appointment.PersonId && p.Status == PersonStatus.Booked)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, PersonStatus.Waiting), cancellationToken);
        }
        audit.Record(actor, outcome == AdministrationOutcome.Given ? "administration.given" : "administration." + AdministrationCodes.OutcomeName(outcome),
            "Administration", record.Id.ToString(), new
            {
                appointmentId = appointment.Id,
                clinicDayId = day.Id,
                doseNumber = record.DoseNumber,
                productCvx = record.ProductCvx,
                lotId = record.StockLotId,
                lot = record.Lot,
                route = record.Route,
                bodySite = record.BodySite,
                reason = record.NotGivenReason is { } g ? AdministrationCodes.ReasonName(g) : null,
                administeredAt = record.AdministeredAt,
                released,
            });
        await registry.EnqueueAsync(record, Records.Hl7.VxuAction.Add, now, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The index allows one live record per appointment: another vaccinator recorded first.
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            return new DeskRefusal("alreadyRecorded", "A record for this appointment already exists. Look at the list again; a clinic lead can correct or void it.");
        }
        await transaction.CommitAsync(cancellationToken);
        return await DescribeAsync(record, cancellationToken);
    }

    /// <summary>
    /// One dose of the lot (earliest expiry first) at the clinic, for the day: lot -1, balance supply
    /// and allocated -1, administered +1, the day's administered +1, one ledger row, one vial draw.
    /// A day whose doses are all given (extra walk-ins) first gets one more from the clinic's free doses.
    /// </summary>
    private async Task<Result<StockLot>> TakeDoseAsync(Clinic clinic, ClinicDay day, VaccineProduct product, string? lot, DateOnly today, Guid appointmentId, Actor actor,
        DateTime now, CancellationToken cancellationToken)
    {
        var lines = await db.StockLots.AsNoTracking()
            .Where(l => l.ClinicId == clinic.Id && l.ProductCvx == product.CvxCode && (lot == null || l.Lot == lot) && l.AvailableFrom <= today)
            .ToListAsync(cancellationToken);
        var usable = lines.Where(l => l.ExpiresOn >= today && l.OnHand > 0)
            .OrderBy(l => l.EarmarkId == day.EarmarkId ? 0 : 1).ThenBy(l => l.ExpiresOn).ThenBy(l => l.AvailableFrom).ToList();
        if (usable.Count == 0)
        {
            var what = lot is null ? $"{product.Name}" : $"lot {lot}";
            return lines.Count == 0
                ? new DeskRefusal("lotNotHere", $"{clinic.Name} has no {what} in its stock. Check the lot number on the vial.")
                : lines.All(l => l.ExpiresOn < today)
                    ? new DeskRefusal("lotExpired", $"{(lot is null ? "Every lot" : "Lot " + lot)} at {clinic.Name} has expired: do not use it. Take a vial of another lot.")
                    : new DeskRefusal("lotUsedUp", $"{clinic.Name} has no dose of {what} left on hand. Take a vial of another lot.");
        }
        var line = usable[0];
        var took = await db.StockLots.Where(l => l.Id == line.Id && l.OnHand >= 1 && l.ExpiresOn >= today)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.OnHand, l => l.OnHand - 1), cancellationToken);
        if (took != 1)
        {
            return new DeskRefusal("lotUsedUp", $"{clinic.Name} has no dose of lot {line.Lot} left on hand. Take a vial of another lot.");
        }
        var fresh = await db.ClinicDays.AsNoTracking().Where(d => d.Id == day.Id).Select(d => new { d.DosesAllocated, d.DosesAdministered }).SingleAsync(cancellationToken);
        if (fresh.DosesAdministered >= fresh.DosesAllocated)
        {
            var free = await db.StockBalances.AsNoTracking()
                .AnyAsync(b => b.ClinicId == clinic.Id && b.ProductCvx == product.CvxCode && b.Allocated + b.Reserved + 1 <= b.Supply + b.Uncovered, cancellationToken);
            if (!free)
            {
                return new DeskRefusal("noFreeDose",
                    $"Every dose of {product.Name} at {clinic.Name} is promised to a booked seat or a second dose. Nothing was recorded; ask your clinic lead.");
            }
            await ledger.AllocateAsync(clinic.Id, product.CvxCode, day.Id, 1, actor, cancellationToken);
            await db.ClinicDays.Where(d => d.Id == day.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.DosesAllocated, d => d.DosesAllocated + 1), cancellationToken);
        }
        var counted = await db.ClinicDays.Where(d => d.Id == day.Id && d.DosesAdministered < d.DosesAllocated)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.DosesAdministered, d => d.DosesAdministered + 1), cancellationToken);
        if (counted != 1)
        {
            return new DeskRefusal("noFreeDose", "The day's doses are all given. Nothing was recorded; ask your clinic lead.");
        }
        await db.StockBalances.Where(b => b.ClinicId == clinic.Id && b.ProductCvx == product.CvxCode)
            .ExecuteUpdateAsync(s => s
                .SetProperty(b => b.Supply, b => b.Supply - 1)
                .SetProperty(b => b.Allocated, b => b.Allocated - 1)
                .SetProperty(b => b.Administered, b => b.Administered + 1), cancellationToken);
        db.StockMovements.Add(new StockMovement(clinic.Id, product.CvxCode, StockMovementKind.Administered, 1, now, actor.ToString(),
            lotId: line.Id, clinicDayId: day.Id, appointmentId: appointmentId));
        await vials.DrawAsync(day.Id, line, product, now, cancellationToken);
        return line;
    }

    /// <summary>Dose 1 not given: its dose-2 appointment gives its seat back, or its reservation its held dose.</summary>
    private async Task<object?> ReleaseSecondDoseAsync(Appointment first, Actor actor, DateTime now, CancellationToken cancellationToken)
    {
        var cancelled = new List<Guid>();
        var next = await db.Appointments.AsNoTracking()
            .Where(a => a.PreviousDoseAppointmentId == first.Id && a.State == AppointmentState.Booked).ToListAsync(cancellationToken);
        foreach (var a in next)
        {
            var changed = await db.Appointments.Where(x => x.Id == a.Id && x.State == AppointmentState.Booked)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.State, AppointmentState.Cancelled).SetProperty(x => x.CancelledAt, now), cancellationToken);
            if (changed == 1)
            {
                await db.Slots.Where(s => s.Id == a.SlotId && s.Booked > 0).ExecuteUpdateAsync(s => s.SetProperty(x => x.Booked, x => x.Booked - 1), cancellationToken);
                cancelled.Add(a.Id);
            }
        }
        Guid? reservationId = null;
        var reservation = await db.SecondDoseReservations.AsNoTracking()
            .SingleOrDefaultAsync(r => r.FirstDoseAppointmentId == first.Id && r.State == ReservationState.Waiting, cancellationToken);
        if (reservation is not null && await db.SecondDoseReservations.Where(r => r.Id == reservation.Id && r.State == ReservationState.Waiting)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, ReservationState.Cancelled), cancellationToken) == 1)
        {
            await ledger.ReleaseSecondDoseHoldAsync(reservation, actor, cancellationToken);
            reservationId = reservation.Id;
        }
        return cancelled.Count == 0 && reservationId is null ? null : new { appointments = cancelled, reservationId };
    }

    private static DeskRefusal StateRefusal(Appointment appointment) => appointment.State switch
    {
        AppointmentState.Administered => new DeskRefusal("alreadyVaccinated", $"Dose {appointment.DoseNumber} was already recorded for this appointment. Do not vaccinate again."),
        AppointmentState.Cancelled => new DeskRefusal("cancelled", "This appointment was cancelled: nothing can be recorded for it."),
        _ => new DeskRefusal("notCheckedIn", "This appointment was marked as a no-show: check the person in again first."),
    };

    /// <summary>Counts a wrong site code against the appointment (never the code typed); the tries left.</summary>
    private async Task<int> SiteCodeMismatchAsync(ClaimsPrincipal user, Appointment appointment, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Appointments.Where(a => a.Id == appointment.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.CheckInFailures, a => a.CheckInFailures + 1), cancellationToken);
        audit.Record(user.ToActor(), "administration.siteCodeMismatch", "Appointment", appointment.Id.ToString(),
            new { clinicDayId = appointment.ClinicDayId, failures = appointment.CheckInFailures + 1 });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Math.Max(0, CheckIns.MaxDateOfBirthMismatches - appointment.CheckInFailures - 1);
    }

    private static bool SiteCodeMatches(string? given, string expected)
    {
        var code = given?.Trim() ?? "";
        return code.Length > 0 && expected.Length > 0
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(code), Encoding.UTF8.GetBytes(expected));
    }

    /// <summary>The record as the desk shows it, with the next dose to hand over.</summary>
    public async Task<AdministrationView> DescribeAsync(Administration a, CancellationToken cancellationToken)
    {
        var clinic = await db.Clinics.AsNoTracking().SingleAsync(c => c.Id == a.ClinicId, cancellationToken);
        var name = await db.Users.AsNoTracking().Where(u => u.Id == a.VaccinatorStaffId).Select(u => u.DisplayName).SingleOrDefaultAsync(cancellationToken) ?? "";
        return new AdministrationView(a.Id, a.AppointmentId, AdministrationCodes.OutcomeName(a.Outcome),
            a.NotGivenReason is { } r ? AdministrationCodes.ReasonName(r) : null, a.OutcomeNote, a.ProductCvx, a.ProductName, a.MvxCode, a.NdcUnitOfUse,
            a.Lot, a.LotExpiresOn, a.DoseNumber, a.Route, a.BodySite, DeskAccess.AtClinic(clinic, a.AdministeredAt), new Vaccinator(a.VaccinatorStaffId, name),
            a.Outcome == AdministrationOutcome.Given && !a.IsVoided ? await NextDoseAsync(a.AppointmentId, cancellationToken) : new NextDose("none"),
            a.State.ToString().ToLowerInvariant(), a.Version, a.ChangeReason);
    }

    private async Task<NextDose> NextDoseAsync(Guid appointmentId, CancellationToken cancellationToken)
    {
        var next = await (from a in db.Appointments.AsNoTracking()
                          join s in db.Slots.AsNoTracking() on a.SlotId equals s.Id
                          join d in db.ClinicDays.AsNoTracking() on a.ClinicDayId equals d.Id
                          join c in db.Clinics.AsNoTracking() on d.ClinicId equals c.Id
                          where a.PreviousDoseAppointmentId == appointmentId
                                && (a.State == AppointmentState.Booked || a.State == AppointmentState.CheckedIn)
                          select new { d.Date, s.StartsAt, Clinic = c, a.ConfirmationCode }).FirstOrDefaultAsync(cancellationToken);
        if (next is not null)
        {
            return new NextDose("appointment", next.Date, DeskAccess.LocalTime(next.Clinic, next.StartsAt), next.Clinic.Name, next.ConfirmationCode);
        }
        var reservation = await db.SecondDoseReservations.AsNoTracking()
            .FirstOrDefaultAsync(r => r.FirstDoseAppointmentId == appointmentId && r.State == ReservationState.Waiting, cancellationToken);
        return reservation is null
            ? new NextDose("none")
            : new NextDose("reservation", EarliestDate: reservation.EarliestDate, LatestDate: reservation.LatestDate);
    }

    public async Task<Result<AdministrationView>> GetAsync(ClaimsPrincipal user, Guid id, CancellationToken cancellationToken)
    {
        var record = await db.Administrations.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (record is null)
        {
            return new NotFoundError("There is no recorded dose with this id.");
        }
        if (!await access.CanActOnAsync(user, record.ClinicId, cancellationToken))
        {
            return new NotYourClinicError();
        }
        return await DescribeAsync(record, cancellationToken);
    }
}
