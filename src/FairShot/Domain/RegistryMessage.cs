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

    /// <summary>Replaced by a later message for the same administration before it was sent, or by a resend.</summary>
    Superseded = 5,

    /// <summary>No answer after <see cref="RegistryMessage.MaxAttempts"/> attempts: kept with its last error, to resend.</summary>
    GaveUp = 6,
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
    public const int AckMaxLength = 4000;
    public const int ErrorMaxLength = 1000;
    public const int LeaseOwnerMaxLength = 100;
    public const int BatchIdMaxLength = 40;

    private RegistryMessage() { }

    public RegistryMessage(Guid id, Guid administrationId, Guid personId, Guid clinicDayId, char action, int administrationVersion, string controlId, string hl7, DateTime now)
    {
        Id = id;
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

    /// <summary>The batch file (FHS-11) the message was exported in, when it went by file.</summary>
    public string? BatchId { get; private set; }

    /// <summary>When it left the queue unsent (exported, superseded).</summary>
    public DateTime? ClosedAt { get; private set; }

    /// <summary>Still waiting and never tried: the registry cannot have it, so a later message may replace it.</summary>
    public bool IsUntried => State == RegistryMessageState.Waiting && Attempts == 0 && LeaseOwner is null;

    /// <summary>What staff may send again: what the registry refused, or what never got an answer.</summary>
    public bool CanResend => State is RegistryMessageState.Rejected or RegistryMessageState.GaveUp;

    public void Supersede(DateTime now)
    {
        if (State is not (RegistryMessageState.Waiting or RegistryMessageState.Rejected or RegistryMessageState.GaveUp))
        {
            throw new InvalidOperationException("Only a message the registry has not taken can be superseded.");
        }
        State = RegistryMessageState.Superseded;
        ClosedAt = now;
    }

    /// <summary>How long after a failed attempt the next one comes: one minute, doubling, at most six hours.</summary>
    public static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromMinutes(Math.Min(360, Math.Pow(2, Math.Clamp(attempts - 1, 0, 16))));
}
