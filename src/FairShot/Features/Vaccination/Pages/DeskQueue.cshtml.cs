using FairShot.Domain;
using FairShot.Features.Staff;
using FairShot.Platform;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FairShot.Features.Vaccination.Pages;

/// <summary>
/// The day's queue on a nurse's tablet: counts, a filter by state, a search by name or confirmation
/// code, and a button per person to check in or record. The rules are <see cref="DayQueue"/>'s;
/// another clinic's day answers 403 (<see cref="DeskAccess"/>).
/// </summary>
[Authorize(Policy = StaffPolicies.ConsoleClinic)]
[ClinicScoped]
public sealed class DeskQueueModel(DayQueue queue) : PageModel
{
    /// <summary>The filter links, in the order a day runs.</summary>
    public static readonly IReadOnlyList<(string State, string Label)> Filters =
    [
        ("", "All"), ("booked", "Booked"), ("checkedIn", "Checked in"), ("vaccinated", "Vaccinated"), ("noShow", "No-show"), ("cancelled", "Cancelled"),
    ];

    public DayQueueView? View { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var result = await queue.ListAsync(User, id, State, Q, ct);
        if (result.Error is NotYourClinicError)
        {
            return Forbid();
        }
        if (result.Error is NotFoundError)
        {
            return NotFound();
        }
        if (!result.Succeeded)
        {
            result.Error!.AddTo(ModelState);
            State = null;
            Q = null;
            result = await queue.ListAsync(User, id, null, null, ct);
        }
        View = result.Value!;
        return Page();
    }

    public static string StateLabel(string state) => state switch
    {
        "booked" => "Booked",
        "checkedIn" => "Checked in",
        "vaccinated" => "Vaccinated",
        "noShow" => "No-show",
        "cancelled" => "Cancelled",
        _ => state,
    };

    public string FilterHref(Guid dayId, string state)
    {
        var query = new List<string>();
        if (state.Length > 0)
        {
            query.Add("state=" + Uri.EscapeDataString(state));
        }
        if (!string.IsNullOrWhiteSpace(Q))
        {
            query.Add("q=" + Uri.EscapeDataString(Q.Trim()));
        }
        return $"/console/clinic-days/{dayId}/queue" + (query.Count == 0 ? "" : "?" + string.Join('&', query));
    }

    public bool IsCurrent(string state) => string.Equals(State ?? "", state, StringComparison.OrdinalIgnoreCase);
}
