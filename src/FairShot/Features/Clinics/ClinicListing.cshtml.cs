using FairShot.Domain;
using FairShot.Features.Shared;
using FairShot.Features.Staff;
using FairShot.Platform;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FairShot.Features.Clinics;

/// <summary>
/// Whether slot finders (VaccineFinder and the like) show this clinic's free seats, and the town,
/// state, ZIP code and booking phone they show with them. Admins only, through the API's own handler.
/// </summary>
[Authorize(Policy = StaffPolicies.ConsoleAdmin)]
public sealed class ClinicListingModel(ClinicScheduling scheduling) : PageModel
{
    /// <summary>The sentence the clinic page shows once after a save.</summary>
    public const string SavedKey = "ClinicListingSaved";

    [BindProperty]
    public bool IsPublic { get; set; }

    [BindProperty]
    public string? City { get; set; }

    [BindProperty]
    public string? State { get; set; }

    [BindProperty]
    public string? PostalCode { get; set; }

    [BindProperty]
    public string? Phone { get; set; }

    public ClinicResponse? Clinic { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var found = await scheduling.GetClinicAsync(id, cancellationToken);
        if (!found.Succeeded)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        Clinic = found.Value!;
        (IsPublic, City, State, PostalCode) = (Clinic.IsPublic, Clinic.City, Clinic.State, Clinic.PostalCode);
        Phone = Clinic.Phone is null ? null : Records.SchedulingLinks.SchedulingFeed.DisplayPhone(Clinic.Phone);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        // A box left empty clears the field; the checkbox posts false when unticked.
        var request = new UpdateClinicRequest(IsPublic, City ?? "", State ?? "", PostalCode ?? "", Phone ?? "");
        var result = await scheduling.UpdateClinicAsync(User.ToActor(), id, request, cancellationToken);
        if (result.Succeeded)
        {
            TempData[SavedKey] = result.Value!.IsPublic
                ? "Saved. Slot finders will show this clinic's free seats within a few minutes."
                : "Saved. This clinic is not listed for slot finders.";
            return LocalRedirect($"/console/clinics/{id}");
        }
        var found = await scheduling.GetClinicAsync(id, cancellationToken);
        if (!found.Succeeded)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        Clinic = found.Value!;
        result.Error!.AddTo(ModelState);
        return Page();
    }
}
