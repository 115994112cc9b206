using System.Globalization;
using FairShot.Domain;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace FairShot.Features.Shared;

/// <summary>
/// How the console writes dates, times, zones and vaccines: the way a US county scheduler reads
/// them ("Monday, March 1, 2027", "9:00 AM", "Central Time"), always saying whose clock it is.
/// </summary>
public static class ConsoleFormat
{
    private static readonly CultureInfo Us = CultureInfo.InvariantCulture;

    /// <summary>The zones a clinic can be in, in the order a US user expects them.</summary>
    public static readonly IReadOnlyList<(string Id, string Name)> TimeZoneChoices =
    [
        ("America/New_York", "Eastern Time"),
        ("America/Chicago", "Central Time"),
        ("America/Denver", "Mountain Time"),
        ("America/Phoenix", "Arizona Time, no daylight saving"),
        ("America/Los_Angeles", "Pacific Time"),
        ("America/Anchorage", "Alaska Time"),
        ("Pacific/Honolulu", "Hawaii Time"),
    ];

    public static IEnumerable<SelectListItem> TimeZoneOptions() =>
        TimeZoneChoices.Select(z => new SelectListItem($"{z.Name} ({z.Id})", z.Id));

    public static string ZoneName(string zoneId) =>
        TimeZoneChoices.FirstOrDefault(z => z.Id == zoneId).Name is { } name ? $"{name} ({zoneId})" : zoneId;

    public static string LongDate(DateOnly date) => date.ToString("dddd, MMMM d, yyyy", Us);

    public static string ShortDate(DateOnly date) => date.ToString("ddd, MMM d, yyyy", Us);

    public static string Time(TimeOnly time) => time.ToString("h:mm tt", Us);

    /// <summary>"09:00" as stored for a clinic day, shown as "9:00 AM".</summary>
    public static string Time(string hhmm) =>
        TimeOnly.TryParseExact(hhmm, "HH:mm", Us, DateTimeStyles.None, out var time) ? Time(time) : hhmm;

    public static string Product(string cvxCode, string name) => $"{cvxCode} — {name}";

    public static string Product(VaccineProduct product) => Product(product.CvxCode, product.Name);

    public static string Number(long value) => value.ToString("N0", Us);
}
