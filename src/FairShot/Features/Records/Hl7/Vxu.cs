using System.Globalization;
using FairShot.Domain;

namespace FairShot.Features.Records.Hl7;

/// <summary>Who sends to whom (MSH-3 to MSH-6, MSH-11), from the county's Registry settings.</summary>
public sealed record VxuParties(string SendingApplication, string SendingFacility, string ReceivingApplication, string ReceivingFacility, string ProcessingId = "P");

/// <summary>The person as the registry needs them (PID, PD1). <see cref="RecordNumber"/> fits CX.1 (15 characters).</summary>
public sealed record VxuPatient(string RecordNumber, string AssigningAuthority, string FamilyName, string GivenName, DateOnly DateOfBirth,
    string? ZipCode, string? Phone, string? Email, string Sex = "U");

/// <summary>RXA-21: a new record, a correction of one sent before, or its deletion.</summary>
public enum VxuAction
{
    Add,
    Update,
    Delete,
}

/// <summary>A fact sheet or VIS given before the dose (OBX 69764-9 and 29769-7).</summary>
public sealed record VisGiven(string DocumentCode, string Name, DateOnly PresentedOn);

/// <summary>One administration as the registry needs it (ORC, RXA, RXR, OBX).</summary>
public sealed record VxuDose(
    string OrderId, VxuAction Action, AdministrationOutcome Outcome, DateOnly AdministeredOn,
    string Cvx, string ProductName, decimal? AmountMl, string? Lot, DateOnly? ExpiresOn, string? Mvx, string? ManufacturerName,
    string? Route, string? BodySite, string VaccinatorFamily, string VaccinatorGiven, string FacilityId,
    NotGivenReason? NotGivenReason = null, string VfcEligibility = "V01", VisGiven? Vis = null);

/// <summary>
/// Builds a VXU^V04 (HL7 v2.5.1, CDC/AIRA IG release 1.5, NIST Z22 profile) for one administration:
/// MSH, PID, PD1, then one ORDER group (ORC, RXA, RXR, OBX). Segments end with CR, as the standard
/// says; <see cref="Write"/> gives the text that goes over the wire. Refusals follow the IG: RXA-20
/// RE, RXA-6 999, RXA-18 the reason, ORC-3 9999 (IZ-45); a dose not given for another reason is
/// RXA-20 NA. A correction is RXA-21 U and a void D, with the same order id so the registry finds it.
/// </summary>
public static class Vxu
{
    public const string MessageType = "VXU^V04^VXU_V04";
    public const string OrderNamespace = "FAIRSHOT";

    /// <summary>HL7 0162 routes, as the IG wants them: NCI Thesaurus codes.</summary>
    private static readonly Dictionary<string, (string Code, string Text)> Routes = new(StringComparer.Ordinal)
    {
        ["IM"] = ("C28161", "Intramuscular"),
        ["SC"] = ("C38299", "Subcutaneous"),
        ["ID"] = ("C38238", "Intradermal"),
        ["IN"] = ("C38284", "Nasal"),
        ["PO"] = ("C38288", "Oral"),
    };

    /// <summary>HL7 0163 body sites.</summary>
    private static readonly Dictionary<string, string> Sites = new(StringComparer.Ordinal)
    {
        ["LA"] = "Left Arm",
        ["RA"] = "Right Arm",
        ["LD"] = "Left Deltoid",
        ["RD"] = "Right Deltoid",
        ["LT"] = "Left Thigh",
        ["RT"] = "Right Thigh",
        ["LVL"] = "Left Vastus Lateralis",
        ["RVL"] = "Right Vastus Lateralis",
        ["LG"] = "Left Gluteous Medius",
        ["RG"] = "Right Gluteous Medius",
    };

    /// <summary>HL7 0064 VFC eligibility (adults given COVID-19 vaccine are V01, not VFC eligible).</summary>
    private static readonly Dictionary<string, string> VfcCodes = new(StringComparer.Ordinal)
    {
        ["V01"] = "Not VFC eligible",
        ["V02"] = "VFC eligible - Medicaid/Medicaid Managed Care",
        ["V03"] = "VFC eligible - Uninsured",
        ["V04"] = "VFC eligible - American Indian/Alaskan Native",
        ["V05"] = "VFC eligible - Federally Qualified Health Center Patient (under-insured)",
    };

    public static IReadOnlyCollection<string> RouteCodes => Routes.Keys;
    public static IReadOnlyCollection<string> SiteCodes => Sites.Keys;

    public static IReadOnlyList<Hl7Segment> Build(string controlId, DateTimeOffset createdAt, VxuParties parties, VxuPatient patient, VxuDose dose)
    {
        var segments = new List<Hl7Segment>
        {
            new Hl7Segment("MSH")
                .Set(3, parties.SendingApplication)
                .Set(4, parties.SendingFacility)
                .Set(5, parties.ReceivingApplication)
                .Set(6, parties.ReceivingFacility)
                .Set(7, Hl7Segment.Timestamp(createdAt))
                .SetEncoded(9, MessageType)
                .Set(10, controlId)
                .Set(11, parties.ProcessingId)
                .Set(12, "2.5.1")
                .Set(15, "ER")
                .Set(16, "AL")
                .SetEncoded(21, "Z22^CDCPHINVS")
                .Set(22, parties.SendingFacility),
            Pid(patient),
            new Hl7Segment("PD1")
                .Set(16, "A")
                .Set(17, Hl7Segment.Date(dose.AdministeredOn)),
        };
        segments.AddRange(Order(dose));
        return segments;
    }

