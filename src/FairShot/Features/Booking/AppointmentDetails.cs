using FairShot.Data;
using FairShot.Domain;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Booking;

/// <summary>The other dose of a series: dose 2 booked with dose 1, or dose 1 seen from dose 2.</summary>
public sealed record OtherDose(Guid AppointmentId, string ConfirmationCode, int DoseNumber, AppointmentState State, DateTime StartsAt, DateTime EndsAt,
    string ClinicName, string ClinicAddress, string TimeZoneId)
{
    public ClinicClock Clock => ClinicClock.For(TimeZoneId);
}

/// <summary>
/// Everything a confirmation shows about one appointment, read from the database so that the
/// confirmation page, the manage page and the calendar file say the same thing. Loading it proves
/// nothing: the caller has already checked the session that allows it.
/// </summary>
public sealed record AppointmentDetails(
    Guid Id, string ConfirmationCode, AppointmentState State, int DoseNumber, Guid SlotId, DateTime StartsAt, DateTime EndsAt,
    string ClinicName, string ClinicAddress, string TimeZoneId, string ProductCvx, string Product, int DosesInSeries,
    string PersonLanguage, bool ContactIsEmail, OtherDose? OtherDose, DateOnly? NextDoseReservedFrom, string SiteCode = "")
{
    public ClinicClock Clock => ClinicClock.For(TimeZoneId);

    public bool IsBooked => State == AppointmentState.Booked;

    /// <summary>The appointment an invitation booked (the dose it was for), or null when it has not booked one.</summary>
    public static async Task<AppointmentDetails?> ForInvitationAsync(FairShotDb db, Invitation invitation, CancellationToken cancellationToken)
    {
        var appointment = await db.Appointments.AsNoTracking()
            .Where(a => a.InvitationId == invitation.Id && a.DoseNumber == invitation.DoseNumber)
            .OrderByDescending(a => a.BookedAt).FirstOrDefaultAsync(cancellationToken);
        return appointment is null ? null : await LoadAsync(db, appointment, cancellationToken);
    }

    public static async Task<AppointmentDetails?> ForConfirmationCodeAsync(FairShotDb db, string confirmationCode, CancellationToken cancellationToken)
    {
        var code = confirmationCode.ToUpperInvariant();
        var appointment = await db.Appointments.AsNoTracking().SingleOrDefaultAsync(a => a.ConfirmationCode == code, cancellationToken);
        return appointment is null ? null : await LoadAsync(db, appointment, cancellationToken);
    }

    /// <summary>The details of an appointment already in hand.</summary>
    public static Task<AppointmentDetails> OfAsync(FairShotDb db, Appointment appointment, CancellationToken cancellationToken) =>
        LoadAsync(db, appointment, cancellationToken);

    private static async Task<AppointmentDetails> LoadAsync(FairShotDb db, Appointment a, CancellationToken cancellationToken)
    {
        var where = await (from s in db.Slots.AsNoTracking()
                           join d in db.ClinicDays.AsNoTracking() on s.ClinicDayId equals d.Id
                           join c in db.Clinics.AsNoTracking() on d.ClinicId equals c.Id
                           join p in db.Products.AsNoTracking() on d.ProductCvx equals p.CvxCode
                           join who in db.People.AsNoTracking() on a.PersonId equals who.Id
                           where s.Id == a.SlotId
                           select new { Slot = s, Clinic = c, Product = p, who.Language, HasEmail = who.Email != null })
            .SingleAsync(cancellationToken);
        var (slot, clinic, product, person) = (where.Slot, where.Clinic, where.Product, new { where.Language, where.HasEmail });

        var other = await (from o in db.Appointments.AsNoTracking()
                           join s in db.Slots.AsNoTracking() on o.SlotId equals s.Id
                           join d in db.ClinicDays.AsNoTracking() on o.ClinicDayId equals d.Id
                           join c in db.Clinics.AsNoTracking() on d.ClinicId equals c.Id
                           where o.PersonId == a.PersonId && o.Id != a.Id && (o.PreviousDoseAppointmentId == a.Id || o.Id == a.PreviousDoseAppointmentId)
                           orderby o.BookedAt descending
                           select new OtherDose(o.Id, o.ConfirmationCode, o.DoseNumber, o.State, s.StartsAt, s.EndsAt, c.Name, c.Address, c.TimeZoneId))
            .FirstOrDefaultAsync(cancellationToken);
        var reservedFrom = await db.SecondDoseReservations.AsNoTracking()
            .Where(r => r.FirstDoseAppointmentId == a.Id && r.State == ReservationState.Waiting)
            .Select(r => (DateOnly?)r.EarliestDate).FirstOrDefaultAsync(cancellationToken);

        return new AppointmentDetails(a.Id, a.ConfirmationCode, a.State, a.DoseNumber, slot.Id, slot.StartsAt, slot.EndsAt,
            clinic.Name, clinic.Address, clinic.TimeZoneId, product.CvxCode, product.Name, product.DosesInSeries, person.Language, person.HasEmail, other, reservedFrom, a.SiteCode);
    }
}
