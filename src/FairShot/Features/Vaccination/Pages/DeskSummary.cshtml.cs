using FairShot.Domain;
using FairShot.Features.Staff;
using FairShot.Platform;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FairShot.Features.Vaccination.Pages;

/// <summary>
/// The day's summary (<see cref="DaySummary.OfAsync"/>) with its per-hour table, the doses left in
/// opened vials (<see cref="EndOfDay.VialsAsync"/>), and the two end-of-day buttons: offer the
/// leftovers to standby now, and close the day.
/// </summary>
[Authorize(Policy = StaffPolicies.ConsoleClinic)]
[ClinicScoped]
public sealed class DeskSummaryModel(DeskAccess access, DaySummary summary, EndOfDay end, DayRecords records) : PageModel
{
    public Clinic? Clinic { get; private set; }
    public DaySummaryView? View { get; private set; }
    public DayVials? Vials { get; private set; }
    public IReadOnlyList<DayRecord> Records { get; private set; } = [];

    /// <summary>A lead of the clinic (or an admin) gets a correct and a void link per record.</summary>
    public bool IsLead { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await ShowAsync(id, ct);

    public async Task<IActionResult> OnPostOfferAsync(Guid id, CancellationToken ct)
    {
        var denied = await ShowAsync(id, ct);
        if (View is null)
        {
            return denied;
        }
        var result = await end.OfferVialDosesAsync(User.ToActor(), id, ct);
        return await AfterAsync(id, result, o => $"Offered {o.Seats:N0} leftover {(o.Seats == 1 ? "dose" : "doses")} to {o.Offered:N0} {(o.Offered == 1 ? "person" : "people")} on standby.", ct);
    }

    public async Task<IActionResult> OnPostCloseAsync(Guid id, CancellationToken ct)
    {
        var denied = await ShowAsync(id, ct);
        if (View is null)
        {
            return denied;
        }
        var result = await end.CloseAsync(User.ToActor(), id, ct);
        return await AfterAsync(id, result, c => c.Vials.Count == 0
            ? "The day is closed. No vial was open."
            : $"The day is closed: {c.Vials.Count:N0} {(c.Vials.Count == 1 ? "vial" : "vials")} closed, {c.DosesWasted:N0} {(c.DosesWasted == 1 ? "dose" : "doses")} recorded as wasted.", ct);
    }

    private async Task<IActionResult> AfterAsync<T>(Guid id, Result<T> result, Func<T, string> message, CancellationToken ct)
    {
        if (result.Succeeded)
        {
            Message = message(result.Value!);
            return LocalRedirect($"/console/clinic-days/{id}/summary");
        }
        result.Error!.AddTo(ModelState);
        return await ShowAsync(id, ct);
    }

    private async Task<IActionResult> ShowAsync(Guid id, CancellationToken ct)
    {
        var day = await access.DayAsync(User, id, ct);
        if (!day.Succeeded)
        {
            return day.Error is NotYourClinicError ? Forbid() : NotFound();
        }
        Clinic = day.Value!.Clinic;
        var found = await summary.OfAsync(User, id, ct);
        if (!found.Succeeded)
        {
            return found.Error is NotYourClinicError ? Forbid() : NotFound();
        }
        View = found.Value!;
        Vials = (await end.VialsAsync(id, ct)).Value;
        Records = (await records.OfAsync(User, id, ct)).Value ?? [];
        IsLead = await access.IsLeadAsync(User, Clinic.Id, ct);
        return Page();
    }
}
