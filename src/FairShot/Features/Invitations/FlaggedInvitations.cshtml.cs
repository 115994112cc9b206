using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Invitations;
using FairShot.Features.Shared;
using FairShot.Features.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Invitations;

/// <summary>A flagged invitation with the name of the person it was for.</summary>
public sealed record FlaggedRow(InvitationSignals Signals, string PersonName, DateTime IssuedLocal, DateTime ExpiresLocal)
{
    public bool CanRevoke => Signals.State == "outstanding";
}

/// <summary>
/// Invitations that look shared (many devices or networks on one link, wrong codes, wrong dates of
/// birth: <see cref="InvitationsApi.ListAsync"/>), newest first, each with a Revoke button that
/// stops the link at once. The person keeps their place in line and can be invited again.
/// </summary>
[Authorize(Policy = StaffPolicies.ConsoleScheduling)]
public sealed class FlaggedInvitationsModel(FairShotDb db, InvitationWaves waves, TimeProvider clock) : PageModel
{
    public const string RevokedKey = "fs-revoked";

    public IReadOnlyList<FlaggedRow> Rows { get; private set; } = [];
    public string ZoneId { get; private set; } = "America/Chicago";
    public string? Revoked { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Revoked = TempData[RevokedKey] as string;
        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid invitationId, CancellationToken cancellationToken)
    {
        var result = await waves.RevokeAsync(User.ToActor(), invitationId, null, cancellationToken);
        if (result.Error is NotFoundError)
        {
            return NotFound();
        }
        var personId = await db.Invitations.AsNoTracking().Where(i => i.Id == invitationId).Select(i => i.PersonId).SingleAsync(cancellationToken);
        var name = await db.People.AsNoTracking().Where(p => p.Id == personId).Select(p => p.FirstName + " " + p.LastName).SingleAsync(cancellationToken);
        TempData[RevokedKey] = result.Value > 0
            ? $"The invitation of {name} is revoked: its link no longer works. {name} keeps their place in line."
            : $"The invitation of {name} was no longer open (used, expired or already revoked), so nothing changed.";
        return LocalRedirect("/console/invitations");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        ZoneId = await db.CountySettings.AsNoTracking().OrderBy(c => c.Id).Select(c => c.TimeZoneId).FirstOrDefaultAsync(cancellationToken) ?? ZoneId;
        var county = ClinicClock.For(ZoneId);
        var signals = (await InvitationsApi.ListAsync(db, clock, flagged: true, waveId: null, personId: null, cancellationToken)).Value!;
        var ids = signals.Select(s => s.PersonId).Distinct().ToList();
        var names = await db.People.AsNoTracking().Where(p => ids.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => p.FirstName + " " + p.LastName, cancellationToken);
        Rows = signals.Select(s => new FlaggedRow(s, names.GetValueOrDefault(s.PersonId, "(unknown)"),
            county.Local(s.IssuedAt).ToDateTimeUnspecified(), county.Local(s.ExpiresAt).ToDateTimeUnspecified())).ToList();
    }
}
