using FairShot.Domain;
using FairShot.Features.Staff;
using FairShot.Platform;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FairShot.Features.Vaccination.Pages;

/// <summary>
/// Check-in at the door: the typed (or scanned) confirmation code and the date of birth, through
/// <see cref="CheckIns.CheckInAsync"/> for this day's clinic. Each refusal is the service's sentence;
/// a date of birth that does not match is shown at its field. The camera is allowed on this page
/// only, for the scan button (the site's Permissions-Policy denies it elsewhere).
/// </summary>
[Authorize(Policy = StaffPolicies.ConsoleClinic)]
[ClinicScoped]
public sealed class DeskCheckInModel(DeskAccess access, DayQueue queue, CheckIns checkIns) : PageModel
{
    public const string CameraPolicy = "camera=(self), microphone=(), geolocation=(), interest-cohort=()";

    public DeskDay? Day { get; private set; }

    /// <summary>The person the nurse chose in the queue, to say who is expected; the code is still typed.</summary>
    public QueueEntry? Expected { get; private set; }

    [BindProperty(SupportsGet = true)]
    public Guid? Appointment { get; set; }

    [BindProperty]
    public string? ConfirmationCode { get; set; }

    [BindProperty]
    public string? DateOfBirth { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await ShowAsync(id, ct);

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var found = await access.DayAsync(User, id, ct);
        if (!found.Succeeded)
        {
            return found.Error is NotYourClinicError ? Forbid() : NotFound();
        }
        ModelState.Clear();
        var result = await checkIns.CheckInAsync(User, new CheckInRequest(ConfirmationCode, DateOfBirth, id), ct);
        if (result.Succeeded)
        {
            return LocalRedirect($"/console/clinic-days/{id}/record/{result.Value!.AppointmentId}?checkedIn=true");
        }
        if (result.Error is DeskRefusal { Reason: "dateOfBirthMismatch" } mismatch)
        {
            ModelState.AddModelError(nameof(DateOfBirth), mismatch.Detail);
        }
        else if (result.Error is NotFoundError notFound)
        {
            ModelState.AddModelError(nameof(ConfirmationCode), notFound.Detail);
        }
        else if (result.Error is NotYourClinicError)
        {
            return Forbid();
        }
        else
        {
            result.Error!.AddTo(ModelState);
        }
        DateOfBirth = null; // asked again, never echoed back
        return await ShowAsync(id, ct);
    }

    private async Task<IActionResult> ShowAsync(Guid id, CancellationToken ct)
    {
        var list = await queue.ListAsync(User, id, null, null, ct);
        if (!list.Succeeded)
        {
            return list.Error is NotYourClinicError ? Forbid() : NotFound();
        }
        Day = list.Value!.Day;
        Expected = Appointment is { } chosen ? list.Value.Appointments.FirstOrDefault(a => a.AppointmentId == chosen) : null;
        Response.Headers["Permissions-Policy"] = CameraPolicy;
        return Page();
    }
}
