using System.Globalization;
using System.Text;

namespace FairShot.Features.Booking;

/// <summary>One event of a calendar file: instants in UTC, texts already in the reader's language.</summary>
public sealed record CalendarEvent(string Uid, DateTime StartsAt, DateTime EndsAt, string Summary, string Location, string Description);

/// <summary>
/// An iCalendar file (RFC 5545) that phones and desktop calendars import: one VEVENT per dose,
/// times in UTC so no time-zone table is needed, text escaped (backslash, semicolon, comma,
/// newline), lines folded at 75 octets without splitting a UTF-8 character, CRLF line endings.
/// A reminder the day before, because a missed appointment is a wasted dose.
/// </summary>
public static class AppointmentCalendar
{
    public const string ContentType = "text/calendar; charset=utf-8";

    private const int MaxOctetsPerLine = 75;

    public static string Write(IEnumerable<CalendarEvent> events, DateTime stamp, string reminder)
    {
        var lines = new List<string>
        {
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//FairShot//Vaccine appointments//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
        };
        foreach (var e in events)
        {
            lines.Add("BEGIN:VEVENT");
            lines.Add("UID:" + Escape(e.Uid));
            lines.Add("DTSTAMP:" + Utc(stamp));
            lines.Add("DTSTART:" + Utc(e.StartsAt));
            lines.Add("DTEND:" + Utc(e.EndsAt));
            lines.Add("SUMMARY:" + Escape(e.Summary));
            lines.Add("LOCATION:" + Escape(e.Location));
            lines.Add("DESCRIPTION:" + Escape(e.Description));
            lines.Add("STATUS:CONFIRMED");
            lines.Add("TRANSP:OPAQUE");
            lines.Add("BEGIN:VALARM");
            lines.Add("ACTION:DISPLAY");
            lines.Add("TRIGGER:-P1D");
            lines.Add("DESCRIPTION:" + Escape(reminder));
            lines.Add("END:VALARM");
            lines.Add("END:VEVENT");
        }
        lines.Add("END:VCALENDAR");

        var text = new StringBuilder();
        foreach (var line in lines)
        {
            Fold(line, text);
        }
        return text.ToString();
    }

    /// <summary>A UTC instant as a DATE-TIME in UTC form: 20270301T150000Z.</summary>
    public static string Utc(DateTime instant) =>
        DateTime.SpecifyKind(instant, DateTimeKind.Utc).ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>TEXT values (RFC 5545 3.3.11): backslash, semicolon and comma escaped, newlines as \n.</summary>
    public static string Escape(string value) => value
        .Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace(";", "\\;", StringComparison.Ordinal)
        .Replace(",", "\\,", StringComparison.Ordinal)
        .Replace("\r\n", "\\n", StringComparison.Ordinal)
        .Replace("\n", "\\n", StringComparison.Ordinal)
        .Replace("\r", "\\n", StringComparison.Ordinal);

    /// <summary>Content lines longer than 75 octets continue on the next line after CRLF and one space (RFC 5545 3.1).</summary>
    private static void Fold(string line, StringBuilder into)
    {
        var octets = 0;
        var limit = MaxOctetsPerLine;
        for (var i = 0; i < line.Length; i++)
        {
            var width = char.IsHighSurrogate(line[i]) && i + 1 < line.Length ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(line.AsSpan(i, width));
            if (octets + size > limit)
            {
                into.Append("\r\n ");
                octets = 0;
                limit = MaxOctetsPerLine - 1; // the leading space counts
            }
            into.Append(line, i, width);
            octets += size;
            i += width - 1;
        }
        into.Append("\r\n");
    }
}
