using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Eligibility;
using FairShot.Features.Registration;
using FairShot.Features.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Registration;

/// <summary>
/// The line in the order invitations go out (phase, group, registration time, a fair tie-breaker),
/// filtered by phase, group, ZIP code and status, a page at a time. A filter value that is not one
/// the county uses (a stale link, a typed address) is ignored rather than showing an empty line.
/// </summary>
[Authorize(Policy = StaffPolicies.ConsoleAnyStaff)]
public sealed class LineModel(FairShotDb db, EligibilityRules rules) : PageModel
{
    public const int PageSize = 50;

    public static readonly IReadOnlyList<PersonStatus> Statuses =
        [PersonStatus.Waiting, PersonStatus.Booked, PersonStatus.Vaccinated, PersonStatus.Withdrawn];

    public IReadOnlyList<EligibilityPhase> Phases { get; private set; } = [];
    public IReadOnlyList<PriorityGroup> Groups { get; private set; } = [];
    public string? Phase { get; private set; }
    public string? Group { get; private set; }
    public string? Zip { get; private set; }
    public PersonStatus Status { get; private set; } = PersonStatus.Waiting;
    public string? ZipProblem { get; private set; }

    /// <summary>What was typed in the ZIP box, shown again even when it is not a ZIP code.</summary>
    public string? ZipTyped { get; private set; }
    public LinePage Line { get; private set; } = new(1, PageSize, 0, []);
    public int PageCount => Math.Max(1, (Line.Total + PageSize - 1) / PageSize);
    public ClinicClock Clock { get; private set; } = ClinicClock.Utc;
    public bool CanRegister { get; private set; }

    // "page" is a route value Razor Pages reserves, so the number is read from the query only.
    public async Task OnGetAsync([FromQuery] string? phase, [FromQuery] string? group, [FromQuery] string? zip, [FromQuery] string? status,
        [FromQuery(Name = "page")] int? page, [FromServices] IAuthorizationService authorization, CancellationToken cancellationToken)
    {
        (Phases, Groups) = await rules.LoadAsync(cancellationToken);
        Phase = Phases.Any(p => p.Code == phase) ? phase : null;
        Group = Groups.Any(g => g.Code == group && (Phase is null || g.PhaseCode == Phase)) ? group : null;
        zip = zip?.Trim();
        ZipTyped = zip is { Length: > 10 } ? zip[..10] : zip;
        if (zip is { Length: > 0 })
        {
            if (zip.Length == 5 && zip.All(char.IsAsciiDigit))
            {
                Zip = zip;
            }
            else
            {
                ZipProblem = "A ZIP code has 5 digits, like 63050. The list below is not filtered by ZIP code.";
            }
        }
        Status = Statuses.FirstOrDefault(s => RegistrationService.StatusName(s) == status, PersonStatus.Waiting);
        var pageNumber = page is > 0 and < 1_000_000 ? page.Value : 1;
        Line = await RegistrationApi.QueryLineAsync(db, Phase, Group, Zip, Status, pageNumber, PageSize, cancellationToken);

        var zoneId = await db.CountySettings.AsNoTracking().OrderBy(c => c.Id).Select(c => c.TimeZoneId).FirstOrDefaultAsync(cancellationToken);
        if (ClinicClock.TryFind(zoneId, out var clock))
        {
            Clock = clock;
        }
        CanRegister = (await authorization.AuthorizeAsync(User, StaffPolicies.ConsoleRegistering)).Succeeded;
    }

    public string GroupName(string code) => Groups.FirstOrDefault(g => g.Code == code)?.Name ?? code;

    public string PhaseName(string code) => Phases.FirstOrDefault(p => p.Code == code)?.Name ?? code;

    public string PageLink(int page)
    {
        var query = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                query.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }
        Add("phase", Phase);
        Add("group", Group);
        Add("zip", Zip);
        Add("status", Status == PersonStatus.Waiting ? null : RegistrationService.StatusName(Status));
        Add("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return "/console/line?" + string.Join('&', query);
    }

    public static string SourceName(string source) => source switch
    {
        nameof(RegistrationSource.Self) => "Website",
        nameof(RegistrationSource.Staff) => "By phone",
        nameof(RegistrationSource.Roster) => "Roster",
        _ => source,
    };
}
