using FairShot.Domain;
using FairShot.Features.Staff;
using FairShot.Features.Supply;
using FairShot.Platform;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FairShot.Features.Vaccination.Pages;

/// <summary>
/// Recording what happened at the chair for a checked-in appointment, through
/// <see cref="DoseRecording.RecordAsync"/>: the site code the person shows, a lot from the clinic's
/// stock (on hand, not expired, earliest expiry first), route and body site, or refused / not given
/// with a reason. The answer page shows the record and the next dose to hand over.
/// </summary>
[Authorize(Policy = StaffPolicies.ConsoleClinic)]
[ClinicScoped]
public sealed class DeskRecordDoseModel(DayQueue queue, StockQueries stock, DoseRecording recording) : PageModel
{
    public static readonly IReadOnlyList<(string Code, string Label)> RouteChoices =
        [("IM", "IM: intramuscular"), ("SC", "SC: subcutaneous"), ("ID", "ID: intradermal"), ("IN", "IN: intranasal"), ("PO", "PO: by mouth")];

    public static readonly IReadOnlyList<(string Code, string Label)> BodySiteChoices =
    [
        ("LD", "LD: left deltoid"), ("RD", "RD: right deltoid"), ("LA", "LA: left arm"), ("RA", "RA: right arm"), ("LT", "LT: left thigh"), ("RT", "RT: right thigh"),
        ("LVL", "LVL: left vastus lateralis"), ("RVL", "RVL: right vastus lateralis"), ("LG", "LG: left gluteus medius"), ("RG", "RG: right gluteus medius"),
    ];

    public static readonly IReadOnlyList<(string Code, string Label)> ReasonChoices =
        [("contraindication", "Contraindication"), ("leftBefore", "Left before the dose"), ("other", "Other (say why in the note)")];

    public DeskDay? Day { get; private set; }
    public QueueEntry? Appointment { get; private set; }
    public IReadOnlyList<LotStock> Lots { get; private set; } = [];
    public bool JustCheckedIn { get; private set; }

    /// <summary>Set once by the walk-in page (<see cref="DeskWalkInModel.WalkInSiteCode"/>): the site code is filled in for the person just registered.</summary>
    [TempData]
    public string? WalkInSiteCode { get; set; }

    public bool SiteCodeFilled { get; private set; }

    [BindProperty]
    public string? SiteCode { get; set; }

    [BindProperty]
    public string? Outcome { get; set; } = "given";

    [BindProperty]
    public string? Lot { get; set; }

    [BindProperty]
    public string? Route { get; set; } = "IM";

    [BindProperty]
    public string? BodySite { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, Guid appointmentId, bool checkedIn, CancellationToken ct)
    {
        JustCheckedIn = checkedIn;
        var shown = await ShowAsync(id, appointmentId, ct);
        if (WalkInSiteCode is { } code && Appointment is { Channel: "walkIn", State: "checkedIn" })
        {
            SiteCode = code;
            SiteCodeFilled = true;
        }
        return shown;
    }

    public async Task<IActionResult> OnPostAsync(Guid id, Guid appointmentId, CancellationToken ct)
    {
        var shown = await ShowAsync(id, appointmentId, ct);
        if (Appointment is null)
        {
            return shown;
        }
        ModelState.Clear();
        var given = Outcome is null || string.Equals(Outcome, "given", StringComparison.OrdinalIgnoreCase);
        var result = await recording.RecordAsync(User, new RecordDoseRequest(appointmentId, SiteCode, Outcome, given ? null : Reason, Note,
            given ? Lot : null, given ? Route : null, given ? BodySite : null, null), ct);
        if (result.Succeeded)
        {
            return LocalRedirect($"/console/clinic-days/{id}/doses/{result.Value!.AdministrationId}");
        }
        if (result.Error is NotYourClinicError)
        {
            return Forbid();
        }
        if (result.Error is DeskRefusal { Reason: "lotNotHere" or "lotExpired" or "lotUsedUp" } lot)
        {
            ModelState.AddModelError(nameof(Lot), lot.Detail);
        }
        else
        {
            result.Error!.AddTo(ModelState);
        }
        if (Appointment.Channel != "walkIn")
        {
            SiteCode = null; // typed again from what the person shows
        }
        return Page();
    }

    private async Task<IActionResult> ShowAsync(Guid id, Guid appointmentId, CancellationToken ct)
    {
        var list = await queue.ListAsync(User, id, null, null, ct);
        if (!list.Succeeded)
        {
            return list.Error is NotYourClinicError ? Forbid() : NotFound();
        }
        Day = list.Value!.Day;
        Appointment = list.Value.Appointments.FirstOrDefault(a => a.AppointmentId == appointmentId);
        if (Appointment is null)
        {
            return NotFound();
        }
        var held = await stock.StockAsync(Day.ClinicId, ct);
        if (held.Succeeded)
        {
            var today = held.Value!.Today;
            Lots = held.Value.Products.Where(p => p.CvxCode == Day.ProductCvx)
                .SelectMany(p => p.Lots)
                .Where(l => !l.Expired && l.OnHand > 0 && l.AvailableFrom <= today)
                .OrderBy(l => l.ExpiresOn).ThenBy(l => l.Lot, StringComparer.Ordinal)
                .ToList();
        }
        return Page();
    }
}
