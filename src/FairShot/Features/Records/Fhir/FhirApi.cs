using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Audit;
using FairShot.Features.Staff;
using Microsoft.EntityFrameworkCore;
using R4 = Hl7.Fhir.Model;

namespace FairShot.Features.Records.Fhir;

/// <summary>
/// FHIR R4 for staff with a token: <c>GET /fhir/Patient/{id}</c> and <c>GET /fhir/Immunization?patient=</c>
/// for admins and the call centre (who look people up already; clinic staff do not), and the Bulk
/// Data export (<c>GET /fhir/$export</c>, its status URL, its NDJSON files) for admins only. Every
/// read and export is audited with ids only; errors are OperationOutcomes.
/// </summary>
public static partial class FhirApi
{
    public static readonly string[] ExportTypes = ["Patient", "Immunization"];

    private static readonly JsonSerializerOptions ManifestJson = new(JsonSerializerDefaults.Web);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex InstantPattern();

    public static string PublicBaseUrl(IConfiguration configuration) => (configuration["PublicBaseUrl"] ?? "http://localhost:5080").TrimEnd('/');

    /// <summary>Where this server is, for absolute URLs: the county's public address when set, else the request's.</summary>
    private static string BaseOf(HttpContext http, IConfiguration configuration) =>
        configuration["PublicBaseUrl"] is { Length: > 0 } configured ? configured.TrimEnd('/')
            : $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";

    public static IResult Fhir(R4.Resource resource, int status = StatusCodes.Status200OK) =>
        Results.Text(FhirResources.Serialize(resource), FhirResources.JsonContentType, System.Text.Encoding.UTF8, status);

    private static IResult Problem(int status, R4.OperationOutcome.IssueType type, string text) => Fhir(FhirResources.Outcome(type, text), status);

    public static IEndpointRouteBuilder MapFhirApi(this IEndpointRouteBuilder routes)
    {
        var read = routes.MapGroup("/fhir").WithTags("Records").RequireAuthorization(StaffPolicies.ApiRegistering);
        read.MapGet("/Patient/{id}", ReadPatientAsync)
            .WithSummary("A person as a FHIR R4 Patient (application/fhir+json): record number, name, birth date, phone and e-mail, postal code, language; 404 OperationOutcome when unknown.");
        read.MapGet("/Immunization", SearchImmunizationsAsync)
            .WithSummary("A person's administrations as a searchset Bundle of Immunization (completed, not-done with a reason, entered-in-error for a voided record); 400 OperationOutcome without a valid patient.");

        var export = routes.MapGroup("/fhir").WithTags("Records").RequireAuthorization(StaffPolicies.ApiAdmin);
        export.MapGet("/$export", StartExportAsync)
            .WithSummary("FHIR Bulk Data system export (Prefer: respond-async, Accept: application/fhir+json; _type=Patient,Immunization, _since): 202 and the status URL in Content-Location.");
        export.MapGet("/$export-status/{id:guid}", ExportStatusAsync)
            .WithSummary("202 (X-Progress, Retry-After) while the export runs; 200 and its manifest when done; 500 OperationOutcome when it failed; 404 when unknown, cancelled or expired.");
        export.MapDelete("/$export-status/{id:guid}", CancelExportAsync)
            .WithSummary("Cancels an export (or removes a finished one and its files): 202; 404 when unknown.");
        export.MapGet("/$export-file/{id:guid}/{type}", ExportFileAsync)
            .WithSummary("One file of a finished export: application/fhir+ndjson, one resource per line.");
        return routes;
    }

