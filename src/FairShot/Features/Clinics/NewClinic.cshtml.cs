using FairShot.Domain;
using FairShot.Features.Clinics;
using FairShot.Features.Shared;
using FairShot.Features.Staff;
using FairShot.Platform;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FairShot.Features.Clinics;

/// <summary>An admin adds a vaccination site: its name, address and the time zone its clock runs on.</summary>
[Authorize(Policy = StaffPolicies.ConsoleAdmin)]
public sealed class NewClinicModel(ClinicScheduling scheduling) : PageModel
{
    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Address { get; set; }

    [BindProperty]
    public string? TimeZone { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await scheduling.CreateClinicAsync(User.ToActor(), new CreateClinicRequest(Name, Address, TimeZone), cancellationToken);
        if (!result.Succeeded)
        {
            result.Error!.AddTo(ModelState);
            if (ConsoleFormat.TimeZoneChoices.All(z => z.Id != TimeZone))
            {
                // The handler asks API callers for an IANA name; here the zone is picked from a list.
                ModelState.Reword(nameof(TimeZone), "Choose the time zone the clinic is in.");
            }
            return Page();
        }
        return LocalRedirect($"/console/clinics/{result.Value!.Id}");
    }
}
