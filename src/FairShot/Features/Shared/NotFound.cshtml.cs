using FairShot.Features.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FairShot.Features.Shared;

/// <summary>Any console address that matches no page (a mistyped id, an old link): a 404 page in the console's look, not a bare status line.</summary>
[Authorize(Policy = StaffPolicies.ConsoleAnyStaff)]
[ClinicScoped] // shows nothing of any clinic
public sealed class NotFoundModel : PageModel
{
    public void OnGet() => Response.StatusCode = StatusCodes.Status404NotFound;
}
