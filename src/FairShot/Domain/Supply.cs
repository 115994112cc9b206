namespace FairShot.Domain;

/// <summary>What moved doses: every change of stock is one ledger row of one of these kinds.</summary>
public enum StockMovementKind
{
    Received = 0,
    TransferredOut = 1,
    TransferredIn = 2,
    Allocated = 3,
    Released = 4,
    Administered = 5,
    Wasted = 6,
    HeldForSecondDose = 7,
    SecondDoseHoldReleased = 8,

    /// <summary>A dose recorded as given came back to its lot's count: a voided record, or a corrected lot (the new lot's dose is administered).</summary>
    Returned = 9,
}

/// <summary>Why doses were thrown away, as the wastage form offers them.</summary>
public enum WastageReason
{
    Expired = 0,
    Broken = 1,
    TemperatureExcursion = 2,
    OpenVialUnused = 3,
    Other = 4,
}

/// <summary>
/// Doses of one lot at one clinic that are (or will be) usable from <see cref="AvailableFrom"/>:
/// a shipment expected later is a line with a future date. <see cref="OnHand"/> only changes by
/// conditional updates (<c>WHERE OnHand &gt;= n</c>) and the database refuses a negative count,
/// so two transfers racing for the same doses cannot both take them. Doses earmarked for some
/// people (<see cref="EarmarkId"/>) are a line of their own.
/// </summary>
public sealed class StockLot
{
    public const int LotMaxLength = 20;

    private StockLot() { }

    public StockLot(Guid clinicId, string productCvx, string lot, DateOnly expiresOn, DateOnly availableFrom, Guid? earmarkId)
    {
        Id = Guid.CreateVersion7();
        ClinicId = clinicId;
        ProductCvx = productCvx;
        Lot = lot;
        ExpiresOn = expiresOn;
        AvailableFrom = availableFrom;
        EarmarkId = earmarkId;
    }

    public Guid Id { get; private set; }
    public Guid ClinicId { get; private set; }
    public string ProductCvx { get; private set; } = "";
    public string Lot { get; private set; } = "";
    public DateOnly ExpiresOn { get; private set; }
    public DateOnly AvailableFrom { get; private set; }
    public Guid? EarmarkId { get; private set; }
    public int OnHand { get; private set; }

    public bool UsableOn(DateOnly date) => AvailableFrom <= date && ExpiresOn >= date;
}

/// <summary>
/// One clinic's balance of one product, kept beside the ledger in the same transactions and proven
/// equal to it by a test. <see cref="Supply"/> is every dose there or on its way (the sum of the
/// lots), <see cref="Allocated"/> the doses behind clinic days' seats not yet given,
/// <see cref="Reserved"/> the doses held for second doses not yet booked into a day, and
/// <see cref="Uncovered"/> what was promised and then lost (a broken box) until new supply covers it.
/// The database checks <c>Allocated + Reserved &lt;= Supply + Uncovered</c>: no seat or hold without a
/// dose behind it, whatever the code does. Planning writes lock this row first, so allocations for
/// one clinic and product are decided one after another across every instance; bookings never touch
/// it (except a dose-2 hold when no dose-2 seat was found).
/// </summary>
public sealed class StockBalance
{
    private StockBalance() { }

    public StockBalance(Guid clinicId, string productCvx)
    {
        ClinicId = clinicId;
        ProductCvx = productCvx;
    }

    public Guid ClinicId { get; private set; }
    public string ProductCvx { get; private set; } = "";
    public int Supply { get; private set; }
    public int Allocated { get; private set; }
    public int Reserved { get; private set; }
    public int Uncovered { get; private set; }

    // Running totals for the stock page (each equals a sum over the ledger).
    public int Received { get; private set; }
    public int TransferredIn { get; private set; }
    public int TransferredOut { get; private set; }
    public int Administered { get; private set; }
    public int Wasted { get; private set; }

    /// <summary>Bumped by every planning write: the statement that takes the row lock.</summary>
    public long Version { get; private set; }
}

