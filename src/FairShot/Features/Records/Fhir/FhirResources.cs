using FairShot.Domain;
using Hl7.Fhir.Serialization;
using R4 = Hl7.Fhir.Model;

namespace FairShot.Features.Records.Fhir;

/// <summary>What an Immunization needs beside its administration: the clinic (name, clock) and the vaccinator's name.</summary>
public sealed record ImmunizationContext(string ClinicName, ClinicClock Clock, string VaccinatorName);

/// <summary>
/// Our records as FHIR R4 resources, built with Firely's model and serialised by its serializer
/// (never hand-written JSON). A Patient carries what is on file: the record number (under the
/// county's <c>PublicBaseUrl</c>), name, birth date, phone and e-mail, postal code, language. An
/// Immunization is <c>completed</c> for a dose given, <c>not-done</c> with a status reason for a
/// refusal or a dose not given, and <c>entered-in-error</c> for a voided record: kept rather than
/// left out, so a system that read it before (a bulk export with <c>_since</c>) learns it was retracted.
/// </summary>
public static class FhirResources
{
    public const string JsonContentType = "application/fhir+json";
    public const string NdjsonContentType = "application/fhir+ndjson";
    public const string Cvx = "http://hl7.org/fhir/sid/cvx";
    public const string Mvx = "http://hl7.org/fhir/sid/mvx";

    private static readonly FhirJsonSerializer Serializer = new();

    private static readonly Dictionary<string, string> Sites = new(StringComparer.Ordinal)
    {
        ["LA"] = "left arm",
        ["RA"] = "right arm",
        ["LD"] = "left deltoid",
        ["RD"] = "right deltoid",
        ["LT"] = "left thigh",
        ["RT"] = "right thigh",
        ["LVL"] = "left vastus lateralis",
        ["RVL"] = "right vastus lateralis",
        ["LG"] = "left gluteus medius",
        ["RG"] = "right gluteus medius",
    };

    /// <summary>HL7 0162 (what we record) to v3 RouteOfAdministration (what FHIR's example binding uses).</summary>
    private static readonly Dictionary<string, (string Code, string Display)> Routes = new(StringComparer.Ordinal)
    {
        ["IM"] = ("IM", "Injection, intramuscular"),
        ["SC"] = ("SQ", "Injection, subcutaneous"),
        ["ID"] = ("IDINJ", "Injection, intradermal"),
        ["IN"] = ("NASINHL", "Nasal Inhalant"),
        ["PO"] = ("PO", "Swallow, oral"),
    };

    public static string Serialize(R4.Resource resource) => Serializer.SerializeToString(resource);

    /// <summary>The identifier system of our record numbers: a URI under the county's public address.</summary>
    public static string RecordNumberSystem(string publicBaseUrl) => publicBaseUrl.TrimEnd('/') + "/fhir/sid/record-number";

    public static R4.Patient Patient(Person person, string publicBaseUrl)
    {
        var patient = new R4.Patient
        {
            Id = person.Id.ToString(),
            Identifier = [new R4.Identifier(RecordNumberSystem(publicBaseUrl), person.RecordNumber) { Use = R4.Identifier.IdentifierUse.Usual }],
            Name = [new R4.HumanName { Use = R4.HumanName.NameUse.Official, Family = person.LastName, Given = [person.FirstName] }],
            BirthDate = person.DateOfBirth.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        };
        if (!string.IsNullOrEmpty(person.Phone))
        {
            patient.Telecom.Add(new R4.ContactPoint(R4.ContactPoint.ContactPointSystem.Phone, null, person.Phone));
        }
        if (!string.IsNullOrEmpty(person.Email))
        {
            patient.Telecom.Add(new R4.ContactPoint(R4.ContactPoint.ContactPointSystem.Email, null, person.Email));
        }
        if (!string.IsNullOrEmpty(person.ZipCode))
        {
            patient.Address.Add(new R4.Address { PostalCode = person.ZipCode, Country = "US" });
        }
        if (!string.IsNullOrEmpty(person.Language))
        {
            patient.Communication.Add(new R4.Patient.CommunicationComponent
            {
                Language = new R4.CodeableConcept("urn:ietf:bcp:47", person.Language),
                Preferred = true,
            });
        }
        return patient;
    }

