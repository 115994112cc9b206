using FairShot.Features.Backfill;
using FairShot.Features.Staff;
using FairShot.Features.Vaccination;
using FairShot.Platform;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FairShot.Features.Backfill;

/// <summary>
/// Clinic staff, at the end of the day, enter the doses left in opened vials; standby people get
/// offers at once. Only for a day of their own clinic, on the day itself.
/// </summary>
[Authorize(Policy = StaffPolicies.ConsoleAnyStaff)]
[ClinicScoped]
public sealed class LeftoverDosesModel(EndOfDay endOfDay, ClinicAccess access) : PageModel
{
    [BindProperty]
    public int? Doses { get; set; }

    public OfferResponse? Offered { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) =>
        await access.CanActOnDayAsync(User, id, ct) ? Page() : Forbid();

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!await access.CanActOnDayAsync(User, id, ct))
        {
            return Forbid();
        }
        var result = await endOfDay.OfferCountedDosesAsync(User.ToActor(), id, new LeftoverRequest(Doses), ct);
        if (result.Succeeded)
        {
            Offered = result.Value;
        }
        else if (result.Error is Domain.NotFoundError)
        {
            return NotFound();
        }
        else
        {
            result.Error!.AddTo(ModelState);
        }
        return Page();
    }
}
