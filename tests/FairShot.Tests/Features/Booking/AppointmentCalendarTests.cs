using System.Text;
using FairShot.Domain;
using FairShot.Features.Booking;
using FairShot.Features.Shared;
using FairShot.Features.Shared.Languages;
using Ical.Net;
using CalendarEvent = FairShot.Features.Booking.CalendarEvent;
using VTimeZone = Ical.Net.CalendarComponents.VTimeZone;

namespace FairShot.Tests.Features.Booking;

/// <summary>
/// Features/Booking/AppointmentCalendar: the calendar file a resident adds to their phone (RFC 5545),
/// read back with Ical.Net's parser. Times are the clinic's local times with its TZID and VTIMEZONE.
/// </summary>
public sealed class AppointmentCalendarTests
{
    private static readonly DateTime Stamp = new(2027, 2, 1, 15, 0, 0, DateTimeKind.Utc);

    private static CalendarEvent At(DateTime startsAtUtc, string zone, string uid = "x@fairshot") =>
        new(uid, startsAtUtc, startsAtUtc.AddMinutes(15), "COVID-19 vaccine, dose 1", "Fairgrounds Hall", "Code: ABC", zone);

    private static Calendar Parse(string ics) => Calendar.Load(ics) ?? throw new InvalidOperationException("not a calendar");

    [Fact]
    public void Write_OneAppointment_ReadsBackWithItsTextsStampAndAReminderTheDayBefore()
    {
        var appointment = new CalendarEvent("0192a7f0c1d24e6f8a9b0c1d2e3f4a5b@fairshot",
            new DateTime(2027, 3, 1, 15, 15, 0, DateTimeKind.Utc), new DateTime(2027, 3, 1, 15, 30, 0, DateTimeKind.Utc),
            "COVID-19 vaccine, dose 1", "Fairgrounds Hall, 1 Main St; Hillsboro, MO", "Code: ABC\\123\nBring ID", "America/Chicago");

        var ics = AppointmentCalendar.Write([appointment], Stamp, "Tomorrow: your appointment");

        Assert.DoesNotContain("\n", ics.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal); // CRLF only
        Assert.Contains("LOCATION:Fairgrounds Hall\\, 1 Main St\\; Hillsboro\\, MO\r\n", ics, StringComparison.Ordinal); // escaped text
        var calendar = Parse(ics);
        Assert.Equal(AppointmentCalendar.ProductId, calendar.ProductId);
        Assert.Equal("PUBLISH", calendar.Method);
        var e = Assert.Single(calendar.Events);
        Assert.Equal("0192a7f0c1d24e6f8a9b0c1d2e3f4a5b@fairshot", e.Uid);
        Assert.Equal(Stamp, e.DtStamp!.AsUtc);
        Assert.Equal(new DateTime(2027, 3, 1, 15, 15, 0, DateTimeKind.Utc), e.DtStart!.AsUtc);
        Assert.Equal(new DateTime(2027, 3, 1, 15, 30, 0, DateTimeKind.Utc), e.DtEnd!.AsUtc);
        Assert.Equal("COVID-19 vaccine, dose 1", e.Summary);
        Assert.Equal("Fairgrounds Hall, 1 Main St; Hillsboro, MO", e.Location);
        Assert.Equal("Code: ABC\\123\nBring ID", e.Description);
        Assert.Equal("CONFIRMED", e.Status);
        Assert.Equal("OPAQUE", e.Transparency);
        var alarm = Assert.Single(e.Alarms);
        Assert.Equal("DISPLAY", alarm.Action);
        Assert.Equal("Tomorrow: your appointment", alarm.Description);
        Assert.Equal("-P1D", alarm.Trigger!.Duration!.ToString());
    }

    [Fact]
    public void Write_SameAppointmentLater_KeepsItsUid_SoACalendarUpdatesItInsteadOfAddingOne()
    {
        var appointment = At(new DateTime(2027, 3, 1, 15, 0, 0, DateTimeKind.Utc), "America/Chicago", "0192a7f0@fairshot");

        var first = Parse(AppointmentCalendar.Write([appointment], Stamp, "r")).Events.Single();
        var again = Parse(AppointmentCalendar.Write([appointment], Stamp.AddDays(3), "r")).Events.Single();

        Assert.Equal("0192a7f0@fairshot", first.Uid);
        Assert.Equal(first.Uid, again.Uid);
    }

