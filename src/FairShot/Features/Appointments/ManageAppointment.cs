using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Audit;
using FairShot.Features.Booking;
using FairShot.Features.Invitations;
using FairShot.Features.Notifications;
using FairShot.Features.OneTimeCodes;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Appointments;

public sealed record AppointmentView(string ConfirmationCode, string State, int DoseNumber, DateTime StartsAt, DateTime EndsAt, ClinicInfo Clinic, string Product,
    string? OtherDoseConfirmationCode, SecondDoseReleased? SecondDoseReleased = null);

/// <summary>
/// In a move's answer: dose 1 moved too close to dose 2 (less than the product's interval), so
/// dose 2's appointment was cancelled, its seat released, and the person reserved first in line
/// for a second dose from <see cref="ReservedFrom"/>.
/// </summary>
public sealed record SecondDoseReleased(string CancelledConfirmationCode, DateOnly ReservedFrom, string Detail);

public sealed record MoveRequest(Guid? SlotId);

/// <summary>
/// A resident views, cancels or moves their appointment with the confirmation code plus a one-time
/// code sent to the contact on file. Seats move only through conditional updates: a cancelled seat
/// is released exactly once (the appointment's own state change is the guard), and a move takes the
/// new seat before it gives back the old one, in one transaction.
/// </summary>
public sealed class ManageAppointment(FairShotDb db, OneTimeCodeService codes, AuditTrail audit, TimeProvider clock, Supply.SupplyLedger supply)
{
    private async Task<Appointment?> FindAsync(string confirmationCode, CancellationToken ct)
    {
        if (confirmationCode is not { Length: 10 })
        {
            return null;
        }
        var code = confirmationCode.ToUpperInvariant(); // outside the query, which would compile the call each time
        return await db.Appointments.AsNoTracking().SingleOrDefaultAsync(a => a.ConfirmationCode == code, ct);
    }

    private static NotFoundError Unknown => new("There is no appointment with this confirmation code. Check the code in your confirmation message.");

    public async Task<Result<CodeSent>> SendCodeAsync(string confirmationCode, CancellationToken ct)
    {
        var appointment = await FindAsync(confirmationCode, ct);
        if (appointment is null)
        {
            return Unknown;
        }
        var person = await db.People.AsNoTracking().SingleAsync(p => p.Id == appointment.PersonId, ct);
        var issued = await codes.IssueAsync(new CodeRequest(CodePurpose.ManageAppointment, appointment.Id.ToString("N"),
            new CodeMessage(person.Email is not null ? NotificationChannel.Email : NotificationChannel.Sms, person.Email ?? person.Phone!, person.Language, NotificationTemplates.AppointmentCode, (w, code, minutes) => w.AppointmentCodeMessage(code, minutes)),
            InvitationAccess.CodesPerContactPerDay), ct);
        var sentTo = InvitationAccess.Mask(person.Email, person.Phone);
        return issued.Sent ? new CodeSent(sentTo)
            : CodeNotSent.For(issued, sentTo, "We have sent as many codes as we can today. Use the last code you received, or call the help line.");
    }

    public async Task<Result<SessionIssued>> VerifyAsync(string confirmationCode, string? code, CancellationToken ct)
    {
        var appointment = await FindAsync(confirmationCode, ct);
        if (appointment is null)
        {
            return Unknown;
        }
        if (code is not { Length: 6 } || !code.All(char.IsAsciiDigit))
        {
            return ValidationError.For("code", "Enter the 6-digit code we sent you.");
        }
        if (!await codes.RedeemAsync(CodePurpose.ManageAppointment, appointment.Id.ToString("N"), code, ct))
        {
            return new UnauthorizedError("That code is not right, has expired or was already used. Ask for a new code.");
        }
        var token = Invitation.NewToken();
        var session = new AppointmentSession(appointment.Id, Invitation.HashToken(token), clock.GetUtcNow().UtcDateTime);
        db.AppointmentSessions.Add(session);
        await db.SaveChangesAsync(ct);
        return new SessionIssued(token, session.ExpiresAt);
    }

