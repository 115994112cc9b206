using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Invitations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Invitations;

/// <summary>
/// The page a personal invitation link opens. Opening it changes nothing but the visit count
/// (<see cref="InvitationAccess.NoteVisitAsync"/>, the raw material of "was this link shared?") and
/// sends nothing: it says plainly that the link is personal and offers one button that sends a
/// code to the contact on file. Only after that button is the masked contact shown.
/// </summary>
public sealed class LandingModel(InvitationAccess access, FairShotDb db, TimeProvider clock) : InvitationPageModel(access, db, clock)
{
    public string? ClinicName { get; private set; }
    public DateOnly? ClinicDate { get; private set; }
    public DateTime ExpiresAtLocal { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var usable = await LoadAsync(cancellationToken);
        if (Invitation is not null)
        {
            // Also for a used or expired link: another device opening it is a sign it was shared.
            await Access.NoteVisitAsync(Invitation, Visitor.From(HttpContext), cancellationToken);
        }
        if (usable)
        {
            await DescribeAsync(cancellationToken);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return Page();
        }
        await DescribeAsync(cancellationToken);
        return await SendCodeAsync(cancellationToken);
    }

    private async Task DescribeAsync(CancellationToken cancellationToken)
    {
        var invitation = Invitation!;
        // The clinic and day only: nothing about the person, who may not be the one reading.
        var day = invitation.ClinicDayId is { } dayId
            ? await (from d in Db.ClinicDays.AsNoTracking()
                     join c in Db.Clinics.AsNoTracking() on d.ClinicId equals c.Id
                     where d.Id == dayId
                     select new { d.Date, c.Name, c.TimeZoneId }).SingleOrDefaultAsync(cancellationToken)
            : null;
        ClinicName = day?.Name;
        ClinicDate = day?.Date;
        var zoneId = day?.TimeZoneId
            ?? await Db.CountySettings.AsNoTracking().OrderBy(c => c.Id).Select(c => c.TimeZoneId).FirstOrDefaultAsync(cancellationToken)
            ?? "America/Chicago";
        ExpiresAtLocal = ClinicClock.For(zoneId).Local(invitation.ExpiresAt).ToDateTimeUnspecified();
    }
}
