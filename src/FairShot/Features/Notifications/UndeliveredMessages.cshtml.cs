using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Audit;
using FairShot.Features.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Notifications;

/// <summary>An undelivered message as staff see it: what and to whom (masked), and why it failed; never its text.</summary>
public sealed record UndeliveredRow(Guid Id, NotificationChannel Channel, string Template, string Recipient, DateTime CreatedAt, DateTime FailedAt, int Attempts, string? Error, bool CanSendAgain);

/// <summary>
/// Messages the outbox could not deliver (the mail server refused or never answered through every
/// attempt, and there was no phone to send an SMS to, or the code ran out first), newest first. Staff
/// call the person, or send a message again once the mail server is back; the console layout shows
/// a banner while any is listed (<see cref="Undelivered"/>).
/// </summary>
[Authorize(Policy = StaffPolicies.ConsoleScheduling)]
public sealed class UndeliveredMessagesModel(FairShotDb db, AuditTrail audit, TimeProvider clock) : PageModel
{
    public const int Shown = 200;

    public IReadOnlyList<UndeliveredRow> Rows { get; private set; } = [];
    public int Total { get; private set; }

    [TempData]
    public string? Done { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        Total = await Undelivered.Query(db).CountAsync(cancellationToken);
        var rows = await Undelivered.Query(db).OrderByDescending(m => m.FailedAt).Take(Shown)
            .Select(m => new { m.Id, m.Channel, m.Template, m.Recipient, m.CreatedAt, m.FailedAt, m.Attempts, m.LastError, m.ExpiresAt })
            .ToListAsync(cancellationToken);
        Rows = rows.Select(m => new UndeliveredRow(m.Id, m.Channel, m.Template, Undelivered.Mask(m.Recipient), m.CreatedAt, m.FailedAt!.Value, m.Attempts, m.LastError,
            m.ExpiresAt is null || m.ExpiresAt > now)).ToList();
    }

    /// <summary>Queues the message for another round of attempts (not one that has run out).</summary>
    public async Task<IActionResult> OnPostSendAgainAsync(Guid id, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var requeued = await Undelivered.Query(db).Where(m => m.Id == id && (m.ExpiresAt == null || m.ExpiresAt > now))
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.FailedAt, (DateTime?)null)
                .SetProperty(m => m.Attempts, 0)
                .SetProperty(m => m.NextAttemptAt, now), cancellationToken);
        if (requeued == 1)
        {
            audit.Record(User.ToActor(), "outbox.resent", "OutboxMessage", id.ToString(), new { });
            await db.SaveChangesAsync(cancellationToken);
        }
        Done = requeued == 1 ? "The message will be sent again in a few seconds." : "This message can no longer be sent (it ran out, or was sent again already).";
        return LocalRedirect("/console/messages");
    }
}

/// <summary>Which messages count as undelivered: failed for good, with no other channel taking over.</summary>
public static class Undelivered
{
    public static IQueryable<OutboxMessage> Query(FairShotDb db) => db.Outbox.AsNoTracking().Where(m => m.FailedAt != null && m.FallbackId == null);

    /// <summary>Enough of a contact to tell two apart, not enough to read it off a screen: "a•••@example.org", "•••0123".</summary>
    public static string Mask(string recipient)
    {
        var at = recipient.IndexOf('@');
        return at > 0 ? recipient[0] + "•••" + recipient[at..]
            : recipient.Length > 4 ? "•••" + recipient[^4..]
            : "•••";
    }
}
