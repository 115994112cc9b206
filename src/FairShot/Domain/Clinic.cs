namespace FairShot.Domain;

/// <summary>A vaccination site. Its slots are planned in its own time zone and stored as UTC instants.</summary>
public sealed class Clinic
{
    public const int NameMaxLength = 200;
    public const int AddressMaxLength = 500;

    private Clinic() { }

    private Clinic(string name, string address, string timeZoneId, DateTime createdAt)
    {
        Id = Guid.CreateVersion7();
        Name = name;
        Address = address;
        TimeZoneId = timeZoneId;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public string Address { get; private set; } = "";

    /// <summary>IANA zone name, for example America/Chicago or America/Phoenix.</summary>
    public string TimeZoneId { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }

    public ClinicClock Clock => ClinicClock.For(TimeZoneId);

    public DateOnly Today(DateTimeOffset now) => Clock.Today(now).ToDateOnly();

    public static Result<Clinic> Create(string? name, string? address, string? timeZoneId, DateTime now)
    {
        var errors = new ValidationErrors();
        var nameProblem = Names.Check(name, links: false);
        name = Names.Clean(name); // the one rule for names: NFKC, no zero-width characters
        address = address?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            errors.Add("name", "Enter the clinic's name.");
        }
        else if (name.Length > NameMaxLength)
        {
            errors.Add("name", $"The name can be at most {NameMaxLength} characters.");
        }
        else if (nameProblem is not NameProblem.None)
        {
            errors.Add("name", "The name has a hidden character (a control or text-direction character). Type it again using letters, digits and punctuation only.");
        }

        if (string.IsNullOrEmpty(address))
        {
            errors.Add("address", "Enter the clinic's street address, so people can find it.");
        }
        else if (address.Length > AddressMaxLength)
        {
            errors.Add("address", $"The address can be at most {AddressMaxLength} characters.");
        }

        if (!ClinicClock.TryFind(timeZoneId, out var clock))
        {
            errors.Add("timeZone", "Enter the clinic's time zone as an IANA name, for example America/Chicago.");
        }

        return errors.Any ? errors.ToError() : new Clinic(name!, address!, clock.ZoneId, now);
    }
}
