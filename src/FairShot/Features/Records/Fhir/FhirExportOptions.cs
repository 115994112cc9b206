namespace FairShot.Features.Records.Fhir;

/// <summary>The bulk export's worker (section "Fhir:Export" of the configuration).</summary>
public sealed class FhirExportOptions
{
    /// <summary>How often an instance looks for an export to build (and for expired ones to remove).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a claim holds; renewed as each page is written, so only a dead instance's claim runs out.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a finished export's files are kept before they are removed.</summary>
    public TimeSpan KeepFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Resources read per page while writing a file.</summary>
    public int PageSize { get; set; } = 500;
}
