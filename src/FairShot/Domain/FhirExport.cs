namespace FairShot.Domain;

/// <summary>Where a FHIR bulk export stands.</summary>
public enum FhirExportState
{
    /// <summary>Asked for; no instance has claimed it yet (or its claim's lease ran out).</summary>
    Queued = 0,

    /// <summary>An instance holds its lease and is writing the files.</summary>
    Running = 1,

    /// <summary>The files are in <see cref="FhirExportFile"/> rows until <see cref="FhirExport.ExpiresAt"/>.</summary>
    Completed = 2,

    /// <summary>Gave up after <see cref="FhirExport.MaxAttempts"/> claims; <see cref="FhirExport.Error"/> says why.</summary>
    Failed = 3,
}

/// <summary>
/// One FHIR Bulk Data export (<c>GET /fhir/$export</c>): a row any app instance may claim with a
/// lease (one conditional update), so exactly one builds it; a lease left by an instance that died
/// runs out and another builds it again. Its files are rows too, so any instance serves them. A
/// cancelled export is deleted with its files; a finished one is deleted when it expires.
/// </summary>
public sealed class FhirExport
{
    public const int MaxAttempts = 3;
    public const int TypesMaxLength = 100;
    public const int RequestMaxLength = 2000;
    public const int LeaseOwnerMaxLength = 100;
    public const int ErrorMaxLength = 1000;

    private FhirExport() { }

    public FhirExport(Guid requestedByStaffId, string request, string types, DateTime? since, DateTime now)
    {
        Id = Guid.CreateVersion7();
        RequestedByStaffId = requestedByStaffId;
        Request = request;
        Types = types;
        Since = since;
        State = FhirExportState.Queued;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid RequestedByStaffId { get; private set; }

    /// <summary>The request as the client made it (the manifest's <c>request</c>).</summary>
    public string Request { get; private set; } = "";

    /// <summary>The resource types, comma-separated (Patient,Immunization).</summary>
    public string Types { get; private set; } = "";

    /// <summary><c>_since</c>: only what was recorded or changed at or after it.</summary>
    public DateTime? Since { get; private set; }

    public FhirExportState State { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public int Attempts { get; private set; }
    public string? LeaseOwner { get; private set; }
    public DateTime? LeaseExpiresAt { get; private set; }

    /// <summary>When the data was read (the manifest's <c>transactionTime</c>).</summary>
    public DateTime? TransactionTime { get; private set; }
    public DateTime? CompletedAt { get; private set; }

    /// <summary>When the files are removed (a kept-for period after completion).</summary>
    public DateTime? ExpiresAt { get; private set; }
    public string? Error { get; private set; }
}

/// <summary>One NDJSON file of an export: one resource type, one resource per line.</summary>
public sealed class FhirExportFile
{
    public const int TypeMaxLength = 40;

    private FhirExportFile() { }

    public FhirExportFile(Guid exportId, string type, int count, string content)
    {
        Id = Guid.CreateVersion7();
        ExportId = exportId;
        Type = type;
        Count = count;
        Content = content;
    }

    public Guid Id { get; private set; }
    public Guid ExportId { get; private set; }
    public string Type { get; private set; } = "";
    public int Count { get; private set; }
    public string Content { get; private set; } = "";
}
