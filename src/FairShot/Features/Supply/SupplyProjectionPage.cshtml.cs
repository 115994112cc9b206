using FairShot.Features.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FairShot.Features.Supply;

/// <summary>How many weeks of expected supply the people waiting in the open and next phases need.</summary>
[Authorize(Policy = StaffPolicies.ConsoleAnyStaff)]
public sealed class SupplyProjectionPageModel(SupplyProjection projection) : PageModel
{
    public Projection? Projection { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Projection = await projection.ProjectAsync(ct);
}
