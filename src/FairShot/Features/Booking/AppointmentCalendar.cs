using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace FairShot.Features.Booking;

/// <summary>
/// One event of a calendar file: instants in UTC, the clinic's IANA time zone (America/Chicago),
/// texts already in the reader's language.
/// </summary>
public sealed record CalendarEvent(string Uid, DateTime StartsAt, DateTime EndsAt, string Summary, string Location, string Description, string TimeZone);

/// <summary>
/// An iCalendar file (RFC 5545) that phones and desktop calendars import, written by Ical.Net:
/// one VEVENT per dose, its start and end in the clinic's local time with the clinic's TZID and a
/// VTIMEZONE for that zone, so a calendar shows 09:00 at 09:00 clinic time on both sides of a
/// daylight-saving change and wherever the phone is. Ical.Net escapes the text and folds lines at
/// 75 octets. A reminder the day before, because a missed appointment is a wasted dose.
/// </summary>
public static class AppointmentCalendar
{
    public const string ContentType = "text/calendar; charset=utf-8";

    public const string ProductId = "-//FairShot//Vaccine appointments//EN";

    public static string Write(IEnumerable<CalendarEvent> events, DateTime stamp, string reminder)
    {
        var appointments = events.ToList();
        var calendar = new Calendar { ProductId = ProductId, Scale = "GREGORIAN", Method = "PUBLISH" };
        foreach (var zone in appointments.GroupBy(e => e.TimeZone, StringComparer.Ordinal))
        {
            // Rules from a year before the first appointment: enough for any calendar to place it, short enough to stay small.
            var earliest = zone.Min(e => e.StartsAt).AddYears(-1);
            calendar.AddTimeZone(VTimeZone.FromDateTimeZone(zone.Key, earliest, includeHistoricalData: false));
        }
        foreach (var e in appointments)
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(e.TimeZone);
            calendar.Events.Add(new Ical.Net.CalendarComponents.CalendarEvent
            {
                Uid = e.Uid,
                DtStamp = new CalDateTime(DateTime.SpecifyKind(stamp, DateTimeKind.Utc)),
                DtStart = Local(e.StartsAt, zone, e.TimeZone),
                DtEnd = Local(e.EndsAt, zone, e.TimeZone),
                Summary = e.Summary,
                Location = e.Location,
                Description = e.Description,
                Status = EventStatus.Confirmed,
                Transparency = TransparencyType.Opaque,
                Alarms = { new Alarm { Action = AlarmAction.Display, Trigger = new Trigger("-P1D"), Description = reminder } },
            });
        }
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    private static CalDateTime Local(DateTime instant, TimeZoneInfo zone, string zoneId) =>
        new(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(instant, DateTimeKind.Utc), zone), zoneId, hasTime: true);
}
