using System.Text;
using FairShot.Domain;
using FairShot.Features.Booking;
using FairShot.Features.Shared;
using FairShot.Features.Shared.Languages;

namespace FairShot.Tests.Features.Booking;

/// <summary>Features/Booking/AppointmentCalendar: the calendar file a resident adds to their phone (RFC 5545).</summary>
public sealed class AppointmentCalendarTests
{
    private static readonly DateTime Stamp = new(2027, 2, 1, 15, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Write_OneAppointment_IsAnRfc5545CalendarInUtcWithCrlfAndEscapedText()
    {
        var appointment = new CalendarEvent("0192a7f0c1d24e6f8a9b0c1d2e3f4a5b@fairshot",
            new DateTime(2027, 3, 1, 15, 15, 0, DateTimeKind.Utc), new DateTime(2027, 3, 1, 15, 30, 0, DateTimeKind.Utc),
            "COVID-19 vaccine, dose 1", "Fairgrounds Hall, 1 Main St; Hillsboro, MO", "Code: ABC\\123\nBring ID");

        var ics = AppointmentCalendar.Write([appointment], Stamp, "Tomorrow: your appointment");

        Assert.Equal(
            "BEGIN:VCALENDAR\r\n" +
            "VERSION:2.0\r\n" +
            "PRODID:-//FairShot//Vaccine appointments//EN\r\n" +
            "CALSCALE:GREGORIAN\r\n" +
            "METHOD:PUBLISH\r\n" +
            "BEGIN:VEVENT\r\n" +
            "UID:0192a7f0c1d24e6f8a9b0c1d2e3f4a5b@fairshot\r\n" +
            "DTSTAMP:20270201T150000Z\r\n" +
            "DTSTART:20270301T151500Z\r\n" +
            "DTEND:20270301T153000Z\r\n" +
            "SUMMARY:COVID-19 vaccine\\, dose 1\r\n" +
            "LOCATION:Fairgrounds Hall\\, 1 Main St\\; Hillsboro\\, MO\r\n" +
            "DESCRIPTION:Code: ABC\\\\123\\nBring ID\r\n" +
            "STATUS:CONFIRMED\r\n" +
            "TRANSP:OPAQUE\r\n" +
            "BEGIN:VALARM\r\n" +
            "ACTION:DISPLAY\r\n" +
            "TRIGGER:-P1D\r\n" +
            "DESCRIPTION:Tomorrow: your appointment\r\n" +
            "END:VALARM\r\n" +
            "END:VEVENT\r\n" +
            "END:VCALENDAR\r\n", ics);
    }

    [Fact]
    public void Write_LongSpanishText_FoldsAt75OctetsWithoutSplittingACharacter()
    {
        var description = string.Concat(Enumerable.Repeat("Código de confirmación: ÑANDÚ. Traiga una identificación con foto. ", 4));
        var appointment = new CalendarEvent("x@fairshot", Stamp.AddDays(28), Stamp.AddDays(28).AddMinutes(15), "Vacuna contra el COVID-19, dosis 2", "Clínica", description);

        var ics = AppointmentCalendar.Write([appointment], Stamp, "Mañana: su cita");

        Assert.DoesNotContain("\n", ics.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal); // no bare line feed
        var lines = ics.Split("\r\n")[..^1];
        Assert.All(lines, line => Assert.InRange(Encoding.UTF8.GetByteCount(line), 1, 75));
        Assert.Contains(lines, line => line.StartsWith(' ')); // it did fold
        var unfolded = ics.Replace("\r\n ", "", StringComparison.Ordinal);
        Assert.Contains("DESCRIPTION:" + AppointmentCalendar.Escape(description) + "\r\n", unfolded, StringComparison.Ordinal);
    }

    [Fact]
    public void CalendarFile_ForDoseOneWithDoseTwoBooked_HasBothEventsEachAtItsClinic()
    {
        var details = new AppointmentDetails(Guid.CreateVersion7(), "ACDEFGHJKL", AppointmentState.Booked, 1, Guid.CreateVersion7(),
            new DateTime(2027, 3, 1, 15, 0, 0, DateTimeKind.Utc), new DateTime(2027, 3, 1, 15, 15, 0, DateTimeKind.Utc),
            "North Clinic", "1 Main St, Hillsboro, MO", "America/Chicago", "208", "Pfizer-BioNTech COVID-19 Vaccine", 2, "es", true,
            new OtherDose(Guid.CreateVersion7(), "MNPQRTUVWX", 2, AppointmentState.Booked,
                new DateTime(2027, 3, 22, 15, 0, 0, DateTimeKind.Utc), new DateTime(2027, 3, 22, 15, 15, 0, DateTimeKind.Utc),
                "South Clinic", "9 Elm St, Festus, MO", "America/Chicago"),
            null);

        var ics = Encoding.UTF8.GetString(AppointmentCard.CalendarFile(details, Words.Spanish, Stamp)).Replace("\r\n ", "", StringComparison.Ordinal);

        Assert.Equal(2, ics.Split("BEGIN:VEVENT").Length - 1);
        Assert.Contains("SUMMARY:Vacuna contra el COVID-19\\, dosis 1\r\nLOCATION:North Clinic\\, 1 Main St", ics, StringComparison.Ordinal);
        Assert.Contains("DTSTART:20270322T150000Z", ics, StringComparison.Ordinal);
        Assert.Contains("SUMMARY:Vacuna contra el COVID-19\\, dosis 2\r\nLOCATION:South Clinic\\, 9 Elm St", ics, StringComparison.Ordinal);
        Assert.Contains("DESCRIPTION:Código de confirmación: MNPQRTUVWX.", ics, StringComparison.Ordinal);
    }

    [Fact]
    public void CalendarFile_ForACancelledAppointment_HasNoEvent()
    {
        var details = new AppointmentDetails(Guid.CreateVersion7(), "ACDEFGHJKL", AppointmentState.Cancelled, 1, Guid.CreateVersion7(),
            Stamp.AddDays(30), Stamp.AddDays(30).AddMinutes(15), "North Clinic", "1 Main St", "America/Chicago", "212", "Janssen", 1, "en", true, null, null);

        var ics = Encoding.UTF8.GetString(AppointmentCard.CalendarFile(details, Words.English, Stamp));

        Assert.DoesNotContain("BEGIN:VEVENT", ics, StringComparison.Ordinal);
        Assert.EndsWith("END:VCALENDAR\r\n", ics, StringComparison.Ordinal);
    }
}
