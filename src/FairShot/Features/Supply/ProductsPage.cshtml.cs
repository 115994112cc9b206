using FairShot.Domain;
using FairShot.Features.Staff;
using FairShot.Platform;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FairShot.Features.Supply;

/// <summary>
/// The vaccine products as data (<see cref="Products"/>): every staff member reads the list; admins
/// add a product or change one (its CVX code stays), with the same checks and audit as the API.
/// </summary>
[Authorize(Policy = StaffPolicies.ConsoleAnyStaff)]
public sealed class ProductsPageModel(Products products) : PageModel
{
    public IReadOnlyList<ProductView> List { get; private set; } = [];

    public bool CanEdit => User.IsInRole(StaffRoles.Admin);

    /// <summary>The product being changed (?edit=CVX), or null for adding one.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Edit { get; set; }

    [BindProperty] public string? CvxCode { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Manufacturer { get; set; }
    [BindProperty] public string? MvxCode { get; set; }
    [BindProperty] public string? NdcUnitOfUse { get; set; }
    [BindProperty] public int? DosesPerVial { get; set; }
    [BindProperty] public int? DosesInSeries { get; set; }
    [BindProperty] public int? MinimumIntervalDays { get; set; }
    [BindProperty] public int? RecommendedIntervalDays { get; set; }
    [BindProperty] public int? OpenVialHours { get; set; }

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        List = await products.ListAsync(ct);
        if (Edit is not null)
        {
            if (!CanEdit || List.FirstOrDefault(p => p.CvxCode == Edit) is not { } p)
            {
                return NotFound();
            }
            (CvxCode, Name, Manufacturer, MvxCode, NdcUnitOfUse) = (p.CvxCode, p.Name, p.Manufacturer, p.MvxCode, p.NdcUnitOfUse);
            (DosesPerVial, DosesInSeries, MinimumIntervalDays, RecommendedIntervalDays, OpenVialHours) =
                (p.DosesPerVial, p.DosesInSeries, p.MinimumIntervalDays, p.RecommendedIntervalDays, p.OpenVialHours);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!CanEdit)
        {
            return Forbid();
        }
        // The product's own checks word every message (a number that is not one arrives as null and gets its message).
        ModelState.Clear();
        var editing = Edit is not null;
        var definition = new VaccineProduct.Definition(editing ? Edit : CvxCode?.Trim(), Name, Manufacturer, MvxCode, NdcUnitOfUse, DosesPerVial, DosesInSeries,
            MinimumIntervalDays, RecommendedIntervalDays, OpenVialHours);
        var result = editing ? await products.UpdateAsync(User.ToActor(), Edit!, definition, ct) : await products.CreateAsync(User.ToActor(), definition, ct);
        if (result.Succeeded)
        {
            Message = editing ? $"Saved the changes to {result.Value!.Name} (CVX {result.Value.CvxCode})." : $"Added {result.Value!.Name} (CVX {result.Value.CvxCode}).";
            return RedirectToPage();
        }
        if (result.Error is NotFoundError)
        {
            return NotFound();
        }
        if (result.Error is ConflictError conflict)
        {
            ModelState.AddModelError(nameof(CvxCode), conflict.Detail);
        }
        else
        {
            result.Error!.AddTo(ModelState);
        }
        List = await products.ListAsync(ct);
        return Page();
    }
}
