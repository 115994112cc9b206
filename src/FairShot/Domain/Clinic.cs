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

    /// <summary>
    /// Listed in the open availability feed (SMART Scheduling Links) for slot finders. A listed clinic
    /// needs the parts of its address a finder filters on: city, state and ZIP code.
    /// </summary>
    public bool IsPublic { get; private set; }
    public string? City { get; private set; }

    /// <summary>Two-letter USPS code (IL, AZ, PR).</summary>
    public string? State { get; private set; }
    public string? PostalCode { get; private set; }

    /// <summary>The number people can call to book (E.164, normalised by the caller).</summary>
    public string? Phone { get; private set; }

    public ClinicClock Clock => ClinicClock.For(TimeZoneId);

    /// <summary>
    /// Sets the listing: each given part replaces the stored one (an empty string clears it; null keeps
    /// it), then the whole is checked. Fails with every field's message and changes nothing.
    /// </summary>
    public Result<bool> SetListing(bool? isPublic, string? city, string? state, string? postalCode, string? phone, Func<string, string?> normalisePhone)
    {
        var errors = new ValidationErrors();
        if (!string.IsNullOrWhiteSpace(phone))
        {
            var normalised = normalisePhone(phone);
            if (normalised is null)
            {
                errors.Add("phone", "Enter the booking phone number with its area code, for example 312-555-0100.");
            }
            phone = normalised;
        }
        var newCity = city is null ? City : Blank(Names.Clean(city));
        var newState = state is null ? State : Blank(state.Trim().ToUpperInvariant());
        var newZip = postalCode is null ? PostalCode : Blank(postalCode.Trim());
        var newPhone = phone is null ? Phone : Blank(phone.Trim());
        var listed = isPublic ?? IsPublic;
        if (newCity is not null && (newCity.Length > 100 || Names.Check(city, links: false) is not NameProblem.None))
        {
            errors.Add("city", "Enter the city's name (at most 100 letters, no hidden characters).");
        }
        if (newState is not null && !(newState.Length == 2 && newState.All(char.IsAsciiLetterUpper)))
        {
            errors.Add("state", "Enter the state as its two-letter code, for example IL.");
        }
        if (newZip is not null && !IsZip(newZip))
        {
            errors.Add("postalCode", "Enter a 5-digit ZIP code, for example 60601.");
        }
        if (listed)
        {
            if (newCity is null)
            {
                errors.Add("city", "A clinic listed for slot finders needs its city.");
            }
            if (newState is null)
            {
                errors.Add("state", "A clinic listed for slot finders needs its state.");
            }
            if (newZip is null)
            {
                errors.Add("postalCode", "A clinic listed for slot finders needs its ZIP code.");
            }
        }
        if (errors.Any)
        {
            return errors.ToError();
        }
        var changed = listed != IsPublic || newCity != City || newState != State || newZip != PostalCode || newPhone != Phone;
        (IsPublic, City, State, PostalCode, Phone) = (listed, newCity, newState, newZip, newPhone);
        return changed;
    }

    private static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static bool IsZip(string zip) =>
        (zip.Length == 5 && zip.All(char.IsAsciiDigit)) ||
        (zip.Length == 10 && zip[5] == '-' && zip[..5].All(char.IsAsciiDigit) && zip[6..].All(char.IsAsciiDigit));

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
