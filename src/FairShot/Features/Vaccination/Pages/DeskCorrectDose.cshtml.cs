using System.Globalization;
using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Staff;
using FairShot.Features.Supply;
using FairShot.Platform;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace FairShot.Features.Vaccination.Pages;

/// <summary>
/// A clinic lead corrects a recorded dose (lot from the clinic's stock, route, body site, time),
/// with a reason, through <see cref="DoseCorrections.CorrectAsync"/>. Only what differs from the
/// record is sent; the form starts with the record's values.
/// </summary>
[Authorize(Policy = StaffPolicies.ConsoleClinic)]
[ClinicScoped]
public sealed class DeskCorrectDoseModel(FairShotDb db, DeskAccess access, DoseRecording recording, DoseCorrections corrections, StockQueries stock)
    : DeskLeadPageModel(db, access, recording)
{
    private static readonly Dictionary<string, string> Fields = new() { ["administeredAt"] = nameof(Time) };

    public IReadOnlyList<LotStock> Lots { get; private set; } = [];

    [BindProperty]
    public string? Lot { get; set; }

    [BindProperty]
    public string? Route { get; set; }

    [BindProperty]
    public string? BodySite { get; set; }

    /// <summary>Clinic time, HH:mm, as a time input sends it.</summary>
    [BindProperty]
    public string? Time { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    public bool CanCorrect => Record is { Outcome: "given", State: not "voided" };

    public async Task<IActionResult> OnGetAsync(Guid id, Guid administrationId, CancellationToken ct)
    {
        if (await LoadAsync(id, administrationId, ct) is { } denied)
        {
            return denied;
        }
        Lot = Record!.Lot;
        Route = Record.Route;
        BodySite = Record.BodySite;
        Time = Record.AdministeredAt.ToString("HH:mm", CultureInfo.InvariantCulture);
        await LoadLotsAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, Guid administrationId, CancellationToken ct)
    {
        if (await LoadAsync(id, administrationId, ct) is { } denied)
        {
            return denied;
        }
        await LoadLotsAsync(ct);
        var record = Record!;
        var lot = Changed(Lot, record.Lot);
        var route = Changed(Route, record.Route);
        var site = Changed(BodySite, record.BodySite);
        string? at = null;
        if (Changed(Time, record.AdministeredAt.ToString("HH:mm", CultureInfo.InvariantCulture)) is { } time)
        {
            if (TimeOnly.TryParseExact(time, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            {
                var clinic = Day!.Clinic;
                var utc = clinic.Clock.ToUtc(LocalDate.FromDateOnly(Day.Day.Date), LocalTime.FromTimeOnly(local));
                at = DeskAccess.AtClinic(clinic, utc).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
            }
            else
            {
                ModelState.AddModelError(nameof(Time), "Give the time the dose was given, like 10:15.");
            }
        }
        if (ModelState.ErrorCount == 0 && lot is null && route is null && site is null && at is null)
        {
            ModelState.AddModelError(nameof(Lot), "Nothing differs from the record. Change the lot, route, body site or time you want to correct.");
        }
        if (ModelState.ErrorCount > 0)
        {
            if (string.IsNullOrWhiteSpace(Reason))
            {
                ModelState.AddModelError(nameof(Reason), "Say why the record is changed: the audit log and the state registry keep it.");
            }
            return Page();
        }
        var result = await corrections.CorrectAsync(User, administrationId, new CorrectionRequest(lot, route, site, at, Reason), ct);
        if (result.Succeeded)
        {
            return LocalRedirect(RecordHref + "?changed=corrected");
        }
        if (result.Error is DeskRefusal { Reason: "lotUsedUp" } used)
        {
            ModelState.AddModelError(nameof(Lot), used.Detail);
            return Page();
        }
        return Show(result.Error!, Fields) ?? Page();
    }

    private static string? Changed(string? value, string? before)
    {
        var v = value?.Trim();
        return string.IsNullOrEmpty(v) || string.Equals(v, before, StringComparison.OrdinalIgnoreCase) ? null : v;
    }

    /// <summary>The lots a dose can come from: on hand at the clinic on the day, not expired, earliest expiry first.</summary>
    private async Task LoadLotsAsync(CancellationToken ct)
    {
        var held = await stock.StockAsync(Day!.Clinic.Id, ct);
        if (held.Succeeded)
        {
            var date = Day.Day.Date;
            Lots = held.Value!.Products.Where(p => p.CvxCode == Day.Product.CvxCode)
                .SelectMany(p => p.Lots)
                .Where(l => !l.Expired && l.OnHand > 0 && l.AvailableFrom <= date && l.ExpiresOn >= date)
                .OrderBy(l => l.ExpiresOn).ThenBy(l => l.Lot, StringComparer.Ordinal)
                .ToList();
        }
    }
}
