using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Staff;
using FairShot.Platform;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FairShot.Features.Integrity;

/// <summary>
/// After a clean-up, staff phone the people of a day whose bookings passed every check and record
/// what came of each call (<see cref="CallList"/>): the list shows the phone number (the one page
/// that does), the last outcome, and how many are left to call. Cancelled by the person cancels
/// the appointment the usual way.
/// </summary>
[Authorize(Policy = StaffPolicies.ConsoleAdmin)]
public sealed class CallListPageModel(CallList calls, FairShotDb db, TimeProvider clock) : PageModel
{
    public const string RecordedKey = "fs-integrity-called";

    [FromQuery(Name = "clinicDayId")]
    public Guid? ClinicDayId { get; set; }

    /// <summary>"all" shows everyone; otherwise only those left to call.</summary>
    [FromQuery(Name = "show")]
    public string? Show { get; set; }

    public bool ShowAll => Show == "all";

    public IReadOnlyList<IntegrityDay> Days { get; private set; } = [];
    public IntegrityDay? Day { get; private set; }
    public CallListResponse? List { get; private set; }
    public IReadOnlyList<CallListEntry> Rows { get; private set; } = [];
    public string? Recorded { get; private set; }

    [BindProperty]
    public Guid? AppointmentId { get; set; }

    [BindProperty]
    public string? Outcome { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    /// <summary>The row whose call could not be recorded, and why.</summary>
    public IReadOnlyList<string> RowErrors { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Recorded = TempData[RecordedKey] as string;
        return await ShowAsync(ct);
    }

    public async Task<IActionResult> OnPostRecordAsync(CancellationToken ct)
    {
        if (ClinicDayId is not { } dayId)
        {
            return LocalRedirect("/console/integrity/calls");
        }
        var entry = (await calls.ListAsync(dayId, ct)).Value?.Entries.FirstOrDefault(e => e.AppointmentId == AppointmentId);
        if (entry is null)
        {
            ModelState.AddModelError(string.Empty, "This appointment is not on the call list of this day any more; the list below is up to date.");
            return await ShowAsync(ct);
        }
        var result = await calls.RecordAsync(User.ToActor(), dayId, new CallRequest(AppointmentId, string.IsNullOrEmpty(Outcome) ? null : Outcome, Note), ct);
        if (!result.Succeeded)
        {
            RowErrors = result.Error is ValidationError v
                ? v.Fields.Values.SelectMany(m => m).Select(m => m.StartsWith("Say what came", StringComparison.Ordinal) ? "Choose what came of the call." : m).ToList()
                : [result.Error!.Detail];
            foreach (var message in RowErrors)
            {
                ModelState.AddModelError($"Outcome-{AppointmentId}", $"{entry.Name}: {message}");
            }
            return await ShowAsync(ct);
        }
        TempData[RecordedKey] = $"{entry.Name}: {IntegrityPages.Outcome(Outcome).ToLowerInvariant()}.";
        return LocalRedirect(Link(dayId, Show) + "#calls");
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        Days = await IntegrityPages.DaysAsync(db, clock, ct);
        if (ClinicDayId is null)
        {
            return Page();
        }
        Day = await IntegrityPages.DayAsync(db, ClinicDayId, ct);
        if (Day is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        List = (await calls.ListAsync(Day.Id, ct)).Value!;
        Rows = ShowAll ? List.Entries : List.Entries.Where(IsLeft).ToList();
        return Page();
    }

    public static bool IsLeft(CallListEntry e) => e.Outcome is null or "noAnswer";

    public static string Link(Guid dayId, string? show) => $"/console/integrity/calls?clinicDayId={dayId}" + (show == "all" ? "&show=all" : "");
}
