using FairShot.Domain;
using R4 = Hl7.Fhir.Model;

namespace FairShot.Features.Records.HealthCards;

/// <summary>One dose given, as it goes on a card: the clinic is the performer, the date is the clinic's local day.</summary>
public sealed record CardDose(string Cvx, string ProductName, DateOnly Date, string ClinicName, string? Lot, int DoseNumber);

/// <summary>
/// The card's FHIR Bundle, following the SMART Health Cards immunization data-minimisation profile:
/// a Patient with name and birth date only, one completed Immunization per dose given (CVX code,
/// patient <c>resource:0</c>, date, performer by display, lot), entries addressed <c>resource:N</c>,
/// and no ids, meta or narrative, so the QR stays small and says no more than a paper card would.
/// </summary>
public static class HealthCardBundle
{
    public const string CvxSystem = "http://hl7.org/fhir/sid/cvx";

    public static R4.Bundle Build(Person person, IReadOnlyList<CardDose> doses)
    {
        var bundle = new R4.Bundle { Type = R4.Bundle.BundleType.Collection };
        bundle.Entry.Add(new R4.Bundle.EntryComponent
        {
            FullUrl = "resource:0",
            Resource = new R4.Patient
            {
                Name = [new R4.HumanName { Family = person.LastName, Given = [person.FirstName] }],
                BirthDate = person.DateOfBirth.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            },
        });
        foreach (var dose in doses)
        {
            var immunization = new R4.Immunization
            {
                Status = R4.Immunization.ImmunizationStatusCodes.Completed,
                VaccineCode = new R4.CodeableConcept { Coding = [new R4.Coding(CvxSystem, dose.Cvx)] },
                Patient = new R4.ResourceReference("resource:0"),
                Occurrence = new R4.FhirDateTime(dose.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
                Performer = [new R4.Immunization.PerformerComponent { Actor = new R4.ResourceReference { Display = dose.ClinicName } }],
            };
            if (!string.IsNullOrEmpty(dose.Lot))
            {
                immunization.LotNumber = dose.Lot;
            }
            bundle.Entry.Add(new R4.Bundle.EntryComponent { FullUrl = $"resource:{bundle.Entry.Count}", Resource = immunization });
        }
        return bundle;
    }
}
