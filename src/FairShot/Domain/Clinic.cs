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

    public TimeZoneInfo TimeZone => TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId);

    public DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, TimeZone).DateTime);

    public static Result<Clinic> Create(string? name, string? address, string? timeZoneId, DateTime now)
    {
        var errors = new ValidationErrors();
        name = name?.Trim();
        address = address?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            errors.Add("name", "Enter the clinic's name.");
        }
        else if (name.Length > NameMaxLength)
        {
            errors.Add("name", $"The name can be at most {NameMaxLength} characters.");
        }

        if (string.IsNullOrEmpty(address))
        {
            errors.Add("address", "Enter the clinic's street address, so people can find it.");
        }
        else if (address.Length > AddressMaxLength)
        {
            errors.Add("address", $"The address can be at most {AddressMaxLength} characters.");
        }

        var zone = TimeZones.Find(timeZoneId);
        if (zone is null)
        {
            errors.Add("timeZone", "Enter the clinic's time zone as an IANA name, for example America/Chicago.");
        }

        return errors.Any ? errors.ToError() : new Clinic(name!, address!, zone!.Id, now);
    }
}

public static class TimeZones
{
    /// <summary>Finds an IANA zone; Windows names and offsets are refused so every zone reads the same everywhere.</summary>
    public static TimeZoneInfo? Find(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64 || !id.Contains('/', StringComparison.Ordinal))
        {
            return null;
        }
        return TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var zone) && zone.HasIanaId ? zone : null;
    }
}