    private static async Task<IResult> ReadPatientAsync(string id, FairShotDb db, AuditTrail audit, IConfiguration configuration, HttpContext http, CancellationToken ct)
    {
        var person = Guid.TryParse(id, out var personId) ? await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Id == personId, ct) : null;
        if (person is null)
        {
            return Problem(StatusCodes.Status404NotFound, R4.OperationOutcome.IssueType.NotFound, "No Patient with this id.");
        }
        audit.Record(http.User.ToActor(), "fhir.patient.read", "Person", person.Id.ToString(), new { });
        await db.SaveChangesAsync(ct);
        return Fhir(FhirResources.Patient(person, PublicBaseUrl(configuration)));
    }

    private static async Task<IResult> SearchImmunizationsAsync(HttpContext http, FairShotDb db, AuditTrail audit, IConfiguration configuration, CancellationToken ct)
    {
        var values = http.Request.Query["patient"];
        var patient = values.Count == 1 ? values[0] : null;
        // patient=123 or patient=Patient/123, as FHIR reference search allows.
        if (patient?.StartsWith("Patient/", StringComparison.Ordinal) == true)
        {
            patient = patient["Patient/".Length..];
        }
        if (!Guid.TryParse(patient, out var personId))
        {
            return Problem(StatusCodes.Status400BadRequest, R4.OperationOutcome.IssueType.Required, "Search by one patient: ?patient={id}.");
        }
        var unknown = http.Request.Query.Keys.Where(k => k is not "patient" and not "_format").ToList();
        if (unknown.Count > 0)
        {
            return Problem(StatusCodes.Status400BadRequest, R4.OperationOutcome.IssueType.NotSupported, $"Unsupported search parameter(s): {string.Join(", ", unknown)}.");
        }
        var records = await db.Administrations.AsNoTracking().Where(a => a.PersonId == personId).OrderBy(a => a.AdministeredAt).ThenBy(a => a.Id).ToListAsync(ct);
        var clinicIds = records.Select(r => r.ClinicId).Distinct().ToList();
        var clinics = await db.Clinics.AsNoTracking().Where(c => clinicIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var staffIds = records.Select(r => r.VaccinatorStaffId).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => staffIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);

        var baseUrl = BaseOf(http, configuration);
        var bundle = new R4.Bundle
        {
            Type = R4.Bundle.BundleType.Searchset,
            Total = records.Count,
            Link = [new R4.Bundle.LinkComponent { Relation = "self", Url = $"{baseUrl}/fhir/Immunization?patient={personId}" }],
        };
        foreach (var record in records)
        {
            var clinic = clinics[record.ClinicId];
            var immunization = FhirResources.Immunization(record, new ImmunizationContext(clinic.Name, clinic.Clock, names.GetValueOrDefault(record.VaccinatorStaffId, "")));
            bundle.Entry.Add(new R4.Bundle.EntryComponent
            {
                FullUrl = $"{baseUrl}/fhir/Immunization/{record.Id}",
                Resource = immunization,
                Search = new R4.Bundle.SearchComponent { Mode = R4.Bundle.SearchEntryMode.Match },
            });
        }
        audit.Record(http.User.ToActor(), "fhir.immunization.searched", "Person", personId.ToString(), new { count = records.Count });
        await db.SaveChangesAsync(ct);
        return Fhir(bundle);
    }

    private static async Task<IResult> StartExportAsync(HttpContext http, FairShotDb db, AuditTrail audit, TimeProvider clock, IConfiguration configuration, CancellationToken ct)
    {
        var request = http.Request;
        IResult Bad(string text) => Problem(StatusCodes.Status400BadRequest, R4.OperationOutcome.IssueType.Invalid, text);
        if (!request.Headers["Prefer"].Any(v => v?.Contains("respond-async", StringComparison.OrdinalIgnoreCase) == true))
        {
            return Bad("A bulk export runs asynchronously: send Prefer: respond-async.");
        }
        if (!request.Headers.Accept.Any(v => v?.Contains(FhirResources.JsonContentType, StringComparison.OrdinalIgnoreCase) == true))
        {
            return Bad("Send Accept: application/fhir+json.");
        }
        var unsupported = request.Query.Keys.Where(k => k is not "_type" and not "_since" and not "_outputFormat").ToList();
        if (unsupported.Count > 0)
        {
            return Bad($"Unsupported parameter(s): {string.Join(", ", unsupported)}.");
        }
        if (request.Query["_outputFormat"] is { Count: > 0 } format
            && format.Any(f => f is not (FhirResources.NdjsonContentType or "application/ndjson" or "ndjson")))
        {
            return Bad("The only output format is application/fhir+ndjson.");
        }
        var types = ExportTypes.ToList();
        if (request.Query["_type"] is { Count: > 0 } typeValues)
        {
            var asked = typeValues.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            var unknown = asked.Where(t => !ExportTypes.Contains(t, StringComparer.Ordinal)).ToList();
            if (asked.Count == 0 || unknown.Count > 0)
            {
                return Bad($"_type may name {string.Join(" and ", ExportTypes)}{(unknown.Count > 0 ? $", not {string.Join(", ", unknown)}" : "")}.");
            }
            types = ExportTypes.Where(asked.Contains).ToList();
        }
        DateTime? since = null;
        if (request.Query["_since"] is { Count: > 0 } sinceValues)
        {
            if (sinceValues.Count != 1 || sinceValues[0] is not { } text || !InstantPattern().IsMatch(text)
                || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
            {
                return Bad("_since must be one FHIR instant with a time zone, for example 2027-02-01T09:00:00-06:00.");
            }
            since = instant.UtcDateTime;
        }
        var requestUrl = $"{BaseOf(http, configuration)}{request.Path}{request.QueryString}";
        if (requestUrl.Length > FhirExport.RequestMaxLength)
        {
            return Bad("The request is too long.");
        }
        var actor = http.User.ToActor();
        var export = new FhirExport(Guid.Parse(actor.Id), requestUrl, string.Join(',', types), since, clock.GetUtcNow().UtcDateTime);
        db.FhirExports.Add(export);
        audit.Record(actor, "fhir.export.requested", "FhirExport", export.Id.ToString(), new { types, since });
        await db.SaveChangesAsync(ct);
        http.Response.Headers.ContentLocation = $"{BaseOf(http, configuration)}/fhir/$export-status/{export.Id}";
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> ExportStatusAsync(Guid id, HttpContext http, FairShotDb db, TimeProvider clock, IConfiguration configuration, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var export = await db.FhirExports.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, ct);
        if (export is null || export.ExpiresAt < now)
        {
            return Problem(StatusCodes.Status404NotFound, R4.OperationOutcome.IssueType.NotFound, "No such export (cancelled, expired or never asked for).");
        }
        switch (export.State)
        {
            case FhirExportState.Queued or FhirExportState.Running:
                http.Response.Headers["X-Progress"] = export.State == FhirExportState.Queued ? "queued" : $"running (attempt {export.Attempts})";
                http.Response.Headers.RetryAfter = "5";
                return Results.StatusCode(StatusCodes.Status202Accepted);
            case FhirExportState.Failed:
                return Problem(StatusCodes.Status500InternalServerError, R4.OperationOutcome.IssueType.Exception, export.Error ?? "The export failed.");
        }
        var files = await db.FhirExportFiles.AsNoTracking().Where(f => f.ExportId == id).Select(f => new { f.Type, f.Count }).ToListAsync(ct);
        var baseUrl = BaseOf(http, configuration);
        var manifest = new
        {
            transactionTime = new DateTimeOffset(DateTime.SpecifyKind(export.TransactionTime!.Value, DateTimeKind.Utc)).ToString("yyyy-MM-dd'T'HH:mm:ss.fffK", CultureInfo.InvariantCulture),
            request = export.Request,
            requiresAccessToken = true,
            output = ExportTypes.SelectMany(t => files.Where(f => f.Type == t))
                .Select(f => new { type = f.Type, url = $"{baseUrl}/fhir/$export-file/{id}/{f.Type}", count = f.Count }).ToList(),
            error = Array.Empty<object>(),
        };
        http.Response.Headers.Expires = export.ExpiresAt!.Value.ToString("R", CultureInfo.InvariantCulture);
        return Results.Text(JsonSerializer.Serialize(manifest, ManifestJson), "application/json", System.Text.Encoding.UTF8);
    }

    private static async Task<IResult> CancelExportAsync(Guid id, HttpContext http, FairShotDb db, AuditTrail audit, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.FhirExportFiles.Where(f => f.ExportId == id).ExecuteDeleteAsync(ct);
        if (await db.FhirExports.Where(e => e.Id == id).ExecuteDeleteAsync(ct) == 0)
        {
            return Problem(StatusCodes.Status404NotFound, R4.OperationOutcome.IssueType.NotFound, "No such export.");
        }
        audit.Record(http.User.ToActor(), "fhir.export.cancelled", "FhirExport", id.ToString(), new { });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> ExportFileAsync(Guid id, string type, HttpContext http, FairShotDb db, AuditTrail audit, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var file = await db.FhirExportFiles.AsNoTracking()
            .Where(f => f.ExportId == id && f.Type == type && db.FhirExports.Any(e => e.Id == id && e.State == FhirExportState.Completed && e.ExpiresAt >= now))
            .SingleOrDefaultAsync(ct);
        if (file is null)
        {
            return Problem(StatusCodes.Status404NotFound, R4.OperationOutcome.IssueType.NotFound, "No such file (cancelled, expired, or the export is not finished).");
        }
        audit.Record(http.User.ToActor(), "fhir.export.downloaded", "FhirExport", id.ToString(), new { type, count = file.Count });
        await db.SaveChangesAsync(ct);
        return Results.Text(file.Content, FhirResources.NdjsonContentType, System.Text.Encoding.UTF8);
    }
}