    /// <summary>The message text: segments separated and ended by CR.</summary>
    public static string Write(IEnumerable<Hl7Segment> segments) => string.Concat(segments.Select(s => s + "\r"));

    private static Hl7Segment Pid(VxuPatient patient)
    {
        var pid = new Hl7Segment("PID")
            .Set(1, "1")
            .Set(3, patient.RecordNumber, "", "", patient.AssigningAuthority, "MR")
            .Set(5, patient.FamilyName, patient.GivenName, "", "", "", "", "L")
            .Set(7, Hl7Segment.Date(patient.DateOfBirth))
            .Set(8, patient.Sex);
        if (!string.IsNullOrEmpty(patient.ZipCode))
        {
            pid.Set(11, "", "", "", "", patient.ZipCode, "USA", "P");
        }
        var phones = new List<string>();
        if (patient.Phone is { Length: 12 } phone && phone.StartsWith("+1", StringComparison.Ordinal))
        {
            // XTN: use PRN, type PH (or CP), area code and local number, from an E.164 +1 number.
            phones.Add(Hl7Segment.Component("", "PRN", "PH", "", "", phone[2..5], phone[5..]));
        }
        if (!string.IsNullOrEmpty(patient.Email))
        {
            phones.Add(Hl7Segment.Component("", "NET", "Internet", patient.Email));
        }
        return pid.SetEncoded(13, string.Join('~', phones));
    }

    private static IEnumerable<Hl7Segment> Order(VxuDose dose)
    {
        var given = dose.Outcome == AdministrationOutcome.Given;
        var orc = new Hl7Segment("ORC").Set(1, "RE");
        if (given)
        {
            orc.Set(3, dose.OrderId, OrderNamespace);
        }
        else
        {
            // IZ-45: a refusal or a dose not given carries 9999 as the filler order number; ours goes in the placer number.
            orc.Set(2, dose.OrderId, OrderNamespace).Set(3, "9999", OrderNamespace);
        }
        orc.Set(10, "", dose.VaccinatorFamily, dose.VaccinatorGiven)
            .Set(17, dose.FacilityId);
        yield return orc;

        var rxa = new Hl7Segment("RXA")
            .Set(1, "0")
            .Set(2, "1")
            .Set(3, Hl7Segment.Date(dose.AdministeredOn))
            .Set(5, dose.Cvx, dose.ProductName, "CVX");
        if (given && dose.AmountMl is { } ml)
        {
            rxa.Set(6, ml.ToString("0.0##", CultureInfo.InvariantCulture)).Set(7, "mL", "mL", "UCUM");
        }
        else
        {
            rxa.Set(6, "999");
        }
        if (given)
        {
            rxa.Set(9, "00", "New Record", "NIP001")
                .Set(10, "", dose.VaccinatorFamily, dose.VaccinatorGiven)
                .Set(11, "", "", "", dose.FacilityId)
                .Set(15, dose.Lot);
            if (dose.ExpiresOn is { } expires)
            {
                rxa.Set(16, Hl7Segment.Date(expires));
            }
            if (dose.Mvx is { Length: > 0 } mvx)
            {
                rxa.Set(17, mvx, dose.ManufacturerName ?? "", "MVX");
            }
            rxa.Set(20, "CP");
        }
        else if (dose.Outcome == AdministrationOutcome.Refused)
        {
            rxa.Set(18, "03", "Patient decision", "NIP002").Set(20, "RE");
        }
        else
        {
            rxa.Set(20, "NA");
        }
        rxa.Set(21, dose.Action switch { VxuAction.Update => "U", VxuAction.Delete => "D", _ => "A" });
        yield return rxa;

        if (!given)
        {
            yield break;
        }
        if (dose.Route is { } route && Routes.TryGetValue(route, out var r))
        {
            var rxr = new Hl7Segment("RXR").Set(1, r.Code, r.Text, "NCIT");
            if (dose.BodySite is { } site && Sites.TryGetValue(site, out var siteName))
            {
                rxr.Set(2, site, siteName, "HL70163");
            }
            yield return rxr;
        }

        var on = Hl7Segment.Date(dose.AdministeredOn);
        var set = 0;
        var vfc = VfcCodes.ContainsKey(dose.VfcEligibility) ? dose.VfcEligibility : "V01";
        yield return Obx(++set, "CE", ("64994-7", "Vaccine Funding Program Eligibility"), 1, Hl7Segment.Component(vfc, VfcCodes[vfc], "HL70064"), on)
            .Set(17, "VXC40", "Eligibility captured at the immunization level", "CDCPHINVS");
        yield return Obx(++set, "CE", ("30963-3", "Vaccine Funding Source"), 2, Hl7Segment.Component("VXC50", "Public", "CDCPHINVS"), on);
        if (dose.Vis is { } vis)
        {
            yield return Obx(++set, "CE", ("69764-9", "Document Type"), 3, Hl7Segment.Component(vis.DocumentCode, vis.Name, "cdcgs1vis"), on);
            yield return Obx(++set, "DT", ("29769-7", "Date Vis Presented"), 3, Hl7Segment.Date(vis.PresentedOn), on);
        }
    }

    private static Hl7Segment Obx(int set, string type, (string Code, string Text) what, int subId, string encodedValue, string on) =>
        new Hl7Segment("OBX")
            .Set(1, set.ToString(CultureInfo.InvariantCulture))
            .Set(2, type)
            .Set(3, what.Code, what.Text, "LN")
            .Set(4, subId.ToString(CultureInfo.InvariantCulture))
            .SetEncoded(5, encodedValue)
            .Set(11, "F")
            .Set(14, on);
}
