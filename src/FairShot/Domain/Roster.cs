namespace FairShot.Domain;

/// <summary>An employer's list of eligible staff (a school district, a sheriff's office, a court), uploaded by an admin.</summary>
public sealed class Roster
{
    public const int NameMaxLength = 200;

    private Roster() { }

    public Roster(string employer, string occupation, Guid uploadedBy, DateTime now)
    {
        Id = Guid.CreateVersion7();
        Employer = employer;
        Occupation = occupation;
        UploadedBy = uploadedBy;
        UploadedAt = now;
    }

    public Guid Id { get; private set; }
    public string Employer { get; private set; } = "";
    public string Occupation { get; private set; } = "";
    public Guid UploadedBy { get; private set; }
    public DateTime UploadedAt { get; private set; }
    public int Registered { get; private set; }
    public int Matched { get; private set; }

    public void Counted(int registered, int matched)
    {
        Registered = registered;
        Matched = matched;
    }
}

/// <summary>A person on a roster: newly registered from it, or an existing registration it matched.</summary>
public sealed class RosterMember
{
    private RosterMember() { }

    public RosterMember(Guid rosterId, Guid personId, int line, bool matchedExisting)
    {
        RosterId = rosterId;
        PersonId = personId;
        Line = line;
        MatchedExisting = matchedExisting;
    }

    public Guid RosterId { get; private set; }
    public Guid PersonId { get; private set; }
    public int Line { get; private set; }
    public bool MatchedExisting { get; private set; }
}
