using System.Globalization;
using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Notifications;
using FairShot.Features.Shared.Languages;
using FairShot.Features.Staff;
using FairShot.Platform;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Integrity;

/// <summary>What a confirmed cancellation did, carried to the page after the redirect.</summary>
public sealed record CancellationOutcome(int Cancelled, int Notified, int Invited)
{
    public string Serialize() => string.Join('|', Cancelled, Notified, Invited);

    public static CancellationOutcome? Parse(string? value) => value?.Split('|') switch
    {
        [var c, var n, var i] when int.TryParse(c, CultureInfo.InvariantCulture, out var cancelled) && int.TryParse(n, CultureInfo.InvariantCulture, out var notified)
            && int.TryParse(i, CultureInfo.InvariantCulture, out var invited) => new(cancelled, notified, invited),
        _ => null,
    };
}

/// <summary>
/// Selective cancellation for one clinic day: the admin chooses reasons (or ticks findings) and
/// writes the county's words, sees first how many and who (<see cref="IntegrityCancellation"/>'s dry
/// run), then confirms. The confirmation cancels exactly the appointments the dry run listed, carried
/// in the form, so a booking that starts failing a check in between is not swept in unseen.
/// </summary>
[Authorize(Policy = StaffPolicies.ConsoleAdmin)]
// A day's clean-up can tick or carry thousands of appointments.
[RequestFormLimits(ValueCountLimit = IntegrityCancellation.MaxAppointments + 100)]
public sealed class CancelPageModel(IntegrityCancellation cancellation, IntegrityReport report, FairShotDb db, TimeProvider clock) : PageModel
{
    public const string DoneKey = "fs-integrity-cancelled";
    public const int MaxRowsShown = 500;

    [FromQuery(Name = "clinicDayId")]
    public Guid? ClinicDayId { get; set; }

    public IntegrityDay? Day { get; private set; }
    public IReadOnlyList<IntegrityDay> Days { get; private set; } = [];
    public IntegrityReportResponse? Report { get; private set; }
    public IReadOnlyList<FindingRow> Rows { get; private set; } = [];

    [BindProperty]
    public List<string> Reasons { get; set; } = [];

    /// <summary>Findings ticked one by one.</summary>
    [BindProperty]
    public List<Guid> Selected { get; set; } = [];

    [BindProperty]
    public string? Message { get; set; }

    /// <summary>The appointments the dry run listed, comma-separated: what Confirm cancels.</summary>
    [BindProperty]
    public string? Confirmed { get; set; }

    public CancellationResponse? DryRun { get; private set; }
    public CancellationOutcome? Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Done = CancellationOutcome.Parse(TempData[DoneKey] as string);
        return await ShowAsync(ct);
    }

    public async Task<IActionResult> OnPostDryRunAsync(CancellationToken ct)
    {
        if (ClinicDayId is not { } dayId)
        {
            return LocalRedirect("/console/integrity/cancel");
        }
        var reasons = Reasons.Where(r => !string.IsNullOrWhiteSpace(r)).Distinct().ToList();
        if (reasons.Count == 0 && Selected.Count == 0)
        {
            ModelState.AddModelError(nameof(Reasons), "Choose at least one reason, or tick the appointments to cancel.");
        }
        else if (reasons.Count > 0 && Selected.Count > 0)
        {
            ModelState.AddModelError(nameof(Reasons), "Choose reasons, or tick appointments, not both: untick one or the other.");
        }
        if (!ModelState.IsValid)
        {
            return await ShowAsync(ct);
        }
        var request = Selected.Count > 0
            ? new CancellationRequest(Selected.Distinct().ToList(), null, dayId, Message, DryRun: true)
            : new CancellationRequest(null, reasons, dayId, Message, DryRun: true);
        var result = await cancellation.CancelAsync(User.ToActor(), request, ct);
        if (!result.Succeeded)
        {
            AddErrors(result.Error!);
            return await ShowAsync(ct);
        }
        DryRun = result.Value!;
        Confirmed = string.Join(',', DryRun.Appointments.Select(a => a.AppointmentId));
        return await ShowAsync(ct);
    }

    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken ct)
    {
        if (ClinicDayId is not { } dayId)
        {
            return LocalRedirect("/console/integrity/cancel");
        }
        var ids = (Confirmed ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => Guid.TryParse(s, out var g) ? g : Guid.Empty).ToList();
        if (ids.Count == 0 || ids.Contains(Guid.Empty))
        {
            ModelState.AddModelError(nameof(Reasons), "Run the check again: press Show who would be cancelled, then confirm.");
            return await ShowAsync(ct);
        }
        var result = await cancellation.CancelAsync(User.ToActor(), new CancellationRequest(ids, null, dayId, Message, DryRun: false), ct);
        if (!result.Succeeded)
        {
            AddErrors(result.Error!);
            return await ShowAsync(ct);
        }
        var done = result.Value!;
        TempData[DoneKey] = new CancellationOutcome(done.Cancelled, done.Notified, done.Invited).Serialize();
        return LocalRedirect($"/console/integrity/cancel?clinicDayId={dayId}#done");
    }

    private void AddErrors(Error error)
    {
        if (error is ValidationError v)
        {
            foreach (var (field, messages) in v.Fields)
            {
                foreach (var message in messages)
                {
                    ModelState.AddModelError(field == "message" ? nameof(Message) : nameof(Reasons), message);
                }
            }
        }
        else
        {
            ModelState.AddModelError(string.Empty, error.Detail);
        }
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
        var all = await report.CheckDayAsync(Day.Id, ct);
        var findings = all.Where(c => c.Reasons.Count > 0).ToList();
        Report = new IntegrityReportResponse(Day.Id, all.Count, findings.Select(c => new IntegrityFinding(c.Appointment.Id, c.Person.Id, c.Reasons)).ToList(),
            IntegrityReasons.All.ToDictionary(r => r, r => findings.Count(f => f.Reasons.Contains(r))));
        Rows = findings.Where(c => c.Appointment.State == AppointmentState.Booked).Take(MaxRowsShown)
            .Select(c => new FindingRow(c.Appointment.Id, c.Person.Id, c.Person.FirstName + " " + c.Person.LastName, default,
                ReportPageModel.BookedHow(c.Appointment.Channel, c.Appointment.ImportPartner), c.Reasons)).ToList();
        var slotOf = findings.ToDictionary(c => c.Appointment.Id, c => c.Appointment.SlotId);
        var starts = await db.Slots.AsNoTracking().Where(s => s.ClinicDayId == Day.Id).ToDictionaryAsync(s => s.Id, s => s.StartsAt, ct);
        Rows = Rows.Select(r => r with { StartsAt = starts.GetValueOrDefault(slotOf[r.AppointmentId]) }).OrderBy(r => r.StartsAt).ThenBy(r => r.Name, StringComparer.Ordinal).ToList();
        return Page();
    }

    /// <summary>What a person reads (English; each person gets it in their own language), with the county's words as written.</summary>
    public RenderedMessage Preview(CancellationTarget? example) =>
        Words.English.IntegrityCancelledMessage(example?.Name.Split(' ')[0] ?? "Ana",
            example is null || Day is null ? "Monday, March 1 at 9:00 AM" : $"{Shared.ConsoleFormat.LongDate(Day.Date)} at {Day.Time(example.StartsAt)}",
            Day?.ClinicName ?? "the clinic", Message?.Trim() ?? "");
}