    private async Task<Result<Appointment>> AuthorisedAsync(string confirmationCode, string? sessionToken, CancellationToken ct)
    {
        var appointment = await FindAsync(confirmationCode, ct);
        if (appointment is null)
        {
            return Unknown;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var hash = Invitation.LooksLikeToken(sessionToken) ? Invitation.HashToken(sessionToken!) : "";
        return await db.AppointmentSessions.AnyAsync(s => s.TokenHash == hash && s.AppointmentId == appointment.Id && s.ExpiresAt > now, ct)
            ? appointment
            : new UnauthorizedError("Confirm it is you first: ask for a code and enter it.");
    }

    public async Task<Result<AppointmentView>> ViewAsync(string confirmationCode, string? sessionToken, CancellationToken ct)
    {
        var found = await AuthorisedAsync(confirmationCode, sessionToken, ct);
        return found.Succeeded ? await DescribeAsync(found.Value!, ct) : found.Error!;
    }

    /// <summary>The API's view of an appointment: the same details the pages and the calendar file show.</summary>
    public async Task<AppointmentView> DescribeAsync(Appointment a, CancellationToken ct)
    {
        var d = await AppointmentDetails.OfAsync(db, a, ct);
        return new AppointmentView(d.ConfirmationCode, d.State.ToString().ToLowerInvariant(), d.DoseNumber, d.StartsAt, d.EndsAt,
            new ClinicInfo(d.ClinicName, d.ClinicAddress, d.TimeZoneId), d.Product, d.OtherDose?.ConfirmationCode);
    }

    public async Task<Result<AppointmentView>> CancelAsync(string confirmationCode, string? sessionToken, CancellationToken ct)
    {
        var found = await AuthorisedAsync(confirmationCode, sessionToken, ct);
        if (!found.Succeeded)
        {
            return found.Error!;
        }
        var appointment = found.Value!;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var (released, alsoCancelled) = await ReleaseAsync(Actor.Resident, appointment, ct);
        if (released == 0)
        {
            await transaction.RollbackAsync(ct);
            return new ConflictError("This appointment is not booked any more (it was cancelled or has taken place).");
        }
        audit.Record(Actor.Resident, "appointment.cancelled", "Appointment", appointment.Id.ToString(), new { seatsReleased = released, alsoCancelled });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return await DescribeAsync(await db.Appointments.AsNoTracking().SingleAsync(a => a.Id == appointment.Id, ct), ct);
    }

    /// <summary>
    /// Cancels a booked appointment inside the caller's transaction, the one way every cancel path
    /// takes: dose 2 booked with a dose 1 goes too, each seat is released exactly once (the state
    /// change is the guard), a dose-2 reservation is cancelled and its held dose given back, and the
    /// person is back in line at the same place. Returns the seats released (0: it was not booked)
    /// and how many other appointments went with it. The caller writes the audit entry.
    /// </summary>
    public async Task<(int Released, int AlsoCancelled)> ReleaseAsync(Actor actor, Appointment appointment, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // Cancelling dose 1 also cancels the dose 2 booked with it.
        var toCancel = await db.Appointments.AsNoTracking()
            .Where(a => a.Id == appointment.Id || (a.PreviousDoseAppointmentId == appointment.Id && a.State == AppointmentState.Booked))
            .ToListAsync(ct);
        var released = 0;
        foreach (var a in toCancel)
        {
            var changed = await db.Appointments.Where(x => x.Id == a.Id && x.State == AppointmentState.Booked)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.State, AppointmentState.Cancelled).SetProperty(x => x.CancelledAt, now), ct);
            if (changed == 1)
            {
                // Only the request that changed the state gives the seat back: released exactly once.
                released += await db.Slots.Where(s => s.Id == a.SlotId && s.Booked > 0)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.Booked, x => x.Booked - 1), ct);
            }
        }
        if (released == 0)
        {
            return (0, 0);
        }
        await CancelSecondDoseReservationAsync(appointment.Id, actor, ct);
        if (appointment.DoseNumber == 1)
        {
            // Back in line at the same place: their registration time and tie-breaker are unchanged.
            await db.People.Where(p => p.Id == appointment.PersonId && p.Status == PersonStatus.Booked)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, PersonStatus.Waiting), ct);
        }
        return (released, toCancel.Count - 1);
    }

    /// <summary>A cancelled dose 1 takes its dose-2 reservation with it, and gives back the dose held for it.</summary>
    private async Task CancelSecondDoseReservationAsync(Guid firstDoseAppointmentId, Actor actor, CancellationToken ct)
    {
        var reservation = await db.SecondDoseReservations.AsNoTracking()
            .SingleOrDefaultAsync(r => r.FirstDoseAppointmentId == firstDoseAppointmentId && r.State == ReservationState.Waiting, ct);
        if (reservation is null)
        {
            return;
        }
        var cancelled = await db.SecondDoseReservations.Where(r => r.Id == reservation.Id && r.State == ReservationState.Waiting)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, ReservationState.Cancelled), ct);
        if (cancelled == 1)
        {
            await supply.ReleaseSecondDoseHoldAsync(reservation, actor, ct);
        }
    }

    /// <summary>
    /// The times a booked appointment can move to: future slots with a free seat for the same
    /// vaccine, at any clinic, soonest first, and for a later dose only on days at least the
    /// product's interval after the dose before it (the same rules <see cref="MoveAsync"/> applies).
    /// </summary>
    public async Task<Result<IReadOnlyList<OpenSlot>>> MoveChoicesAsync(string confirmationCode, string? sessionToken, CancellationToken ct)
    {
        var found = await AuthorisedAsync(confirmationCode, sessionToken, ct);
        if (!found.Succeeded)
        {
            return found.Error!;
        }
        var appointment = found.Value!;
        if (appointment.State != AppointmentState.Booked)
        {
            return new ConflictError("Only a booked appointment can be moved.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var cvx = await db.ClinicDays.AsNoTracking().Where(d => d.Id == appointment.ClinicDayId).Select(d => d.ProductCvx).SingleAsync(ct);
        var sameVaccine = from s in db.Slots.AsNoTracking()
                          join d in db.ClinicDays.AsNoTracking() on s.ClinicDayId equals d.Id
                          join c in db.Clinics.AsNoTracking() on d.ClinicId equals c.Id
                          where d.ProductCvx == cvx && s.Id != appointment.SlotId
                          select new BookableSlot { Slot = s, Day = d, Clinic = c };
        if ((await SeriesAsync(appointment, ct)).Previous is { } previous)
        {
            var earliest = DoseOrder.EarliestNext(previous.Date, DoseOrder.MinimumDays(await ProductAsync(cvx, ct)));
            sameVaccine = sameVaccine.Where(x => x.Day.Date >= earliest && x.Slot.StartsAt > previous.StartsAt);
        }
        return await OpenSlots.Of(sameVaccine, now).Take(500).ToListAsync(ct);
    }

    /// <summary>An active dose of the same series, where and when it is.</summary>
    public sealed record SeriesDose(Guid Id, string ConfirmationCode, int DoseNumber, AppointmentState State, Guid SlotId, DateOnly Date, DateTime StartsAt);

    /// <summary>The person's active doses just before and just after this one (the index allows one active appointment per dose).</summary>
    public async Task<(SeriesDose? Previous, SeriesDose? Next)> SeriesAsync(Appointment appointment, CancellationToken ct)
    {
        var doses = await (from a in db.Appointments.AsNoTracking()
                           join s in db.Slots.AsNoTracking() on a.SlotId equals s.Id
                           join d in db.ClinicDays.AsNoTracking() on a.ClinicDayId equals d.Id
                           where a.PersonId == appointment.PersonId && a.Id != appointment.Id
                                 && (a.DoseNumber == appointment.DoseNumber - 1 || a.DoseNumber == appointment.DoseNumber + 1)
                                 && (a.State == AppointmentState.Booked || a.State == AppointmentState.CheckedIn || a.State == AppointmentState.Administered)
                           select new SeriesDose(a.Id, a.ConfirmationCode, a.DoseNumber, a.State, a.SlotId, d.Date, s.StartsAt)).ToListAsync(ct);
        return (doses.FirstOrDefault(d => d.DoseNumber == appointment.DoseNumber - 1), doses.FirstOrDefault(d => d.DoseNumber == appointment.DoseNumber + 1));
    }

    /// <summary>
    /// What the move page tells the person before they choose: a later dose's first possible day,
    /// and for dose 1 with dose 2 booked the last day that keeps dose 2 where it is. The caller has
    /// checked the session.
    /// </summary>
    public async Task<(DateOnly? NextDoseFrom, DateOnly? KeepsNextDoseUntil)> MoveLimitsAsync(Guid appointmentId, CancellationToken ct)
    {
        var appointment = await db.Appointments.AsNoTracking().SingleAsync(a => a.Id == appointmentId, ct);
        var cvx = await db.ClinicDays.AsNoTracking().Where(d => d.Id == appointment.ClinicDayId).Select(d => d.ProductCvx).SingleAsync(ct);
        var interval = DoseOrder.MinimumDays(await ProductAsync(cvx, ct));
        var (previous, next) = await SeriesAsync(appointment, ct);
        return (previous is null ? null : DoseOrder.EarliestNext(previous.Date, interval),
            next is { State: AppointmentState.Booked } ? DoseOrder.LatestPrevious(next.Date, interval) : null);
    }

    private async Task<VaccineProduct> ProductAsync(string cvx, CancellationToken ct) =>
        await db.Products.AsNoTracking().SingleAsync(p => p.CvxCode == cvx, ct);

    public async Task<Result<AppointmentView>> MoveAsync(string confirmationCode, string? sessionToken, MoveRequest request, CancellationToken ct)
    {
        var found = await AuthorisedAsync(confirmationCode, sessionToken, ct);
        if (!found.Succeeded)
        {
            return found.Error!;
        }
        var appointment = found.Value!;
        if (appointment.State != AppointmentState.Booked)
        {
            return new ConflictError("Only a booked appointment can be moved.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var target = request.SlotId is { } id ? await db.Slots.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct) : null;
        var currentDay = await db.ClinicDays.AsNoTracking().SingleAsync(d => d.Id == appointment.ClinicDayId, ct);
        var targetDay = target is null ? null : await db.ClinicDays.AsNoTracking().SingleAsync(d => d.Id == target.ClinicDayId, ct);
        if (target is null || targetDay!.ProductCvx != currentDay.ProductCvx || target.StartsAt <= now || target.Id == appointment.SlotId)
        {
            return ValidationError.For("slotId", "Choose another future time for the same vaccine.");
        }
        var interval = DoseOrder.MinimumDays(await ProductAsync(currentDay.ProductCvx, ct));
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // One change to a person's series at a time: this row lock (PostgreSQL; SQLite writes one
        // at a time anyway) makes the order check below see the other doses as they are, so two
        // moves of dose 1 and dose 2 at the same moment cannot cross.
        await db.People.Where(p => p.Id == appointment.PersonId).ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, p => p.Status), ct);
        var (previous, next) = await SeriesAsync(appointment, ct);
        if (previous is not null && !DoseOrder.InOrder(previous.Date, previous.StartsAt, targetDay.Date, target.StartsAt, interval))
        {
            await transaction.RollbackAsync(ct);
            return ValidationError.For("slotId",
                $"Dose {appointment.DoseNumber} can be no sooner than {DoseOrder.EarliestNext(previous.Date, interval):yyyy-MM-dd}, {interval} days after dose {previous.DoseNumber} "
                + $"(on {previous.Date:yyyy-MM-dd}). Choose a time from the list of times this appointment can move to.");
        }
        if (await db.Slots.Where(s => s.Id == target.Id && s.Booked < s.Capacity).ExecuteUpdateAsync(s => s.SetProperty(x => x.Booked, x => x.Booked + 1), ct) != 1)
        {
            await transaction.RollbackAsync(ct);
            return new ConflictError("That time has just filled up. Please choose another time.");
        }
        var moved = await db.Appointments.Where(a => a.Id == appointment.Id && a.State == AppointmentState.Booked && a.SlotId == appointment.SlotId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.SlotId, target.Id).SetProperty(a => a.ClinicDayId, target.ClinicDayId), ct);
        if (moved != 1)
        {
            await transaction.RollbackAsync(ct);
            return new ConflictError("The appointment changed at the same time. Please look at it again.");
        }
        await db.Slots.Where(s => s.Id == appointment.SlotId && s.Booked > 0).ExecuteUpdateAsync(s => s.SetProperty(x => x.Booked, x => x.Booked - 1), ct);
        var released = next is { State: AppointmentState.Booked } && !DoseOrder.InOrder(targetDay.Date, target.StartsAt, next.Date, next.StartsAt, interval)
            ? await ReleaseNextDoseAsync(appointment, next, targetDay, interval, now, ct)
            : null;
        if (released is null && appointment.DoseNumber == 1)
        {
            // A second dose waiting for a seat waits from the new first-dose day.
            var earliest = DoseOrder.EarliestNext(targetDay.Date, interval);
            await db.SecondDoseReservations.Where(r => r.FirstDoseAppointmentId == appointment.Id && r.State == ReservationState.Waiting)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.EarliestDate, earliest).SetProperty(r => r.LatestDate, earliest.AddDays(SecondDoseWindowDays)), ct);
        }
        audit.Record(Actor.Resident, "appointment.moved", "Appointment", appointment.Id.ToString(),
            new { from = appointment.SlotId, to = target.Id, releasedDose = released is null ? (int?)null : next!.DoseNumber });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return await DescribeAsync(await db.Appointments.AsNoTracking().SingleAsync(a => a.Id == appointment.Id, ct), ct) with { SecondDoseReleased = released };
    }

    /// <summary>How long a second-dose reservation stays open after its earliest day (as booking reserves it).</summary>
    private const int SecondDoseWindowDays = 42;

    /// <summary>
    /// Dose 1 moved to less than the interval before dose 2: dose 2's appointment is cancelled (its
    /// seat released once, guarded by the state change) and the person is reserved first in line for
    /// a second dose from the new first-dose day plus the interval. Part of the move's transaction.
    /// </summary>
    private async Task<SecondDoseReleased?> ReleaseNextDoseAsync(Appointment moved, SeriesDose next, ClinicDay newDay, int interval, DateTime now, CancellationToken ct)
    {
        var cancelled = await db.Appointments.Where(a => a.Id == next.Id && a.State == AppointmentState.Booked)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.State, AppointmentState.Cancelled).SetProperty(a => a.CancelledAt, now), ct);
        if (cancelled != 1)
        {
            return null;
        }
        await db.Slots.Where(s => s.Id == next.SlotId && s.Booked > 0).ExecuteUpdateAsync(s => s.SetProperty(x => x.Booked, x => x.Booked - 1), ct);
        var earliest = DoseOrder.EarliestNext(newDay.Date, interval);
        db.SecondDoseReservations.Add(new SecondDoseReservation(moved.PersonId, moved.Id, newDay.ProductCvx, earliest, earliest.AddDays(SecondDoseWindowDays), now));
        audit.Record(Actor.Resident, "appointment.cancelled", "Appointment", next.Id.ToString(),
            new { seatsReleased = 1, reason = "dose-1-moved-too-close", reservedFrom = earliest });
        return new SecondDoseReleased(next.ConfirmationCode, earliest,
            $"Dose 1 is now less than {interval} days before dose 2, so the dose 2 appointment {next.ConfirmationCode} is cancelled and its seat released. "
            + $"The person is first in line for a second dose from {earliest:yyyy-MM-dd}.");
    }
}
