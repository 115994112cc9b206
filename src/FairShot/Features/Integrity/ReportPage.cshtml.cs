using System.Globalization;
using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Staff;
using FairShot.Platform;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Integrity;

public sealed record FindingRow(Guid AppointmentId, Guid PersonId, string Name, DateTime StartsAt, string BookedHow, IReadOnlyList<string> Reasons);

/// <summary>
/// An admin picks a clinic day and sees which of its bookings fail a check, how many for each
/// reason (in words, with the county's thresholds), and each finding with a link to that person's
/// story; from here they import a partner's bookings (checked first, bad rows listed by line), go on
/// to the selective cancellation or the call list, and set the thresholds. Calls
/// <see cref="IntegrityReport"/>, <see cref="AppointmentImport"/> and <see cref="IntegrityThresholds"/> directly.
/// </summary>
[Authorize(Policy = StaffPolicies.ConsoleAdmin)]
public sealed class ReportPageModel(IntegrityReport report, AppointmentImport import, IntegrityThresholds thresholds, FairShotDb db, TimeProvider clock) : PageModel
{
    public const int MaxRowsShown = 500;
    public const string SavedKey = "fs-integrity-thresholds";

    [FromQuery(Name = "clinicDayId")]
    public Guid? ClinicDayId { get; set; }

    /// <summary>Show only the findings with this reason.</summary>
    [FromQuery(Name = "reason")]
    public string? Reason { get; set; }

    public IReadOnlyList<IntegrityDay> Days { get; private set; } = [];
    public IntegrityDay? Day { get; private set; }
    public IntegrityReportResponse? Report { get; private set; }
    public IReadOnlyList<FindingRow> Rows { get; private set; } = [];
    public int RowsMatching { get; private set; }
    public IntegrityThresholdsResponse Thresholds { get; private set; } = IntegrityThresholdsResponse.Defaults;
    public bool ThresholdsSaved { get; private set; }

    /// <summary>Which form was posted ("import", "settings"), so its errors are summed up above it only.</summary>
    public string? Posted { get; private set; }

    [BindProperty]
    public string? Partner { get; set; }

    [BindProperty]
    public IFormFile? Csv { get; set; }

    [BindProperty]
    public bool GoodRowsOnly { get; set; }

    public ImportResponse? Imported { get; private set; }

    // Text, so "twenty" gets a sentence rather than a framework error.
    [BindProperty]
    public string? SharedLimit { get; set; }

    [BindProperty]
    public string? OutlierMinimum { get; set; }

    [BindProperty]
    public string? OutlierFactor { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        ThresholdsSaved = TempData[SavedKey] is string;
        return await ShowAsync(ct, fillThresholds: true);
    }

    public Task<IActionResult> OnPostCheckImportAsync(CancellationToken ct) => ImportAsync(dryRun: true, ct);

    public Task<IActionResult> OnPostImportAsync(CancellationToken ct) => ImportAsync(dryRun: false, ct);

    public async Task<IActionResult> OnPostSettingsAsync(CancellationToken ct)
    {
        Posted = "settings";
        int? Number(string? text) => int.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        var result = await thresholds.SetAsync(User.ToActor(), new IntegrityThresholdsRequest(Number(SharedLimit), Number(OutlierMinimum), Number(OutlierFactor)), ct);
        if (!result.Succeeded)
        {
            result.Error!.AddTo(ModelState);
            return await ShowAsync(ct, fillThresholds: false);
        }
        TempData[SavedKey] = "saved";
        return LocalRedirect(Link(ClinicDayId, null) + "#thresholds");
    }

