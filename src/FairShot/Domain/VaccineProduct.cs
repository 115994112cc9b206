using System.Text.RegularExpressions;

namespace FairShot.Domain;

/// <summary>
/// A vaccine product known by its CDC CVX code. Products are data (a table seeded on first start)
/// so that a new product is a row, not a release. The intervals are days from one dose to the next:
/// the minimum below which a dose may not be scheduled, and the recommended one that dose 2 is
/// booked at. What a vial holds and how long it lasts once punctured drive the leftover-dose and
/// wastage rules.
/// </summary>
public sealed partial class VaccineProduct
{
    public const int MaxDosesPerVial = 50;
    public const int MaxIntervalDays = 365;

    private VaccineProduct() { }

    public VaccineProduct(string cvxCode, string name, string manufacturer, int dosesInSeries, int? daysToNextDose, int dosesPerVial,
        string mvx = "", string ndc = "", int? minimumIntervalDays = null, int openVialHours = 6)
    {
        CvxCode = cvxCode;
        Name = name;
        Manufacturer = manufacturer;
        DosesInSeries = dosesInSeries;
        DaysToNextDose = daysToNextDose;
        DosesPerVial = dosesPerVial;
        MvxCode = mvx;
        NdcUnitOfUse = ndc;
        MinimumIntervalDays = minimumIntervalDays ?? daysToNextDose;
        OpenVialHours = openVialHours;
    }

