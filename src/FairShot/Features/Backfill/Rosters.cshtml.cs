using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Backfill;
using FairShot.Features.Staff;
using FairShot.Platform;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Backfill;

/// <summary>An admin uploads an employer's roster (CSV); any bad line is listed by number and nothing is imported.</summary>
[Authorize(Policy = StaffPolicies.ConsoleAdmin)]
public sealed class RostersModel(RosterImport import, FairShotDb db) : PageModel
{
    public const long MaxFileBytes = 900 * 1024;

    [BindProperty]
    public string? Employer { get; set; }

    [BindProperty]
    public string? Occupation { get; set; }

    [BindProperty]
    public string? ZipCode { get; set; }

    [BindProperty]
    public IFormFile? Csv { get; set; }

    public RosterResponse? Imported { get; private set; }
    public IReadOnlyList<Roster> Recent { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task OnPostAsync(CancellationToken ct)
    {
        string? text = null;
        if (Csv is null || Csv.Length == 0)
        {
            ModelState.AddModelError(nameof(Csv), "Choose the roster's CSV file.");
        }
        else if (Csv.Length > MaxFileBytes)
        {
            ModelState.AddModelError(nameof(Csv), "The file is too large; split the roster into files under 900 KB.");
        }
        else
        {
            using var reader = new StreamReader(Csv.OpenReadStream());
            text = await reader.ReadToEndAsync(ct);
        }
        if (text is not null)
        {
            var result = await import.ImportAsync(User.ToActor(), new RosterRequest(Employer, Occupation, ZipCode, text), ct);
            if (result.Succeeded)
            {
                Imported = result.Value;
            }
            else
            {
                result.Error!.AddTo(ModelState);
            }
        }
        await LoadAsync(ct);
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Recent = await db.Rosters.AsNoTracking().OrderByDescending(r => r.UploadedAt).Take(20).ToListAsync(ct);
}
