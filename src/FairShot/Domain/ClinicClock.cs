using NodaTime;
using NodaTime.TimeZones;

namespace FairShot.Domain;

/// <summary>
/// The wall clock of one place (a clinic, or the county), named by an IANA zone from the tz
/// database NodaTime ships. The one place where a UTC instant becomes a local date and time and
/// back: the database keeps UTC <see cref="DateTime"/>s, people read this clock.
/// </summary>
public sealed class ClinicClock
{
    public const int ZoneIdMaxLength = 64;

    /// <summary>
    /// A local time in the spring-forward gap is moved forward by the gap's length (02:00 reads as
    /// 03:00 daylight time, the instant the clock jumps to), so a slot ending in the gap ends when
    /// the next one starts. A local time in the fall-back hour, which happens twice, is its
    /// earlier occurrence (daylight time): what the clock shows first.
    /// </summary>
    private static readonly ZoneLocalMappingResolver Resolve =
        Resolvers.CreateMappingResolver(Resolvers.ReturnEarlier, Resolvers.ReturnForwardShifted);

    private readonly DateTimeZone _zone;

    private ClinicClock(DateTimeZone zone) => _zone = zone;

    public static ClinicClock Utc { get; } = new(DateTimeZone.Utc);

    /// <summary>The IANA zone id, for example America/Chicago or America/Phoenix.</summary>
    public string ZoneId => _zone.Id;

    /// <summary>Finds an IANA zone; Windows names and offsets are refused so every zone reads the same everywhere.</summary>
    public static bool TryFind(string? id, out ClinicClock clock)
    {
        clock = Utc;
        id = id?.Trim();
        if (string.IsNullOrEmpty(id) || id.Length > ZoneIdMaxLength || !id.Contains('/', StringComparison.Ordinal)
            || DateTimeZoneProviders.Tzdb.GetZoneOrNull(id) is not { } zone)
        {
            return false;
        }
        clock = new ClinicClock(zone);
        return true;
    }

    /// <summary>The clock of a zone id already checked when it was stored; an unknown id is a broken invariant.</summary>
    public static ClinicClock For(string zoneId) =>
        TryFind(zoneId, out var clock) ? clock : throw new ArgumentException($"Unknown IANA time zone '{zoneId}'.", nameof(zoneId));

    /// <summary>A stored UTC instant as this clock shows it (the kind of a value read back from the database is ignored).</summary>
    public LocalDateTime Local(DateTime utc) =>
        Instant.FromDateTimeUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).InZone(_zone).LocalDateTime;

    /// <summary>A stored UTC instant with this clock's offset at that moment (for HL7 timestamps, which carry it).</summary>
    public DateTimeOffset WithOffset(DateTime utc) =>
        Instant.FromDateTimeUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).InZone(_zone).ToDateTimeOffset();

    /// <summary>The date on this clock at the given moment: at 23:30 in Chicago it is already tomorrow in UTC.</summary>
    public LocalDate Today(DateTimeOffset now) => Instant.FromDateTimeOffset(now).InZone(_zone).Date;

    /// <summary>True when the clock jumps over this time on that day (spring forward), so it never shows it.</summary>
    public bool Skips(LocalDateTime local) => _zone.MapLocal(local).Count == 0;

    /// <summary>The UTC instant of a wall-clock time, resolving the two daylight-saving cases as <see cref="Resolve"/> says.</summary>
    public DateTime ToUtc(LocalDateTime local) => local.InZone(_zone, Resolve).ToDateTimeUtc();

    public DateTime ToUtc(LocalDate date, LocalTime time) => ToUtc(date + time);
}
