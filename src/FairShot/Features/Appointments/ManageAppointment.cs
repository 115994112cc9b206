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
    string? OtherDoseConfirmationCode);

public sealed record MoveRequest(Guid? SlotId);

/// <summary>
/// A resident views, cancels or moves their appointment with the confirmation code plus a one-time
/// code sent to the contact on file. Seats move only through conditional updates: a cancelled seat
/// is released exactly once (the appointment's own state change is the guard), and a move takes the
/// new seat before it gives back the old one, in one transaction.
/// </summary>
public sealed class ManageAppointment(FairShotDb db, OneTimeCodeService codes, AuditTrail audit, TimeProvider clock)
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
        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
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
            await transaction.RollbackAsync(ct);
            return new ConflictError("This appointment is not booked any more (it was cancelled or has taken place).");
        }
        await db.SecondDoseReservations.Where(r => r.FirstDoseAppointmentId == appointment.Id && r.State == ReservationState.Waiting)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, ReservationState.Cancelled), ct);
        if (appointment.DoseNumber == 1)
        {
            // Back in line at the same place: their registration time and tie-breaker are unchanged.
            await db.People.Where(p => p.Id == appointment.PersonId && p.Status == PersonStatus.Booked)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, PersonStatus.Waiting), ct);
        }
        audit.Record(Actor.Resident, "appointment.cancelled", "Appointment", appointment.Id.ToString(), new { seatsReleased = released, alsoCancelled = toCancel.Count - 1 });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return await DescribeAsync(await db.Appointments.AsNoTracking().SingleAsync(a => a.Id == appointment.Id, ct), ct);
    }

    /// <summary>
    /// The times a booked appointment can move to: future slots with a free seat for the same
    /// vaccine, at any clinic, soonest first (the same rule <see cref="MoveAsync"/> applies).
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
        return await OpenSlots.Of(sameVaccine, now).Take(500).ToListAsync(ct);
    }

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
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
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
        audit.Record(Actor.Resident, "appointment.moved", "Appointment", appointment.Id.ToString(), new { from = appointment.SlotId, to = target.Id });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return await DescribeAsync(await db.Appointments.AsNoTracking().SingleAsync(a => a.Id == appointment.Id, ct), ct);
    }
}