/// <summary>
/// One line of the dose ledger, written in the same transaction as the change and its audit entry.
/// Doses are always positive; the kind says which way they went.
/// </summary>
public sealed class StockMovement
{
    public const int ReasonMaxLength = 500;

    private StockMovement() { }

    public StockMovement(Guid clinicId, string productCvx, StockMovementKind kind, int doses, DateTime at, string actorId,
        Guid? lotId = null, Guid? clinicDayId = null, Guid? transferId = null, Guid? appointmentId = null, WastageReason? wastage = null, string? reason = null)
    {
        Id = Guid.CreateVersion7();
        ClinicId = clinicId;
        ProductCvx = productCvx;
        Kind = kind;
        Doses = doses;
        At = at;
        ActorId = actorId;
        LotId = lotId;
        ClinicDayId = clinicDayId;
        TransferId = transferId;
        AppointmentId = appointmentId;
        Wastage = wastage;
        Reason = reason;
    }

    public Guid Id { get; private set; }
    public Guid ClinicId { get; private set; }
    public string ProductCvx { get; private set; } = "";
    public StockMovementKind Kind { get; private set; }
    public int Doses { get; private set; }
    public DateTime At { get; private set; }
    public string ActorId { get; private set; } = "";
    public Guid? LotId { get; private set; }
    public Guid? ClinicDayId { get; private set; }

    /// <summary>The out and in rows of one transfer share it.</summary>
    public Guid? TransferId { get; private set; }
    public Guid? AppointmentId { get; private set; }
    public WastageReason? Wastage { get; private set; }
    public string? Reason { get; private set; }
}

/// <summary>
/// Doses set aside for some people ("800 doses to rural clinics for people 75 and older"): priority
/// groups and/or ZIP codes. Lots and clinic days carry it; a day built on it invites only those people.
/// </summary>
public sealed class Earmark
{
    private Earmark() { }

    public Earmark(string label, IReadOnlyList<string> groupCodes, IReadOnlyList<string> zipCodes, DateTime now)
    {
        Id = Guid.CreateVersion7();
        Label = label;
        GroupCodes = string.Join(',', groupCodes);
        ZipCodes = string.Join(',', zipCodes);
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public string Label { get; private set; } = "";

    /// <summary>Comma-separated priority-group codes; empty means any group.</summary>
    public string GroupCodes { get; private set; } = "";

    /// <summary>Comma-separated five-digit ZIP codes; empty means anywhere.</summary>
    public string ZipCodes { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }

    public IReadOnlyList<string> Groups => GroupCodes.Length == 0 ? [] : GroupCodes.Split(',');
    public IReadOnlyList<string> Zips => ZipCodes.Length == 0 ? [] : ZipCodes.Split(',');

    public bool Admits(string? groupCode, string? zip) =>
        (Groups.Count == 0 || (groupCode is not null && Groups.Contains(groupCode)))
        && (Zips.Count == 0 || (zip is not null && Zips.Contains(zip)));
}

/// <summary>The state's allocation of one product for one week (weeks start on Monday).</summary>
public sealed class WeeklyAllocation
{
    private WeeklyAllocation() { }

    public WeeklyAllocation(DateOnly weekOf, string productCvx, int doses, string enteredBy, DateTime now)
    {
        Id = Guid.CreateVersion7();
        WeekOf = weekOf;
        ProductCvx = productCvx;
        Doses = doses;
        EnteredBy = enteredBy;
        EnteredAt = now;
    }

    public Guid Id { get; private set; }
    public DateOnly WeekOf { get; private set; }
    public string ProductCvx { get; private set; } = "";
    public int Doses { get; private set; }
    public string EnteredBy { get; private set; } = "";
    public DateTime EnteredAt { get; private set; }

    public void Change(int doses, string by, DateTime now)
    {
        Doses = doses;
        EnteredBy = by;
        EnteredAt = now;
    }
}
