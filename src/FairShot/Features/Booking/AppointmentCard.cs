using System.Text;
using FairShot.Domain;
using FairShot.Features.Booking;
using FairShot.Features.Shared;
using FairShot.Features.Shared.Languages;

namespace FairShot.Features.Booking;

/// <summary>
/// An appointment as the confirmation and manage pages show it, in the reader's language: the
/// confirmation code large, its QR code, when and where in the clinic's local time, and the other
/// dose. <see cref="CalendarHref"/> points at a calendar file behind the same proof as the page.
/// </summary>
public sealed record AppointmentCard(IWords Text, AppointmentDetails Details, string CalendarHref)
{
    /// <summary>Drawn only for a booked appointment: a cancelled one has nothing to show at the door.</summary>
    public string QrDataUri => ConfirmationQr.PngDataUri(Details.ConfirmationCode);

    public string When => Text.When(Details.Clock.Local(Details.StartsAt).ToDateTimeUnspecified());

    /// <summary>The line about the other dose, or null when there is nothing to say.</summary>
    public (string Label, string Text)? OtherDose => Details switch
    {
        { OtherDose: { State: AppointmentState.Booked } other } =>
            (Text.DoseLabel(other.DoseNumber), Text.OtherDoseBooked(other.Clock.Local(other.StartsAt).ToDateTimeUnspecified(),
                other.ClinicName == Details.ClinicName ? null : other.ClinicName, other.ConfirmationCode)),
        { NextDoseReservedFrom: { } from, State: AppointmentState.Booked } => (Text.DoseLabel(Details.DoseNumber + 1), Text.SecondDoseReserved(from)),
        _ => null,
    };

    /// <summary>The calendar file: this appointment and the other dose when both are still booked.</summary>
    public static byte[] CalendarFile(AppointmentDetails details, IWords text, DateTime now)
    {
        var events = new List<CalendarEvent>();
        if (details.IsBooked)
        {
            events.Add(new CalendarEvent($"{details.Id:N}@fairshot", details.StartsAt, details.EndsAt,
                text.CalendarSummary(details.DoseNumber), $"{details.ClinicName}, {details.ClinicAddress}", text.CalendarDescription(details.ConfirmationCode), details.TimeZoneId));
        }
        if (details.OtherDose is { State: AppointmentState.Booked } other && other.StartsAt > now)
        {
            events.Add(new CalendarEvent($"{other.AppointmentId:N}@fairshot", other.StartsAt, other.EndsAt,
                text.CalendarSummary(other.DoseNumber), $"{other.ClinicName}, {other.ClinicAddress}", text.CalendarDescription(other.ConfirmationCode), other.TimeZoneId));
        }
        return Encoding.UTF8.GetBytes(AppointmentCalendar.Write(events.OrderBy(e => e.StartsAt), now, text.CalendarReminder));
    }
}
