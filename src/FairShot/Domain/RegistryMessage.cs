namespace FairShot.Domain;

/// <summary>Where a message to the state registry stands.</summary>
public enum RegistryMessageState
{
    /// <summary>Queued: waiting for its turn, its next retry, or (with no endpoint set) a batch export.</summary>
    Waiting = 0,

    /// <summary>The registry answered AA.</summary>
    Accepted = 1,

    /// <summary>The registry answered AE: taken, with errors kept and shown.</summary>
    AcceptedWithErrors = 2,

    /// <summary>The registry answered AR: shown with its ERR segments, to correct and send again.</summary>
    Rejected = 3,

    /// <summary>Exported in a batch file for a registry that takes files.</summary>
    Exported = 4,

    /// <summary>Replaced by a later message for the same administration before it was sent.</summary>
    Superseded = 5,
}

/// <summary>
/// One HL7 VXU for one version of one administration, written in the same transaction as the
/// administration (or its correction or void). A sender claims it with a lease (a conditional
/// update), so with several app instances exactly one sends it; a failed send backs off and is
/// retried. The registry's ACK is kept verbatim beside the parsed code and errors.
/// </summary>
public sealed class RegistryMessage
{
    public const int MaxAttempts = 10;
    public const int ControlIdMaxLength = 40;

    private RegistryMessage() { }

    public RegistryMessage(Guid administrationId, Guid personId, Guid clinicDayId, char action, int administrationVersion, string controlId, string hl7, DateTime now)
    {
        Id = Guid.CreateVersion7();
        AdministrationId = administrationId;
        PersonId = personId;
        ClinicDayId = clinicDayId;
        Action = action;
        AdministrationVersion = administrationVersion;
        ControlId = controlId;
        Hl7 = hl7;
        CreatedAt = now;
        NextAttemptAt = now;
    }

    public Guid Id { get; private set; }
    public Guid AdministrationId { get; private set; }
    public Guid PersonId { get; private set; }
    public Guid ClinicDayId { get; private set; }

    /// <summary>RXA-21: A (new), U (correction), D (void).</summary>
    public char Action { get; private set; }
    public int AdministrationVersion { get; private set; }

    /// <summary>MSH-10, unique: what the ACK's MSA-2 names.</summary>
    public string ControlId { get; private set; } = "";
    public string Hl7 { get; private set; } = "";
    public RegistryMessageState State { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public int Attempts { get; private set; }
    public DateTime NextAttemptAt { get; private set; }
    public string? LeaseOwner { get; private set; }
    public DateTime? LeaseExpiresAt { get; private set; }
    public DateTime? SentAt { get; private set; }

    /// <summary>MSA-1 of the answer (AA, AE, AR), and the answer as received.</summary>
    public string? AckCode { get; private set; }
    public string? Ack { get; private set; }

    /// <summary>The ACK's ERR segments, one per line: severity, location, code, text.</summary>
    public string? AckErrors { get; private set; }

    /// <summary>Why the last attempt did not get an answer (transport error, SOAP fault).</summary>
    public string? LastError { get; private set; }
}
