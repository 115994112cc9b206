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

    /// <summary>Integrity report: an e-mail, phone or browser behind more than this many registrations is a finding (sharedContact, sharedDevice).</summary>
    public int IntegritySharedLimit { get; private set; } = DefaultIntegritySharedLimit;

    /// <summary>Integrity report: a staff member is an outlier with at least this many bookings of a day ...</summary>
    public int IntegrityOutlierMinimum { get; private set; } = DefaultIntegrityOutlierMinimum;

    /// <summary>... and more than this many times the median of the other staff members who booked that day.</summary>
    public int IntegrityOutlierFactor { get; private set; } = DefaultIntegrityOutlierFactor;

    public const int DefaultIntegritySharedLimit = 6, MinIntegritySharedLimit = 1, MaxIntegritySharedLimit = 1000;
    public const int DefaultIntegrityOutlierMinimum = 20, MinIntegrityOutlierMinimum = 2, MaxIntegrityOutlierMinimum = 10_000;
    public const int DefaultIntegrityOutlierFactor = 3, MinIntegrityOutlierFactor = 2, MaxIntegrityOutlierFactor = 100;

    public void SetIntegrityThresholds(int sharedLimit, int outlierMinimum, int outlierFactor)
    {
        if (sharedLimit is < MinIntegritySharedLimit or > MaxIntegritySharedLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(sharedLimit));
        }
        if (outlierMinimum is < MinIntegrityOutlierMinimum or > MaxIntegrityOutlierMinimum)
        {
            throw new ArgumentOutOfRangeException(nameof(outlierMinimum));
        }
        if (outlierFactor is < MinIntegrityOutlierFactor or > MaxIntegrityOutlierFactor)
        {
            throw new ArgumentOutOfRangeException(nameof(outlierFactor));
        }
        IntegritySharedLimit = sharedLimit;
        IntegrityOutlierMinimum = outlierMinimum;
        IntegrityOutlierFactor = outlierFactor;
    }
}
