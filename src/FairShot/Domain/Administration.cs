namespace FairShot.Domain;

/// <summary>What happened when the vaccinator saw the person.</summary>
public enum AdministrationOutcome
{
    /// <summary>The dose was given: one dose left the lot through the supply ledger.</summary>
    Given = 0,

    /// <summary>The person refused (reported to the registry as a refusal, RXA-20 RE).</summary>
    Refused = 1,

    /// <summary>Not given for a reason (<see cref="NotGivenReason"/>); no dose was used.</summary>
    NotGiven = 2,
}

public enum NotGivenReason
{
    Contraindication = 0,
    LeftBefore = 1,
    Other = 2,
}

/// <summary>The life of a record after it was made: the records issue reports corrections and voids as updates and deletions.</summary>
public enum AdministrationState
{
    Recorded = 0,
    Corrected = 1,
    Voided = 2,
}

/// <summary>
/// One dose given (or refused, or not given) to one person at one clinic day: the source of every
/// record the county sends to the state registry and hands to the resident. What the dose was
/// (product, CVX, MVX, NDC, lot and its expiry) is copied at the moment of recording, so a later
/// change of the product table never rewrites history. A partial unique index allows one live
/// given dose per appointment; corrections and voids keep the row and bump <see cref="Version"/>.
/// </summary>
public sealed class Administration
{
    public const int RouteMaxLength = 10;
    public const int BodySiteMaxLength = 10;
    public const int ReasonMaxLength = 500;

    private Administration() { }

    public Guid Id { get; private set; }
    public Guid AppointmentId { get; private set; }
    public Guid PersonId { get; private set; }
    public Guid ClinicId { get; private set; }
    public Guid ClinicDayId { get; private set; }
    public AdministrationOutcome Outcome { get; private set; }
    public NotGivenReason? NotGivenReason { get; private set; }

    /// <summary>Free text for a refusal or "other" reason.</summary>
    public string? OutcomeNote { get; private set; }

    public int DoseNumber { get; private set; }
    public string ProductCvx { get; private set; } = "";
    public string ProductName { get; private set; } = "";
    public string MvxCode { get; private set; } = "";
    public string NdcUnitOfUse { get; private set; } = "";

    /// <summary>The stock line the dose came from; null when no dose was used.</summary>
    public Guid? StockLotId { get; private set; }
    public string? Lot { get; private set; }
    public DateOnly? LotExpiresOn { get; private set; }

    /// <summary>Route of administration, HL7 table 0162 (IM, SC, ID, IN, PO).</summary>
    public string? Route { get; private set; }

    /// <summary>Body site, HL7 table 0163 (LA, RA, LD, RD, LT, RT ...).</summary>
    public string? BodySite { get; private set; }

    public DateTime AdministeredAt { get; private set; }
    public DateTime RecordedAt { get; private set; }
    public Guid VaccinatorStaffId { get; private set; }

    public AdministrationState State { get; private set; }

    /// <summary>1 when recorded; each correction adds one (the registry message's update number).</summary>
    public int Version { get; private set; } = 1;
    public DateTime? ChangedAt { get; private set; }
    public Guid? ChangedByStaffId { get; private set; }
    public string? ChangeReason { get; private set; }

    public sealed record Dose(VaccineProduct Product, Guid StockLotId, string Lot, DateOnly ExpiresOn, string Route, string BodySite);

    public static Administration Given(Appointment appointment, Guid clinicId, Dose dose, DateTime administeredAt, Guid vaccinator, DateTime now) =>
        new()
        {
            Id = Guid.CreateVersion7(),
            AppointmentId = appointment.Id,
            PersonId = appointment.PersonId,
            ClinicId = clinicId,
            ClinicDayId = appointment.ClinicDayId,
            Outcome = AdministrationOutcome.Given,
            DoseNumber = appointment.DoseNumber,
            ProductCvx = dose.Product.CvxCode,
            ProductName = dose.Product.Name,
            MvxCode = dose.Product.MvxCode,
            NdcUnitOfUse = dose.Product.NdcUnitOfUse,
            StockLotId = dose.StockLotId,
            Lot = dose.Lot,
            LotExpiresOn = dose.ExpiresOn,
            Route = dose.Route,
            BodySite = dose.BodySite,
            AdministeredAt = administeredAt,
            RecordedAt = now,
            VaccinatorStaffId = vaccinator,
        };

