using System.Globalization;
using FairShot.Domain;
using FairShot.Features.Shared;
using FairShot.Features.Staff;
using FairShot.Platform;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Supply;

/// <summary>
/// A week's allocations with FairShot's proposal per clinic (editable), accepting it as expected
/// shipments, and a chart of doses received, allocated, given and wasted per week.
/// </summary>
[Authorize(Policy = StaffPolicies.ConsoleAdmin)]
public sealed class WeekAllocationModel(Allocations allocations, SupplyProjection projection, Data.FairShotDb db, TimeProvider clock) : PageModel
{
    public const int ChartWeeks = 12;

    public sealed class EnterInput
    {
        public string? CvxCode { get; set; }
        public int? Doses { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public string? WeekOf { get; set; }

    public DateOnly Week { get; private set; }
    public WeekAllocations? Allocated { get; private set; }
    public IReadOnlyList<WeekSupply> Weeks { get; private set; } = [];
    public IReadOnlyList<(string Cvx, string Name)> ProductChoices { get; private set; } = [];

    [BindProperty]
    public EnterInput Enter { get; set; } = new();

    [BindProperty]
    public Dictionary<string, int?> Shares { get; set; } = [];

    [BindProperty]
    public string? ExpiresOn { get; set; }

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : BadRequest();

    public async Task<IActionResult> OnPostEnterAsync(CancellationToken ct)
    {
        ModelState.Clear(); // the handler checks every field itself
        var result = await allocations.EnterAsync(User.ToActor(), new AllocationRequest(WeekOf, Enter.CvxCode, Enter.Doses), ct);
        if (!result.Succeeded)
        {
            result.Error?.AddTo(ModelState, "Enter.");
            if (ModelState.TryGetValue("Enter.WeekOf", out var week) && ModelState.Remove("Enter.WeekOf"))
            {
                foreach (var e in week.Errors)
                {
                    ModelState.AddModelError("WeekOf", e.ErrorMessage);
                }
            }
            return await LoadAsync(ct) ? Page() : BadRequest();
        }
        Message = $"Allocation saved: {result.Value!.Doses:N0} doses of {result.Value.Product} for the week of {ConsoleFormat.ShortDate(result.Value.WeekOf)}.";
        return RedirectToPage(new { weekOf = result.Value.WeekOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
    }

    public async Task<IActionResult> OnPostAcceptAsync(Guid allocationId, CancellationToken ct)
    {
        ModelState.Clear();
        // Only the Shares[clinicId] fields are lines (a dictionary binds other form fields when it finds none).
        var lines = Shares.Where(s => Guid.TryParse(s.Key, out _)).Select(s => new AcceptClinic(Guid.Parse(s.Key), s.Value)).ToList();
        var result = await allocations.AcceptAsync(User.ToActor(), allocationId, new AcceptRequest(lines, ExpiresOn), ct);
        if (!result.Succeeded)
        {
            if (result.Error is NotFoundError)
            {
                return NotFound();
            }
            result.Error?.AddTo(ModelState);
            return await LoadAsync(ct) ? Page() : BadRequest();
        }
        Message = $"Accepted: {result.Value!.Doses:N0} doses expected at {result.Value.Shipments.Count} clinics from {ConsoleFormat.ShortDate(result.Value.WeekOf)} (lot {result.Value.Lot}).";
        return RedirectToPage(new { weekOf = result.Value.WeekOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var week = string.IsNullOrWhiteSpace(WeekOf) ? Allocations.MondayOf(today).AddDays(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : WeekOf;
        var loaded = await allocations.WeekAsync(week, ct);
        if (!loaded.Succeeded)
        {
            // A week that is not a Monday: show the Monday before it, with the reason.
            loaded.Error!.AddTo(ModelState);
            var parsed = DateOnly.TryParseExact(week, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : today;
            loaded = await allocations.WeekAsync(Allocations.MondayOf(parsed).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ct);
        }
        Allocated = loaded.Value!;
        Week = Allocated.WeekOf;
        WeekOf = Week.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Weeks = await projection.WeeksAsync(Week.AddDays(-7 * (ChartWeeks - 4)), ChartWeeks, ct);
        ProductChoices = (await db.Products.AsNoTracking().OrderBy(p => p.CvxCode).Select(p => new { p.CvxCode, p.Name }).ToListAsync(ct))
            .Select(p => (p.CvxCode, p.Name)).ToList();
        return true;
    }

    public int ChartMax => Math.Max(1, Weeks.Count == 0 ? 1 : Weeks.Max(w => Math.Max(Math.Max(w.Received, w.Allocated), Math.Max(w.Administered, w.Wasted))));

    /// <summary>The week's label under its bars (a Razor block cannot write an SVG text element itself).</summary>
    public string WeekLabel(int weekIndex) =>
        string.Create(CultureInfo.InvariantCulture, $"<text x=\"{weekIndex * 600.0 / Weeks.Count + 4:0.#}\" y=\"220\" font-size=\"12\" fill=\"#1b1b1b\">{Weeks[weekIndex].WeekOf.ToString("MMM d", CultureInfo.InvariantCulture)}</text>");

    /// <summary>Bar geometry for the chart: 600 x 200, four bars per week.</summary>
    public (string X, string Y, string Width, string Height) Bar(int weekIndex, int series, int value)
    {
        var slot = 600.0 / Math.Max(1, Weeks.Count);
        var width = slot / 5;
        var height = 200.0 * value / ChartMax;
        static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
        return (F(weekIndex * slot + width * (series + 0.5)), F(200 - height), F(width), F(height));
    }
}