    public string CvxCode { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string Manufacturer { get; private set; } = "";

    /// <summary>CDC manufacturer code (MVX), for example PFR; reported in RXA-17.</summary>
    public string MvxCode { get; private set; } = "";

    /// <summary>NDC of the unit of use (the dose as given), 5-4-2 with hyphens.</summary>
    public string NdcUnitOfUse { get; private set; } = "";

    public int DosesInSeries { get; private set; }

    /// <summary>Recommended interval from one dose to the next; null for single-dose products.</summary>
    public int? DaysToNextDose { get; private set; }

    /// <summary>The fewest days allowed between one dose and the next; null for single-dose products.</summary>
    public int? MinimumIntervalDays { get; private set; }

    /// <summary>Doses drawn from one vial: what the leftover-dose and wastage rules count in.</summary>
    public int DosesPerVial { get; private set; }

    /// <summary>How long a punctured vial may be used.</summary>
    public int OpenVialHours { get; private set; }

    public sealed record Definition(string? CvxCode, string? Name, string? Manufacturer, string? MvxCode, string? NdcUnitOfUse, int? DosesPerVial,
        int? DosesInSeries, int? MinimumIntervalDays, int? RecommendedIntervalDays, int? OpenVialHours);

    /// <summary>Checks a product as staff define it; <paramref name="existing"/> is updated when given.</summary>
    public static Result<VaccineProduct> Define(Definition d, VaccineProduct? existing = null)
    {
        var errors = new ValidationErrors();
        var cvx = d.CvxCode?.Trim() ?? "";
        if (existing is null && !CvxPattern().IsMatch(cvx))
        {
            errors.Add("cvxCode", "Enter the CDC CVX code: 1 to 3 digits, for example 208.");
        }
        var name = d.Name?.Trim() ?? "";
        if (name.Length is 0 or > 200)
        {
            errors.Add("name", "Enter the product's name (at most 200 characters).");
        }
        var manufacturer = d.Manufacturer?.Trim() ?? "";
        if (manufacturer.Length is 0 or > 200)
        {
            errors.Add("manufacturer", "Enter the manufacturer's name (at most 200 characters).");
        }
        var mvx = d.MvxCode?.Trim().ToUpperInvariant() ?? "";
        if (!MvxPattern().IsMatch(mvx))
        {
            errors.Add("mvxCode", "Enter the CDC MVX code of the manufacturer: 2 to 3 letters, for example PFR.");
        }
        var ndc = d.NdcUnitOfUse?.Trim() ?? "";
        if (!NdcPattern().IsMatch(ndc))
        {
            errors.Add("ndcUnitOfUse", "Enter the NDC of the unit of use as 5-4-2 digits with hyphens, for example 59267-1000-01.");
        }
        if (d.DosesPerVial is not (>= 1 and <= MaxDosesPerVial))
        {
            errors.Add("dosesPerVial", $"Enter how many doses one vial gives, 1 to {MaxDosesPerVial}.");
        }
        if (d.DosesInSeries is not (>= 1 and <= 5))
        {
            errors.Add("dosesInSeries", "Enter how many doses the primary series has, 1 to 5.");
        }
        if (d.OpenVialHours is not (>= 1 and <= 72))
        {
            errors.Add("openVialHours", "Enter how many hours a punctured vial may be used, 1 to 72.");
        }
        var several = d.DosesInSeries is > 1;
        if (several)
        {
            if (d.MinimumIntervalDays is not (>= 1 and <= MaxIntervalDays))
            {
                errors.Add("minimumIntervalDays", $"Enter the minimum days between doses, 1 to {MaxIntervalDays}.");
            }
            if (d.RecommendedIntervalDays is not (>= 1 and <= MaxIntervalDays))
            {
                errors.Add("recommendedIntervalDays", $"Enter the recommended days between doses, 1 to {MaxIntervalDays}.");
            }
            else if (d.MinimumIntervalDays is { } min && d.RecommendedIntervalDays < min)
            {
                errors.Add("recommendedIntervalDays", "The recommended interval cannot be shorter than the minimum.");
            }
        }
        else if (d.MinimumIntervalDays is not null || d.RecommendedIntervalDays is not null)
        {
            errors.Add("minimumIntervalDays", "A single-dose product has no interval to a next dose; leave the intervals empty.");
        }
        if (errors.Any)
        {
            return errors.ToError();
        }
        var product = existing ?? new VaccineProduct { CvxCode = cvx };
        product.Name = name;
        product.Manufacturer = manufacturer;
        product.MvxCode = mvx;
        product.NdcUnitOfUse = ndc;
        product.DosesPerVial = d.DosesPerVial!.Value;
        product.DosesInSeries = d.DosesInSeries!.Value;
        product.MinimumIntervalDays = several ? d.MinimumIntervalDays : null;
        product.DaysToNextDose = several ? d.RecommendedIntervalDays : null;
        product.OpenVialHours = d.OpenVialHours!.Value;
        return product;
    }

    /// <summary>
    /// The 2021 primary-series products, seeded on first start. CVX, MVX, doses in series and the
    /// minimum interval are the CDC/CDSi values in <c>shared/fixtures/cvx/</c> (a test compares
    /// them); the NDCs of the unit of use (labeler prefixes as in the same file), doses per vial and
    /// punctured-vial hours are the 2021 EUA fact sheets'.
    /// </summary>
    public static readonly IReadOnlyList<VaccineProduct> Defaults =
    [
        new("207", "Moderna COVID-19 Vaccine", "Moderna US, Inc.", 2, 28, 10, "MOD", "80777-0273-99", 28, 12),
        new("208", "Pfizer-BioNTech COVID-19 Vaccine", "Pfizer, Inc.", 2, 21, 6, "PFR", "59267-1000-01", 21, 6),
        new("211", "Novavax COVID-19 Vaccine, Adjuvanted", "Novavax, Inc.", 2, 21, 10, "NVX", "80631-0100-01", 21, 6),
        new("212", "Janssen COVID-19 Vaccine", "Janssen Products, LP", 1, null, 5, "JSN", "59676-0580-05", null, 6),
    ];

    [GeneratedRegex("^[0-9]{1,3}$")]
    private static partial Regex CvxPattern();

    [GeneratedRegex("^[A-Z]{2,3}$")]
    private static partial Regex MvxPattern();

    [GeneratedRegex("^[0-9]{5}-[0-9]{4}-[0-9]{2}$")]
    private static partial Regex NdcPattern();
}
