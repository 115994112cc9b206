namespace FairShot.Domain;

public enum ActorKind
{
    System = 0,
    Staff = 1,
    Resident = 2,
}

/// <summary>Who made a change: recorded on every audit entry.</summary>
public sealed record Actor(ActorKind Kind, string Id)
{
    public static readonly Actor System = new(ActorKind.System, "system");
    public static readonly Actor Resident = new(ActorKind.Resident, "resident");

    public static Actor Staff(Guid staffId) => new(ActorKind.Staff, staffId.ToString());

    public override string ToString() => Kind == ActorKind.Staff ? $"staff:{Id}" : Id;
}
