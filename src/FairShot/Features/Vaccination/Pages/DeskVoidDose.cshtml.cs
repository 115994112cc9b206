using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Shared;
using FairShot.Features.Staff;
using FairShot.Platform;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace FairShot.Features.Vaccination.Pages;

/// <summary>
/// A clinic lead voids a record made in error, with a reason, through <see cref="DoseCorrections.VoidAsync"/>;
/// for a given dose the lead says whether the dose goes back on hand or was wasted. The appointment is
/// checked in again, so the right dose can be recorded.
/// </summary>
[Authorize(Policy = StaffPolicies.ConsoleClinic)]
[ClinicScoped]
public sealed class DeskVoidDoseModel(FairShotDb db, DeskAccess access, DoseRecording recording, DoseCorrections corrections)
    : DeskLeadPageModel(db, access, recording)
{
    [BindProperty]
    public string? Reason { get; set; }

    /// <summary>true: back on hand (not used); false: wasted. Asked only for a given dose.</summary>
    [BindProperty]
    public bool? ReturnToStock { get; set; }

    public bool WasGiven => Record?.Outcome == "given";

    public async Task<IActionResult> OnGetAsync(Guid id, Guid administrationId, CancellationToken ct) =>
        await LoadAsync(id, administrationId, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(Guid id, Guid administrationId, CancellationToken ct)
    {
        if (await LoadAsync(id, administrationId, ct) is { } denied)
        {
            return denied;
        }
        var result = await corrections.VoidAsync(User, administrationId, new VoidRequest(Reason, WasGiven ? ReturnToStock : null), ct);
        if (result.Succeeded)
        {
            return LocalRedirect(RecordHref + "?changed=voided");
        }
        ModelState.Clear();
        if (Show(result.Error!) is { } refused)
        {
            return refused;
        }
        ModelState.Reword(nameof(ReturnToStock), "Choose whether the dose goes back on hand or was wasted.");
        return Page();
    }
}
