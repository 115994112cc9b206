using System.Globalization;
using FairShot.Data;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Records.SchedulingLinks;

/// <summary>
/// <c>GET /fhir/$bulk-publish</c> and the three NDJSON files it lists: public, no login, cached for
/// a few minutes (slot finders poll; a booking changes a count, never who may book).
/// </summary>
public static class SchedulingLinksApi
{
    public const string NdjsonType = "application/fhir+ndjson";
    public const string FilesPath = "/fhir/scheduling";

    /// <summary>Finders poll every few minutes; five minutes of staleness shows a seat that was just taken, never one that does not exist.</summary>
    public const string CacheControl = "public, max-age=300";

    public static IEndpointRouteBuilder MapSchedulingLinksApi(this IEndpointRouteBuilder routes)
    {
        var feed = routes.MapGroup("/fhir").WithTags("Scheduling Links").AllowAnonymous();
        feed.MapGet("/$bulk-publish", ManifestAsync)
            .WithSummary("SMART Scheduling Links manifest: the Location, Schedule and Slot files of the clinics the county lists.");
        feed.MapGet("/scheduling/locations.ndjson", async (SchedulingFeed f, HttpContext http, CancellationToken ct) =>
            Ndjson(http, SchedulingFeed.ToNdjson(await f.LocationsAsync(ct)))).WithSummary("Listed clinics as FHIR Location (NDJSON).");
        feed.MapGet("/scheduling/schedules.ndjson", async (SchedulingFeed f, HttpContext http, CancellationToken ct) =>
            Ndjson(http, SchedulingFeed.ToNdjson(await f.SchedulesAsync(ct)))).WithSummary("One FHIR Schedule per listed clinic and vaccine (NDJSON).");
        feed.MapGet("/scheduling/slots.ndjson", async (SchedulingFeed f, HttpContext http, CancellationToken ct) =>
            Ndjson(http, SchedulingFeed.ToNdjson(await f.SlotsAsync(ct))))
            .WithSummary($"FHIR Slots of the next {SchedulingFeed.DaysAhead} days with the seats still free (NDJSON).");
        return routes;
    }

    private static async Task<IResult> ManifestAsync(FairShotDb db, IConfiguration configuration, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var baseUrl = (configuration["PublicBaseUrl"] ?? "http://localhost:5080").TrimEnd('/');
        var states = await db.Clinics.AsNoTracking().Where(c => c.IsPublic && c.State != null).Select(c => c.State!).Distinct()
            .OrderBy(s => s).ToListAsync(ct);
        http.Response.Headers.CacheControl = CacheControl;
        return Results.Json(new
        {
            transactionTime = clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            request = baseUrl + "/fhir/$bulk-publish",
            output = new object[]
            {
                new { type = "Location", url = $"{baseUrl}{FilesPath}/locations.ndjson" },
                new { type = "Schedule", url = $"{baseUrl}{FilesPath}/schedules.ndjson" },
                new { type = "Slot", url = $"{baseUrl}{FilesPath}/slots.ndjson", extension = new { state = states } },
            },
            error = Array.Empty<object>(),
        });
    }

    private static IResult Ndjson(HttpContext http, string body)
    {
        http.Response.Headers.CacheControl = CacheControl;
        return Results.Text(body, NdjsonType);
    }
}