    /// <summary>Refused, or not given for a reason: no dose leaves the stock.</summary>
    public static Administration NotAdministered(Appointment appointment, Guid clinicId, VaccineProduct product, AdministrationOutcome outcome,
        NotGivenReason? reason, string? note, DateTime at, Guid vaccinator, DateTime now)
    {
        if (outcome == AdministrationOutcome.Given)
        {
            throw new ArgumentException("Use Given for a dose that was given.", nameof(outcome));
        }
        return new()
        {
            Id = Guid.CreateVersion7(),
            AppointmentId = appointment.Id,
            PersonId = appointment.PersonId,
            ClinicId = clinicId,
            ClinicDayId = appointment.ClinicDayId,
            Outcome = outcome,
            NotGivenReason = outcome == AdministrationOutcome.NotGiven ? reason ?? Domain.NotGivenReason.Other : null,
            OutcomeNote = note,
            DoseNumber = appointment.DoseNumber,
            ProductCvx = product.CvxCode,
            ProductName = product.Name,
            MvxCode = product.MvxCode,
            NdcUnitOfUse = product.NdcUnitOfUse,
            AdministeredAt = at,
            RecordedAt = now,
            VaccinatorStaffId = vaccinator,
        };
    }

    public bool IsVoided => State == AdministrationState.Voided;

    /// <summary>A clinic lead corrects what was recorded (lot, route, site, time), with a reason; the version goes up.</summary>
    public void Correct(Dose? dose, string? route, string? bodySite, DateTime? administeredAt, string reason, Guid lead, DateTime now)
    {
        if (IsVoided)
        {
            throw new InvalidOperationException("A voided record cannot be corrected.");
        }
        if (dose is not null)
        {
            StockLotId = dose.StockLotId;
            Lot = dose.Lot;
            LotExpiresOn = dose.ExpiresOn;
        }
        Route = route ?? Route;
        BodySite = bodySite ?? BodySite;
        AdministeredAt = administeredAt ?? AdministeredAt;
        State = AdministrationState.Corrected;
        Version++;
        ChangedAt = now;
        ChangedByStaffId = lead;
        ChangeReason = reason;
    }

    /// <summary>A clinic lead voids a record made in error, with a reason; the row stays for the registry's delete.</summary>
    public void Void(string reason, Guid lead, DateTime now)
    {
        if (IsVoided)
        {
            throw new InvalidOperationException("The record is already voided.");
        }
        State = AdministrationState.Voided;
        Version++;
        ChangedAt = now;
        ChangedByStaffId = lead;
        ChangeReason = reason;
    }
}

/// <summary>
/// A vial punctured at a clinic day: its doses must be used within the product's open-vial hours or
/// are wasted. Doses left = <see cref="DosesPerVial"/> - <see cref="DosesDrawn"/>, what the end of
/// the day offers to standby. <see cref="DosesDrawn"/> changes only by conditional updates
/// (<c>WHERE DosesDrawn &lt; DosesPerVial</c>) and the database checks the bound.
/// </summary>
public sealed class OpenedVial
{
    private OpenedVial() { }

    public OpenedVial(Guid clinicDayId, Guid stockLotId, string productCvx, int dosesPerVial, DateTime openedAt, DateTime usableUntil)
    {
        Id = Guid.CreateVersion7();
        ClinicDayId = clinicDayId;
        StockLotId = stockLotId;
        ProductCvx = productCvx;
        DosesPerVial = dosesPerVial;
        OpenedAt = openedAt;
        UsableUntil = usableUntil;
    }

    public Guid Id { get; private set; }
    public Guid ClinicDayId { get; private set; }
    public Guid StockLotId { get; private set; }
    public string ProductCvx { get; private set; } = "";
    public int DosesPerVial { get; private set; }
    public int DosesDrawn { get; private set; }
    public DateTime OpenedAt { get; private set; }
    public DateTime UsableUntil { get; private set; }

    /// <summary>Set when the vial is finished or its remaining doses are recorded as wasted.</summary>
    public DateTime? ClosedAt { get; private set; }
    public int DosesWasted { get; private set; }

    public int DosesLeft => ClosedAt is null ? DosesPerVial - DosesDrawn : 0;
}
