namespace FairShot.Domain;

/// <summary>
/// The one county this deployment serves. A single row (Id = 1) holding the county's time zone,
/// in which ages and "today" are evaluated, and the defaults later features read.
/// </summary>
public sealed class CountySettings
{
    public const int SingletonId = 1;

    private CountySettings() { }

    public CountySettings(string name, string timeZoneId)
    {
        Name = name;
        TimeZoneId = timeZoneId;
    }

    public int Id { get; private set; } = SingletonId;
    public string Name { get; private set; } = "";
    public string TimeZoneId { get; private set; } = "";
    public int InvitationExpiryHours { get; private set; } = 48;
    public bool AutofillByDefault { get; private set; }
    public int AutofillStartDaysAhead { get; private set; } = 3;

    public void SetAutofillDefault(bool enabled, int startDaysAhead)
    {
        AutofillByDefault = enabled;
        AutofillStartDaysAhead = startDaysAhead;
    }
    public int HouseholdRegistrationLimit { get; private set; } = 6;

    /// <summary>Minutes after a slot ends before an appointment still booked becomes a no-show.</summary>
    public int NoShowGraceMinutes { get; private set; } = 60;

    /// <summary>Whether a person who missed dose 1 goes back in line to be invited again.</summary>
    public bool ReinviteNoShows { get; private set; } = true;

    public const int MaxNoShowGraceMinutes = 24 * 60;

    public void SetNoShowRules(int graceMinutes, bool reinvite)
    {
        if (graceMinutes is < 0 or > MaxNoShowGraceMinutes)
        {
            throw new ArgumentOutOfRangeException(nameof(graceMinutes));
        }
        NoShowGraceMinutes = graceMinutes;
        ReinviteNoShows = reinvite;
    }
}
