namespace FairShot.Domain;

/// <summary>
/// What the fill monitor saw on a clinic day and what it did about it: the record behind "staff see
/// what it did and why" and behind the fill-over-time chart.
/// </summary>
public sealed class FillSnapshot
{
    private FillSnapshot() { }

    public FillSnapshot(Guid clinicDayId, DateTime takenAt, int capacity, int booked, int freeSeats, int outstanding, double acceptanceRate,
        int issued, int? expiryMinutes, string decision)
    {
        Id = Guid.CreateVersion7();
        ClinicDayId = clinicDayId;
        TakenAt = takenAt;
        Capacity = capacity;
        Booked = booked;
        FreeSeats = freeSeats;
        Outstanding = outstanding;
        AcceptanceRate = acceptanceRate;
        Issued = issued;
        ExpiryMinutes = expiryMinutes;
        Decision = decision.Length > 300 ? decision[..300] : decision;
    }

    public Guid Id { get; private set; }
    public Guid ClinicDayId { get; private set; }
    public DateTime TakenAt { get; private set; }
    public int Capacity { get; private set; }
    public int Booked { get; private set; }
    public int FreeSeats { get; private set; }
    public int Outstanding { get; private set; }
    public double AcceptanceRate { get; private set; }
    public int Issued { get; private set; }
    public int? ExpiryMinutes { get; private set; }
    public string Decision { get; private set; } = "";
}
