using FairShot.Domain;
using FairShot.Features.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FairShot.Features.Vaccination.Pages;

/// <summary>What was recorded (<see cref="DoseRecording.GetAsync"/>) and, in large type, the next dose to hand over.</summary>
[Authorize(Policy = StaffPolicies.ConsoleClinic)]
[ClinicScoped]
public sealed class DeskRecordedModel(DeskAccess access, DoseRecording recording) : PageModel
{
    public DeskAccess.DayContext? Day { get; private set; }
    public AdministrationView? Record { get; private set; }

    /// <summary>A lead of the day's clinic (or an admin) sees the buttons to correct and void.</summary>
    public bool IsLead { get; private set; }

    /// <summary>Set after a lead's correction or void ("corrected", "voided"), to say it was saved.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Changed { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, Guid administrationId, CancellationToken ct)
    {
        var day = await access.DayAsync(User, id, ct);
        if (!day.Succeeded)
        {
            return day.Error is NotYourClinicError ? Forbid() : NotFound();
        }
        var record = await recording.GetAsync(User, administrationId, ct);
        if (record.Error is NotYourClinicError)
        {
            return Forbid();
        }
        if (!record.Succeeded)
        {
            return NotFound();
        }
        Day = day.Value;
        Record = record.Value;
        IsLead = await access.IsLeadAsync(User, day.Value!.Clinic.Id, ct);
        return Page();
    }

    public static string OutcomeLabel(string outcome) => outcome switch
    {
        "given" => "Given",
        "refused" => "Refused by the person",
        "notGiven" => "Not given",
        _ => outcome,
    };

    public static string ReasonLabel(string? reason) => reason switch
    {
        "contraindication" => "contraindication",
        "leftBefore" => "left before the dose",
        "other" => "other",
        _ => reason ?? "",
    };

    public static string RouteLabel(string? code) => DeskRecordDoseModel.RouteChoices.FirstOrDefault(r => r.Code == code).Label ?? code ?? "";

    public static string SiteLabel(string? code) => DeskRecordDoseModel.BodySiteChoices.FirstOrDefault(r => r.Code == code).Label ?? code ?? "";
}
