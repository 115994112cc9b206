using FairShot.Data;
using FairShot.Domain;
using FairShot.Platform;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Vaccination.Pages;

/// <summary>
/// A clinic lead's page about one recorded dose (correct, void): the day checked against the
/// caller's clinics, the record of that day, and the lead check (<see cref="DeskAccess.IsLeadAsync"/>),
/// so a non-lead is refused on GET and POST alike. <see cref="DoseCorrections"/> checks the same again.
/// </summary>
public abstract class DeskLeadPageModel(FairShotDb db, DeskAccess access, DoseRecording recording) : PageModel
{
    public DeskAccess.DayContext? Day { get; private set; }
    public AdministrationView? Record { get; private set; }

    /// <summary>Null when the page may be shown; otherwise the answer (403 for another clinic or a non-lead, 404).</summary>
    protected async Task<IActionResult?> LoadAsync(Guid id, Guid administrationId, CancellationToken ct)
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
        if (!await access.IsLeadAsync(User, day.Value!.Clinic.Id, ct))
        {
            return Forbid();
        }
        if (!await db.Administrations.AnyAsync(a => a.Id == administrationId && a.ClinicDayId == id, ct))
        {
            return NotFound();
        }
        Day = day.Value;
        Record = record.Value;
        return null;
    }

    /// <summary>The handler's errors at this page's fields; a non-lead or another clinic is 403.</summary>
    protected IActionResult? Show(Error error, IReadOnlyDictionary<string, string>? renamed = null)
    {
        if (error is NotALeadError or NotYourClinicError)
        {
            return Forbid();
        }
        if (error is ValidationError invalid && renamed is not null)
        {
            error = new ValidationError(invalid.Fields.ToDictionary(f => renamed.TryGetValue(f.Key, out var to) ? to : f.Key, f => f.Value));
        }
        error.AddTo(ModelState);
        return null;
    }

    public string RecordHref => $"/console/clinic-days/{Day!.Day.Id}/doses/{Record!.AdministrationId}";
}