    [Theory]
    // America/Chicago: CST (-6) before 14 March 2027, CDT (-5) after; back to CST on 7 November 2027.
    [InlineData("America/Chicago", "2027-03-12T15:00:00Z")]
    [InlineData("America/Chicago", "2027-03-15T14:00:00Z")]
    [InlineData("America/Chicago", "2027-11-05T14:00:00Z")]
    [InlineData("America/Chicago", "2027-11-08T15:00:00Z")]
    // America/Phoenix keeps MST (-7) all year: 09:00 is 16:00 UTC in March and November alike.
    [InlineData("America/Phoenix", "2027-03-15T16:00:00Z")]
    [InlineData("America/Phoenix", "2027-11-08T16:00:00Z")]
    public void Write_NineOClockAtTheClinic_IsNineOClockInTheClinicsZone_OnEitherSideOfDaylightSaving(string zone, string instant)
    {
        var startsAt = DateTime.Parse(instant, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal);

        var ics = AppointmentCalendar.Write([At(startsAt, zone)], Stamp, "r");

        var day = startsAt.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"DTSTART;TZID={zone}:{day}T090000\r\n", ics, StringComparison.Ordinal);
        Assert.Contains($"DTEND;TZID={zone}:{day}T091500\r\n", ics, StringComparison.Ordinal);
        var calendar = Parse(ics);
        var e = Assert.Single(calendar.Events);
        Assert.Equal(zone, e.DtStart!.TzId);
        Assert.Equal((9, 0), (e.DtStart.Hour, e.DtStart.Minute));
        Assert.Equal(startsAt, e.DtStart.AsUtc);
        Assert.Single(calendar.TimeZones, tz => tz.TzId == zone);
    }

    [Fact]
    public void Write_ForChicagoAndPhoenix_HasAVTimeZoneForEveryTzidWithThatZonesOffsets()
    {
        var ics = AppointmentCalendar.Write(
            [At(new DateTime(2027, 3, 15, 14, 0, 0, DateTimeKind.Utc), "America/Chicago", "a@fairshot"),
             At(new DateTime(2027, 3, 15, 16, 0, 0, DateTimeKind.Utc), "America/Phoenix", "b@fairshot")], Stamp, "r");

        // Without a VTIMEZONE a calendar may not know the TZID and float 09:00 into the phone's own zone.
        var calendar = Parse(ics);
        var used = calendar.Events.SelectMany(e => new[] { e.DtStart!.TzId, e.DtEnd!.TzId }).Distinct().Order().ToList();
        Assert.Equal(["America/Chicago", "America/Phoenix"], used);
        Assert.Equal(used, calendar.TimeZones.Select(tz => tz.TzId).Order());

        var chicago = Offsets(calendar.TimeZones.Single(tz => tz.TzId == "America/Chicago"));
        Assert.Contains(("STANDARD", TimeSpan.FromHours(-6)), chicago);
        Assert.Contains(("DAYLIGHT", TimeSpan.FromHours(-5)), chicago);
        var phoenix = Offsets(calendar.TimeZones.Single(tz => tz.TzId == "America/Phoenix"));
        Assert.Equal([("STANDARD", TimeSpan.FromHours(-7))], phoenix);
    }

    private static List<(string Kind, TimeSpan OffsetTo)> Offsets(VTimeZone zone) =>
        zone.TimeZoneInfos.Select(i => (i.Name, i.OffsetTo!.Offset)).Distinct().ToList();

    [Fact]
    public void Write_LongSpanishText_FoldsAt75OctetsWithoutSplittingACharacter()
    {
        var description = string.Concat(Enumerable.Repeat("Código de confirmación: ÑANDÚ. Traiga una identificación con foto. ", 4));
        var appointment = new CalendarEvent("x@fairshot", Stamp.AddDays(28), Stamp.AddDays(28).AddMinutes(15), "Vacuna contra el COVID-19, dosis 2", "Clínica", description, "America/Chicago");

        var ics = AppointmentCalendar.Write([appointment], Stamp, "Mañana: su cita");

        Assert.DoesNotContain("\n", ics.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal); // no bare line feed
        var lines = ics.Split("\r\n")[..^1];
        Assert.All(lines, line => Assert.InRange(Encoding.UTF8.GetByteCount(line), 1, 75));
        Assert.Contains(lines, line => line.StartsWith(' ')); // it did fold
        Assert.Equal(description, Parse(ics).Events.Single().Description);
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

        var ics = Encoding.UTF8.GetString(AppointmentCard.CalendarFile(details, Words.Spanish, Stamp));

        var events = Parse(ics).Events.OrderBy(e => e.DtStart!.AsUtc).ToList();
        Assert.Equal(2, events.Count);
        Assert.Equal("Vacuna contra el COVID-19, dosis 1", events[0].Summary);
        Assert.StartsWith("North Clinic, 1 Main St", events[0].Location, StringComparison.Ordinal);
        Assert.Equal(new DateTime(2027, 3, 22, 15, 0, 0, DateTimeKind.Utc), events[1].DtStart!.AsUtc);
        Assert.Equal((10, "America/Chicago"), (events[1].DtStart!.Hour, events[1].DtStart!.TzId)); // CDT by then
        Assert.Equal("Vacuna contra el COVID-19, dosis 2", events[1].Summary);
        Assert.StartsWith("South Clinic, 9 Elm St", events[1].Location, StringComparison.Ordinal);
        Assert.StartsWith("Código de confirmación: MNPQRTUVWX.", events[1].Description, StringComparison.Ordinal);
    }

    [Fact]
    public void CalendarFile_ForACancelledAppointment_HasNoEvent()
    {
        var details = new AppointmentDetails(Guid.CreateVersion7(), "ACDEFGHJKL", AppointmentState.Cancelled, 1, Guid.CreateVersion7(),
            Stamp.AddDays(30), Stamp.AddDays(30).AddMinutes(15), "North Clinic", "1 Main St", "America/Chicago", "212", "Janssen", 1, "en", true, null, null);

        var ics = Encoding.UTF8.GetString(AppointmentCard.CalendarFile(details, Words.English, Stamp));

        Assert.Empty(Parse(ics).Events);
        Assert.EndsWith("END:VCALENDAR\r\n", ics, StringComparison.Ordinal);
    }
}
