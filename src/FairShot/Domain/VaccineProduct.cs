namespace FairShot.Domain;

/// <summary>
/// A vaccine product known by its CDC CVX code. Products are data (a table seeded by the first
/// migration) so that a new product is a row, not a release.
/// </summary>
public sealed class VaccineProduct
{
    private VaccineProduct() { }

    public VaccineProduct(string cvxCode, string name, string manufacturer, int dosesInSeries, int? daysToNextDose, int dosesPerVial)
    {
        CvxCode = cvxCode;
        Name = name;
        Manufacturer = manufacturer;
        DosesInSeries = dosesInSeries;
        DaysToNextDose = daysToNextDose;
        DosesPerVial = dosesPerVial;
    }

    public string CvxCode { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string Manufacturer { get; private set; } = "";
    public int DosesInSeries { get; private set; }

    /// <summary>Recommended interval from one dose to the next; null for single-dose products.</summary>
    public int? DaysToNextDose { get; private set; }

    /// <summary>Doses drawn from one vial: what the leftover-dose and wastage rules count in.</summary>
    public int DosesPerVial { get; private set; }

    /// <summary>The 2021 primary-series products the first release knows.</summary>
    public static readonly IReadOnlyList<VaccineProduct> Defaults =
    [
        new("207", "Moderna COVID-19 Vaccine", "Moderna US, Inc.", 2, 28, 10),
        new("208", "Pfizer-BioNTech COVID-19 Vaccine", "Pfizer, Inc.", 2, 21, 6),
        new("212", "Janssen COVID-19 Vaccine", "Janssen Products, LP", 1, null, 5),
    ];
}