    private async Task<IActionResult> ImportAsync(bool dryRun, CancellationToken ct)
    {
        if (ClinicDayId is not { } dayId)
        {
            return LocalRedirect("/console/integrity");
        }
        Posted = "import";
        string? text = null;
        if (Csv is null || Csv.Length == 0)
        {
            ModelState.AddModelError(nameof(Csv), "Choose the partner's CSV file.");
        }
        else if (Csv.Length > IntegrityApi.MaxImportBytes)
        {
            ModelState.AddModelError(nameof(Csv), $"The file is larger than {IntegrityApi.MaxImportBytes / 1024 / 1024} MB; split it into smaller files.");
        }
        else
        {
            using var reader = new StreamReader(Csv.OpenReadStream());
            text = await reader.ReadToEndAsync(ct);
        }
        if (text is not null)
        {
            var result = await import.ImportAsync(User.ToActor(), dayId, Partner, dryRun, GoodRowsOnly, "text/csv", text, ct);
            if (result.Succeeded)
            {
                Imported = result.Value;
            }
            else if (result.Error is ValidationError v && v.Fields.TryGetValue("body", out var body))
            {
                foreach (var message in body)
                {
                    ModelState.AddModelError(nameof(Csv), message);
                }
                foreach (var (field, messages) in v.Fields.Where(f => f.Key != "body"))
                {
                    new ValidationError(new Dictionary<string, string[]> { [field] = messages }).AddTo(ModelState);
                }
            }
            else
            {
                result.Error!.AddTo(ModelState);
            }
        }
        return await ShowAsync(ct, fillThresholds: true);
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct, bool fillThresholds)
    {
        Thresholds = await thresholds.GetAsync(ct);
        if (fillThresholds)
        {
            SharedLimit = Thresholds.SharedLimit.ToString(CultureInfo.InvariantCulture);
            OutlierMinimum = Thresholds.OutlierMinimum.ToString(CultureInfo.InvariantCulture);
            OutlierFactor = Thresholds.OutlierFactor.ToString(CultureInfo.InvariantCulture);
        }
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
        if (!Days.Any(d => d.Id == Day.Id))
        {
            Days = [Day, .. Days];
        }
        Report = (await report.ReportAsync(Day.Id, ct)).Value!;
        Reason = Reason is not null && IntegrityReasons.All.Contains(Reason) ? Reason : null;
        var matching = Report.Findings.Where(f => Reason is null || f.Reasons.Contains(Reason)).ToList();
        RowsMatching = matching.Count;
        var shown = matching.Take(MaxRowsShown).ToList();
        var ids = shown.Select(f => f.AppointmentId).ToList();
        var details = await (from a in db.Appointments.AsNoTracking()
                             where ids.Contains(a.Id)
                             join p in db.People.AsNoTracking() on a.PersonId equals p.Id
                             join s in db.Slots.AsNoTracking() on a.SlotId equals s.Id
                             select new { a.Id, p.FirstName, p.LastName, s.StartsAt, a.Channel, a.ImportPartner }).ToDictionaryAsync(x => x.Id, ct);
        Rows = shown.Where(f => details.ContainsKey(f.AppointmentId)).Select(f =>
        {
            var d = details[f.AppointmentId];
            return new FindingRow(f.AppointmentId, f.PersonId, d.FirstName + " " + d.LastName, d.StartsAt, BookedHow(d.Channel, d.ImportPartner), f.Reasons);
        }).OrderBy(r => r.StartsAt).ThenBy(r => r.Name, StringComparer.Ordinal).ToList();
        return Page();
    }

    public static string BookedHow(AppointmentChannel channel, string? partner) => channel switch
    {
        AppointmentChannel.Invitation => "Invitation link",
        AppointmentChannel.Staff => "By staff",
        AppointmentChannel.WalkIn => "Walk-in",
        AppointmentChannel.Import => partner is null ? "Imported" : $"Imported from {partner}",
        _ => channel.ToString(),
    };

    public static string Link(Guid? dayId, string? reason) =>
        "/console/integrity" + (dayId is null ? "" : $"?clinicDayId={dayId}" + (reason is null ? "" : $"&reason={Uri.EscapeDataString(reason)}"));

    public string PostLink(string handler) => $"/console/integrity?clinicDayId={ClinicDayId}&handler={handler}";
}
