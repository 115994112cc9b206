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
}
