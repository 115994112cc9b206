using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FairShot.Domain;

public enum PersonStatus
{
    /// <summary>In line; one holding a live invitation is shown as "invited" (RegistrationService.DescribeAsync) — that is read from the invitation, not stored twice.</summary>
    Waiting = 0,
    Booked = 2,
    Vaccinated = 3,
    Withdrawn = 4,
}

public enum RegistrationSource
{
    Self = 0,
    Staff = 1,
    Roster = 2,

    /// <summary>At the clinic door, by the staff member named.</summary>
    WalkIn = 3,

    /// <summary>From a partner system's booking list: joins the line at the time of the import.</summary>
    Import = 4,
}

/// <summary>
/// A registrant: a person in line. Their place is (phase rank, group rank, registered at,
/// tie-breaker), the tie-breaker drawn once at registration so equal times are ordered fairly and
/// never by id. The group is recomputed in the database when rules change and as birthdays pass.
/// </summary>
public sealed class Person
{
    public const int NameMaxLength = 100;

    /// <summary>The state registry's patient id field (PID-3, CX.1) holds at most 15 characters; a Guid has 32.</summary>
    public const int RecordNumberMaxLength = 15;

    private Person() { }

    public Guid Id { get; private set; }

    /// <summary>
    /// The person's number in the registry's eyes (PID-3): "FS" and 13 random Crockford base-32
    /// characters (65 bits), unique in the database, never reused, never shown to the resident.
    /// </summary>
    public string RecordNumber { get; private set; } = "";
    public string FirstName { get; private set; } = "";
    public string LastName { get; private set; } = "";

    /// <summary>Lower-case, accent-free "first last" of the clean names (<see cref="Names.Clean"/>): what duplicate detection compares.</summary>
    public string NormalizedName { get; private set; } = "";
    public DateOnly DateOfBirth { get; private set; }
    public string? Email { get; private set; }

    /// <summary>E.164, for example +15735550123.</summary>
    public string? Phone { get; private set; }
    public string ZipCode { get; private set; } = "";
    public string Occupation { get; private set; } = "";
    public string Setting { get; private set; } = "";

    /// <summary>Condition codes as ",a,b," (see <see cref="CodeList"/>).</summary>
    public string Conditions { get; private set; } = "";
    public string Language { get; private set; } = "en";
    public DateTime RegisteredAt { get; private set; }
    public long TieBreaker { get; private set; }
    public PersonStatus Status { get; private set; }

    public string PhaseCode { get; private set; } = "";
    public int PhaseRank { get; private set; }
    public string GroupCode { get; private set; } = "";
    public int GroupRank { get; private set; }

    /// <summary>The date the group was last evaluated: ages move on birthdays.</summary>
    public DateOnly GroupEvaluatedOn { get; private set; }

    public RegistrationSource Source { get; private set; }
    public Guid? RegisteredByStaffId { get; private set; }

    /// <summary>The roster this person was registered from, when they came in that way.</summary>
    public Guid? RosterId { get; private set; }

    public void CameFromRoster(Guid rosterId) => RosterId = rosterId;

    /// <summary>Clinics this person can reach within an hour for a same-day offer (",id,id,"); empty when not on standby.</summary>
    public string StandbyClinics { get; private set; } = "";
    public DateTime? StandbySince { get; private set; }

    public void SetStandby(IEnumerable<Guid> clinicIds, DateTime now)
    {
        StandbyClinics = CodeList.Join(clinicIds.Select(c => c.ToString()));
        StandbySince = StandbyClinics.Length == 0 ? null : StandbySince ?? now;
    }

    public IReadOnlyList<string> ConditionList => CodeList.Split(Conditions);

    public sealed record Details(
        string FirstName, string LastName, DateOnly DateOfBirth, string? Email, string? Phone, string ZipCode,
        string Occupation, string Setting, IReadOnlyList<string> Conditions, string Language);

    public static Person Register(Details details, DateTime now, RegistrationSource source, Guid? staffId)
    {
        var person = new Person
        {
            Id = Guid.CreateVersion7(),
            RecordNumber = NewRecordNumber(),
            RegisteredAt = now,
            TieBreaker = RandomNumberGenerator.GetInt32(int.MaxValue) * (long)int.MaxValue + RandomNumberGenerator.GetInt32(int.MaxValue),
            Status = PersonStatus.Waiting,
            Source = source,
            RegisteredByStaffId = staffId,
        };
        person.Apply(details);
        return person;
    }

    public static string NewRecordNumber()
    {
        const string crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        Span<char> number = stackalloc char[RecordNumberMaxLength];
        number[0] = 'F';
        number[1] = 'S';
        for (var i = 2; i < number.Length; i++)
        {
            number[i] = crockford[RandomNumberGenerator.GetInt32(crockford.Length)];
        }
        return new string(number);
    }

    /// <summary>A staff correction: the same checks as registration, the place in line kept.</summary>
    public void Correct(Details details) => Apply(details);

    private void Apply(Details d)
    {
        FirstName = d.FirstName;
        LastName = d.LastName;
        NormalizedName = NormalizeName(d.FirstName, d.LastName);
        DateOfBirth = d.DateOfBirth;
        Email = d.Email;
        Phone = d.Phone;
        ZipCode = d.ZipCode;
        Occupation = d.Occupation;
        Setting = d.Setting;
        Conditions = CodeList.Join(d.Conditions);
        Language = d.Language;
    }

    public void AssignGroup(EligibilityPhase phase, PriorityGroup group, DateOnly on)
    {
        PhaseCode = phase.Code;
        PhaseRank = phase.Rank;
        GroupCode = group.Code;
        GroupRank = group.Rank;
        GroupEvaluatedOn = on;
    }

    public static string NormalizeName(string first, string last)
    {
        // Clean first (NFKC, no zero-width characters): "Mar\u200bta" and "Ｍａｒｔａ" are Marta.
        var text = (Names.Clean(first) + " " + Names.Clean(last)).Normalize(NormalizationForm.FormD);
        var result = new StringBuilder(text.Length);
        var lastWasSpace = false;
        foreach (var c in text)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            if (char.IsLetterOrDigit(c))
            {
                result.Append(char.ToLowerInvariant(c));
                lastWasSpace = false;
            }
            else if (!lastWasSpace && result.Length > 0)
            {
                result.Append(' ');
                lastWasSpace = true;
            }
        }
        return result.ToString().Trim();
    }
}
