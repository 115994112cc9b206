using System.Text.Json;
using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Audit;
using FairShot.Features.Shared;
using FairShot.Features.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Audit;

public sealed record AuditRow(DateTime At, string Actor, string Action, string EntityType, string EntityLabel, string? EntityLink, string Summary);

/// <summary>
/// Admins check that the audit log is whole (the hash chain recomputed from the first entry) and
/// read it newest first, optionally only the entries about one kind of thing.
/// </summary>
[Authorize(Policy = StaffPolicies.ConsoleAdmin)]
public sealed class AuditLogModel(FairShotDb db, AuditVerifier verifier, StaffDirectory directory) : PageModel
{
    public const int PageSize = 50;
    private const int SummaryShown = 300;

    public AuditVerification Verification { get; private set; } = null!;
    public IReadOnlyList<string> EntityTypes { get; private set; } = [];
    public IReadOnlyList<AuditRow> Rows { get; private set; } = [];
    public string? Type { get; private set; }
    public int PageNumber { get; private set; } = 1;
    public int PageCount { get; private set; } = 1;
    public long Total { get; private set; }
    public ClinicClock Clock { get; private set; } = ClinicClock.Utc;

    // "page" is a route value Razor Pages reserves (the page name), so the number is read from the query only.
    public async Task OnGetAsync([FromQuery] string? type, [FromQuery(Name = "page")] int? page, CancellationToken cancellationToken)
    {
        Verification = await verifier.VerifyAsync(cancellationToken);
        EntityTypes = await AuditApi.EntityTypesAsync(db, cancellationToken);
        // Only a type the log holds filters; anything else (a stale link, a typed address) shows all.
        Type = type is not null && EntityTypes.Contains(type, StringComparer.Ordinal) ? type : null;
        PageNumber = page is > 0 and < 1_000_000 ? page.Value : 1;

        var result = await AuditApi.QueryAsync(db, Type, null, PageNumber, PageSize, cancellationToken);
        Total = result.Total;
        PageCount = (int)Math.Max(1, (Total + PageSize - 1) / PageSize);

        var countyZone = await db.CountySettings.AsNoTracking().OrderBy(c => c.Id).Select(c => c.TimeZoneId).FirstOrDefaultAsync(cancellationToken);
        if (ClinicClock.TryFind(countyZone, out var clock))
        {
            Clock = clock;
        }
        var names = (await directory.ListAsync(cancellationToken)).ToDictionary(s => s.Id.ToString(), s => s.DisplayName);
        Rows = result.Entries.Select(e => new AuditRow(
            Clock.Local(e.RecordedAt).ToDateTimeUnspecified(),
            ActorName(e.Actor, names),
            Humanize(e.Action),
            Humanize(e.EntityType),
            e.EntityType == "Staff" && names.TryGetValue(e.EntityId, out var staffName) ? staffName : e.EntityId,
            EntityLink(e.EntityType, e.EntityId),
            Describe(e.Summary))).ToList();
    }

    public string ZoneLabel => Clock == ClinicClock.Utc ? "in UTC" : $"in {ConsoleFormat.ZoneName(Clock.ZoneId)}";

    public string PageLink(int page) =>
        "/console/audit?" + (Type is null ? "" : $"type={Uri.EscapeDataString(Type)}&") + $"page={page}";

    private static string ActorName(string actor, IReadOnlyDictionary<string, string> names) => actor switch
    {
        "system" => "FairShot (automatic)",
        "resident" => "A resident",
        _ when actor.StartsWith("staff:", StringComparison.Ordinal) => names.GetValueOrDefault(actor["staff:".Length..], "A former staff member"),
        _ => actor,
    };

    /// <summary>The JSON summary as "Field: value" pairs a person can read; anything else as it is.</summary>
    internal static string Describe(string summary)
    {
        string text;
        try
        {
            using var json = JsonDocument.Parse(summary);
            text = json.RootElement.ValueKind == JsonValueKind.Object
                ? string.Join(" · ", json.RootElement.EnumerateObject().Select(p => $"{Humanize(p.Name)}: {Value(p.Value)}"))
                : summary;
        }
        catch (JsonException)
        {
            text = summary;
        }
        return text.Length > SummaryShown ? text[..SummaryShown] + "…" : text;

        static string Value(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.Array => string.Join(", ", value.EnumerateArray().Select(Value)),
            JsonValueKind.String => value.GetString() ?? "",
            JsonValueKind.Null => "none",
            _ => value.GetRawText(),
        };
    }

    private static string? EntityLink(string type, string id) => type switch
    {
        "Clinic" when Guid.TryParse(id, out var g) => $"/console/clinics/{g}",
        "ClinicDay" when Guid.TryParse(id, out var g) => $"/console/clinic-days/{g}",
        _ => null,
    };

    /// <summary>"clinic-day.created" and "ClinicDay" read as "Clinic day created" and "Clinic day".</summary>
    internal static string Humanize(string code)
    {
        var words = new System.Text.StringBuilder(code.Length + 4);
        foreach (var ch in code)
        {
            if (ch is '.' or '-' or '_')
            {
                words.Append(' ');
            }
            else if (char.IsUpper(ch) && words.Length > 0 && words[^1] != ' ')
            {
                words.Append(' ').Append(char.ToLowerInvariant(ch));
            }
            else
            {
                words.Append(words.Length == 0 ? char.ToUpperInvariant(ch) : char.ToLowerInvariant(ch));
            }
        }
        return words.ToString();
    }
}
