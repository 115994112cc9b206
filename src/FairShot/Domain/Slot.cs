namespace FairShot.Domain;

/// <summary>
/// A bookable period of a clinic day. <see cref="Booked"/> only ever changes through a conditional
/// update (<c>WHERE Booked &lt; Capacity</c>) and the database checks <c>0 &lt;= Booked &lt;= Capacity</c>,
/// so no amount of concurrency can overbook it.
/// </summary>
public sealed class Slot
{
    private Slot() { }

    internal Slot(Guid clinicDayId, DateTime startsAt, DateTime endsAt, int capacity)
    {
        Id = Guid.CreateVersion7();
        ClinicDayId = clinicDayId;
        StartsAt = startsAt;
        EndsAt = endsAt;
        Capacity = capacity;
    }

    public Guid Id { get; private set; }
    public Guid ClinicDayId { get; private set; }
    public DateTime StartsAt { get; private set; }
    public DateTime EndsAt { get; private set; }
    public int Capacity { get; private set; }
    public int Booked { get; private set; }

    /// <summary>Only for a slot not yet saved: saved slots change capacity by conditional updates.</summary>
    internal void Resize(int capacity) => Capacity = capacity;
}
