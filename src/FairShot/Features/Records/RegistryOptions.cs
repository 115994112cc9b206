namespace FairShot.Features.Records;

/// <summary>
/// How the county reaches its state immunization information system (section "Registry" of the
/// configuration). With no <see cref="Endpoint"/>, messages wait in the queue and can be exported
/// as a batch file. The password is a secret: give it by environment (Registry__Password) or a
/// secret store, never in a committed file.
/// </summary>
public sealed class RegistryOptions
{
    /// <summary>The IIS web service (CDC WSDL, SOAP 1.2), for example https://iis.example.gov/iisservice.</summary>
    public string? Endpoint { get; set; }
    public string? UserId { get; set; }
    public string? Password { get; set; }

    /// <summary>The facility id the IIS gave the county (submitSingleMessage's facilityID, and MSH-4).</summary>
    public string FacilityId { get; set; } = "FAIRSHOT";

    public string SendingApplication { get; set; } = "FAIRSHOT";
    public string ReceivingApplication { get; set; } = "IIS";
    public string ReceivingFacility { get; set; } = "IIS";

    /// <summary>MSH-11: P in production, T while a registry tests the county's connection.</summary>
    public string ProcessingId { get; set; } = "P";

    /// <summary>How long one submitSingleMessage may take before it counts as failed and is retried later.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the sender looks for waiting messages.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many messages one round claims.</summary>
    public int BatchSize { get; set; } = 20;
}
