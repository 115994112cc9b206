using FairShot.Domain;
using NodaTime;

namespace FairShot.Tests.Domain;

/// <summary>Domain/ClinicClock: the one place a clinic's wall clock meets the UTC instants the database keeps.</summary>
public sealed class ClinicClockTests
{
    private static ClinicClock Clock(string zoneId) => ClinicClock.For(zoneId);

    private static DateTime Utc(string iso) => DateTime.SpecifyKind(DateTime.Parse(iso, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);

    private static LocalDateTime At(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute);

    [Theory]
    // Chicago springs forward on 2027-03-14 and falls back on 2027-11-07: 09:00 is UTC-6, then UTC-5, then UTC-6.
    [InlineData("America/Chicago", "2027-03-13", "2027-03-13T15:00:00")]
    [InlineData("America/Chicago", "2027-03-15", "2027-03-15T14:00:00")]
    [InlineData("America/Chicago", "2027-11-06", "2027-11-06T14:00:00")]
    [InlineData("America/Chicago", "2027-11-08", "2027-11-08T15:00:00")]
    // Phoenix keeps UTC-7 all year.
    [InlineData("America/Phoenix", "2027-03-13", "2027-03-13T16:00:00")]
    [InlineData("America/Phoenix", "2027-03-15", "2027-03-15T16:00:00")]
    [InlineData("America/Phoenix", "2027-11-08", "2027-11-08T16:00:00")]
    public void ToUtc_NineInTheMorningEachSideOfADaylightSavingChange_IsThatDaysOffset_AndReadsBackAsNine(string zoneId, string date, string utc)
    {
        var clock = Clock(zoneId);
        var nine = LocalDate.FromDateOnly(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)) + new LocalTime(9, 0);

        var stored = clock.ToUtc(nine.Date, nine.TimeOfDay);

        Assert.Equal(Utc(utc), stored);
        Assert.Equal(DateTimeKind.Utc, stored.Kind);
        Assert.Equal(nine, clock.Local(stored));
    }

    [Fact]
    public void Skips_SpringForwardGapInChicago_IsTrue_ButNotItsEdgesNorPhoenix()
    {
        var chicago = Clock("America/Chicago");

        Assert.True(chicago.Skips(At(2027, 3, 14, 2, 0)));
        Assert.True(chicago.Skips(At(2027, 3, 14, 2, 30)));
        Assert.False(chicago.Skips(At(2027, 3, 14, 1, 59)));
        Assert.False(chicago.Skips(At(2027, 3, 14, 3, 0)));
        Assert.False(chicago.Skips(At(2027, 3, 13, 2, 30)));
        Assert.False(Clock("America/Phoenix").Skips(At(2027, 3, 14, 2, 30)));
    }

    [Fact]
    public void ToUtc_InsideTheSpringForwardGap_MovesForwardByTheGap()
    {
        var chicago = Clock("America/Chicago");

        // 02:00 does not happen: a slot ending then ends at 03:00 daylight time, when the next one starts.
        Assert.Equal(chicago.ToUtc(At(2027, 3, 14, 3, 0)), chicago.ToUtc(At(2027, 3, 14, 2, 0)));
        Assert.Equal(Utc("2027-03-14T08:00:00"), chicago.ToUtc(At(2027, 3, 14, 2, 0)));
        Assert.Equal(Utc("2027-03-14T08:30:00"), chicago.ToUtc(At(2027, 3, 14, 2, 30))); // as 03:30, as before NodaTime
    }

    [Fact]
    public void ToUtc_InTheRepeatedFallBackHour_IsTheEarlierOccurrence()
    {
        var chicago = Clock("America/Chicago");

        // 01:30 on 2027-11-07 happens at 06:30Z (daylight time) and again at 07:30Z (standard time).
        Assert.Equal(Utc("2027-11-07T06:30:00"), chicago.ToUtc(At(2027, 11, 7, 1, 30)));
        Assert.Equal(At(2027, 11, 7, 1, 30), chicago.Local(Utc("2027-11-07T07:30:00")));
    }

    [Fact]
    public void Today_AtHalfPastElevenAtNightInChicago_IsTheLocalDate_NotTheUtcOne()
    {
        var now = new DateTimeOffset(2027, 3, 1, 5, 30, 0, TimeSpan.Zero); // 23:30 CST on 28 February

        Assert.Equal(new LocalDate(2027, 2, 28), Clock("America/Chicago").Today(now));
        Assert.Equal(new LocalDate(2027, 2, 28), Clock("America/Phoenix").Today(now)); // 22:30 MST
        Assert.Equal(new LocalDate(2027, 3, 1), ClinicClock.Utc.Today(now));
    }

    [Fact]
    public void Local_ValueReadBackWithoutAKind_IsTakenAsUtc()
    {
        var unspecified = DateTime.SpecifyKind(Utc("2027-03-01T15:00:00"), DateTimeKind.Unspecified);

        Assert.Equal(At(2027, 3, 1, 9, 0), Clock("America/Chicago").Local(unspecified));
    }

    [Theory]
    [InlineData("America/Chicago", true)]
    [InlineData(" America/Phoenix ", true)]
    [InlineData("Central Standard Time", false)]
    [InlineData("Mars/Olympus", false)]
    [InlineData("UTC", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void TryFind_AcceptsOnlyIanaZoneNames(string? id, bool found)
    {
        Assert.Equal(found, ClinicClock.TryFind(id, out var clock));
        Assert.Equal(found ? id!.Trim() : "UTC", clock.ZoneId);
    }

    [Fact]
    public void Schedule_AcrossFallBack_GivesEachWallClockTimeOneSlot_InOrder_WithoutOverlap()
    {
        var clinic = Clinic.Create("Night clinic", "1 Main St", "America/Chicago", Utc("2027-10-01T12:00:00")).Value!;
        var product = new VaccineProduct("208", "Pfizer-BioNTech", "Pfizer", 2, 21, 6);
        var now = new DateTimeOffset(2027, 10, 1, 12, 0, 0, TimeSpan.Zero);

        var day = ClinicDay.Schedule(clinic, new ClinicDay.Plan("2027-11-07", "00:00", "03:00", 30, 5, "208"), product, now).Value!;

        var clock = clinic.Clock;
        Assert.Equal(["00:00", "00:30", "01:00", "01:30", "02:00", "02:30"],
            day.Slots.Select(s => clock.Local(s.StartsAt).TimeOfDay.ToString("HH:mm", null)));
        Assert.All(day.Slots.Zip(day.Slots.Skip(1)), pair => Assert.Equal(pair.First.EndsAt, pair.Second.StartsAt));
        // 01:30 daylight time to 02:00 standard time: the repeated hour belongs to the slot that starts first.
        Assert.Equal(Utc("2027-11-07T06:30:00"), day.Slots[3].StartsAt);
        Assert.Equal(TimeSpan.FromMinutes(90), day.Slots[3].EndsAt - day.Slots[3].StartsAt);
    }
}