    public static R4.Immunization Immunization(Administration record, ImmunizationContext context)
    {
        var immunization = new R4.Immunization
        {
            Id = record.Id.ToString(),
            Meta = new R4.Meta { VersionId = record.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            Status = record.IsVoided ? R4.Immunization.ImmunizationStatusCodes.EnteredInError
                : record.Outcome == AdministrationOutcome.Given ? R4.Immunization.ImmunizationStatusCodes.Completed
                : R4.Immunization.ImmunizationStatusCodes.NotDone,
            VaccineCode = new R4.CodeableConcept(Cvx, record.ProductCvx, record.ProductName, null),
            Patient = new R4.ResourceReference("Patient/" + record.PersonId),
            Occurrence = new R4.FhirDateTime(context.Clock.WithOffset(record.AdministeredAt)),
            Recorded = new R4.FhirDateTime(context.Clock.WithOffset(record.RecordedAt)).ToString(),
            PrimarySource = true,
            Location = new R4.ResourceReference("Location/" + record.ClinicId, context.ClinicName),
            ProtocolApplied = [new R4.Immunization.ProtocolAppliedComponent { DoseNumber = new R4.PositiveInt(record.DoseNumber) }],
        };
        // The manufacturer and the vaccinator travel inside the record (contained): nobody serves them
        // as resources of their own, and a reference with a display only fails R4's ref-1 in Firely's validator.
        if (!string.IsNullOrEmpty(record.MvxCode))
        {
            immunization.Contained.Add(new R4.Organization
            {
                Id = "manufacturer",
                Identifier = [new R4.Identifier(Mvx, record.MvxCode)],
                Name = RegistryQueue.ManufacturerOf(record.MvxCode) ?? record.MvxCode,
            });
            immunization.Manufacturer = new R4.ResourceReference("#manufacturer", RegistryQueue.ManufacturerOf(record.MvxCode) ?? record.MvxCode);
        }
        if (!string.IsNullOrWhiteSpace(context.VaccinatorName))
        {
            immunization.Contained.Add(new R4.Practitioner { Id = "vaccinator", Name = [new R4.HumanName { Text = context.VaccinatorName }] });
            immunization.Performer.Add(new R4.Immunization.PerformerComponent
            {
                Function = new R4.CodeableConcept("http://terminology.hl7.org/CodeSystem/v2-0443", "AP", "Administering Provider", null),
                Actor = new R4.ResourceReference("#vaccinator", context.VaccinatorName),
            });
        }
        if (record.Outcome == AdministrationOutcome.Given)
        {
            immunization.LotNumber = record.Lot;
            if (record.LotExpiresOn is { } expires)
            {
                immunization.ExpirationDate = expires.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            }
            if (record.BodySite is { } site)
            {
                immunization.Site = Sites.TryGetValue(site, out var name)
                    ? new R4.CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-ActSite", site, name, null)
                    : new R4.CodeableConcept { Text = site };
            }
            if (record.Route is { } route)
            {
                immunization.Route = Routes.TryGetValue(route, out var r)
                    ? new R4.CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-RouteOfAdministration", r.Code, r.Display, null)
                    : new R4.CodeableConcept { Text = route };
            }
            if (RegistryQueue.DoseMl(record.ProductCvx) is { } ml)
            {
                immunization.DoseQuantity = new R4.Quantity(ml, "mL", "http://unitsofmeasure.org") { Unit = "mL" };
            }
        }
        else
        {
            immunization.StatusReason = StatusReason(record);
        }
        return immunization;
    }

    /// <summary>Why a dose was not given (FHIR's example binding: v3 ActReason), with our own words where it has no code.</summary>
    private static R4.CodeableConcept StatusReason(Administration record)
    {
        const string actReason = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
        var reason = record.Outcome == AdministrationOutcome.Refused
            ? new R4.CodeableConcept(actReason, "PATOBJ", "patient objection", "Refused")
            : record.NotGivenReason switch
            {
                NotGivenReason.Contraindication => new R4.CodeableConcept(actReason, "MEDPREC", "medical precaution", "Contraindication"),
                NotGivenReason.LeftBefore => new R4.CodeableConcept { Text = "Left before vaccination" },
                _ => new R4.CodeableConcept { Text = "Not given" },
            };
        return reason;
    }

    public static R4.OperationOutcome Outcome(R4.OperationOutcome.IssueType type, string text) => new()
    {
        Issue = [new R4.OperationOutcome.IssueComponent { Severity = R4.OperationOutcome.IssueSeverity.Error, Code = type, Diagnostics = text }],
    };
}
