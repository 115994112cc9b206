using System.Globalization;
using FairShot.Data;
using FairShot.Features.Backfill;
using FairShot.Features.Clinics;
using FairShot.Features.Staff;
using FairShot.Platform;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Backfill;

/// <summary>
/// The fill board of one clinic day: seats, bookings, outstanding invitations, the acceptance rate,
/// what the fill monitor did and why, a chart of fill over time, and a "fill now" button. It reloads
/// itself every 30 seconds (an HTTP Refresh header: no JavaScript needed).
/// </summary>
[Authorize(Policy = StaffPolicies.ConsoleScheduling)]
public sealed class FillBoardModel(ClinicScheduling scheduling, FillMonitor monitor, TargetedBackfill backfill, FairShotDb db) : PageModel
{
    public ClinicDayResponse? Day { get; private set; }
    public FillState? Fill { get; private set; }
    public IReadOnlyList<(string Code, string Name)> Groups { get; private set; } = [];

    [BindProperty]
    public List<string> Targets { get; set; } = [];

    [BindProperty]
    public int? Count { get; set; }

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        Response.Headers["Refresh"] = "30";
        return Page();
    }

    public async Task<IActionResult> OnPostFillAsync(Guid id, CancellationToken ct)
    {
        var result = await backfill.FillNowAsync(User.ToActor(), id, new BackfillRequest(Targets.Count == 0 ? null : Targets, Count, null), ct);
        if (!result.Succeeded)
        {
            result.Error!.AddTo(ModelState);
            return await LoadAsync(id, ct) ? Page() : NotFound();
        }
        Message = result.Value!.Issued == 0
            ? "Nobody was invited: there are no free seats, or nobody eligible is left in those groups."
            : $"Invited {result.Value.Issued} {(result.Value.Issued == 1 ? "person" : "people")}. Their invitations last until {result.Value.ExpiresAt.ToString("h:mm tt", CultureInfo.InvariantCulture)} UTC.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostAutofillAsync(Guid id, bool enabled, CancellationToken ct)
    {
        var result = await backfill.SetAutofillAsync(User.ToActor(), id, new AutofillRequest(enabled, null), ct);
        if (!result.Succeeded)
        {
            return NotFound();
        }
        Message = enabled ? "Autofill is on for this day." : "Autofill is off for this day.";
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var day = await scheduling.GetDayAsync(id, ct);
        var fill = await monitor.StateAsync(id, ct);
        if (!day.Succeeded || !fill.Succeeded)
        {
            return false;
        }
        Day = day.Value!;
        Fill = fill.Value!;
        Groups = (await db.PriorityGroups.AsNoTracking().OrderBy(g => g.Rank).Select(g => new { g.Code, g.Name }).ToListAsync(ct))
            .Select(g => (g.Code, g.Name)).ToList();
        return true;
    }

    /// <summary>Booked seats over time as SVG points (x: minutes since the first snapshot, y: share of capacity), 600 x 200.</summary>
    public string ChartPoints(Func<FillSnapshotView, double> value)
    {
        var snapshots = Fill!.Snapshots;
        if (snapshots.Count == 0 || Fill.Capacity == 0)
        {
            return "";
        }
        var start = snapshots[0].TakenAt;
        var span = Math.Max(1, (snapshots[^1].TakenAt - start).TotalMinutes);
        return string.Join(' ', snapshots.Select(s =>
            string.Create(CultureInfo.InvariantCulture, $"{(s.TakenAt - start).TotalMinutes / span * 600:0.#},{200 - Math.Min(1, value(s) / Fill.Capacity) * 200:0.#}")));
    }
}
