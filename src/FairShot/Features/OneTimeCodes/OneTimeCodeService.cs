using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Notifications;
using FairShot.Features.Shared.Languages;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.OneTimeCodes;

/// <summary>Where a code goes and in which words.</summary>
public sealed record CodeMessage(NotificationChannel Channel, string Recipient, string? Language, string Template, Func<IWords, string, int, RenderedMessage> Words);

/// <summary>
/// A code to issue for a purpose and subject, at most <paramref name="PerSubjectPerDay"/> in any 24
/// hours, and, when <paramref name="PerRecipientPerDay"/> is given, at most that many messages of the
/// same template to the same recipient in 24 hours whatever the subject.
/// </summary>
public sealed record CodeRequest(CodePurpose Purpose, string Subject, int PerSubjectPerDay, CodeMessage Message, int? PerRecipientPerDay = null);

public enum CodeIssued
{
    Sent = 1,

    /// <summary>A daily cap is reached: nothing was sent.</summary>
    Capped = 2,
}

public enum CodeCheck
{
    /// <summary>No live code for the subject: none issued, expired, used or replaced.</summary>
    NoLiveCode = 1,

    /// <summary>The live code had no tries left.</summary>
    OutOfTries = 2,

    /// <summary>A try was spent and the code was not the one issued.</summary>
    Wrong = 3,

    /// <summary>A try was spent and the code is right; <see cref="OneTimeCodeService.UseAsync"/> uses it.</summary>
    Right = 4,
}

public readonly record struct CodeTry(CodeCheck Check, Guid CodeId);

/// <summary>
/// The one-time-code lifecycle (see <see cref="OneTimeCode"/>): issue a code under its daily caps
/// with its message, in one transaction; spend a try; use the code once.
///
/// The caps are counted after taking the lock of a gate row per capped subject
/// (<see cref="OneTimeCodeGate"/>), in the transaction that stores the code and its message: requests
/// for one subject take turns, and each counts what the ones before it committed. Counting alone
/// is not enough on PostgreSQL, where READ COMMITTED lets two transactions both count nine and both
/// send the tenth. The gate is also where a rule about the live code (send it again rather than a
/// new one, at most so often) belongs: whoever holds it sees the subject's codes as they are.
/// </summary>
public sealed class OneTimeCodeService(FairShotDb db, Notifier notifier, OneTimeCodeHasher hasher, TimeProvider clock)
{
    public static readonly TimeSpan CapWindow = TimeSpan.FromDays(1);

    /// <summary>
    /// Replaces the subject's live code with a new one and queues its message, unless a cap is
    /// reached. Joins the caller's transaction when there is one (the caller commits, sent or
    /// capped); otherwise runs in its own.
    /// </summary>
    public async Task<CodeIssued> IssueAsync(CodeRequest request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now - CapWindow;
        var key = await hasher.KeyAsync(cancellationToken);
        await using var owned = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;

        // Gates in one order (subject, then recipient) so two requests never wait for each other's second.
        await TakeGateAsync(Scope(request.Purpose), request.Subject, now, cancellationToken);
        var sentForSubject = await db.OneTimeCodes
            .CountAsync(c => c.Purpose == request.Purpose && c.Subject == request.Subject && c.CreatedAt > since, cancellationToken);
        if (sentForSubject >= request.PerSubjectPerDay)
        {
            return CodeIssued.Capped;
        }
        if (request.PerRecipientPerDay is { } perRecipient)
        {
            var recipient = request.Message.Recipient;
            var template = request.Message.Template;
            await TakeGateAsync("to:" + template, OneTimeCode.HashSubject(recipient), now, cancellationToken);
            var sentToRecipient = await db.Outbox.CountAsync(m => m.Recipient == recipient && m.Template == template && m.CreatedAt > since, cancellationToken);
            if (sentToRecipient >= perRecipient)
            {
                return CodeIssued.Capped;
            }
        }

        await db.OneTimeCodes.Where(c => c.Purpose == request.Purpose && c.Subject == request.Subject && c.UsedAt == null && c.ReplacedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ReplacedAt, now), cancellationToken);
        var code = OneTimeCode.NewCode();
        db.OneTimeCodes.Add(new OneTimeCode(request.Purpose, request.Subject, OneTimeCodeHasher.Hash(key, request.Purpose, request.Subject, code), now));
        var minutes = (int)OneTimeCode.Lifetime.TotalMinutes;
        notifier.Queue(request.Message.Channel, request.Message.Recipient, request.Message.Language, request.Message.Template,
            w => request.Message.Words(w, code, minutes));
        await db.SaveChangesAsync(cancellationToken);
        if (owned is not null)
        {
            await owned.CommitAsync(cancellationToken);
        }
        return CodeIssued.Sent;
    }

    /// <summary>
    /// Spends one try of the subject's live code and says whether the code is right. The try is a
    /// conditional update, so parallel guesses share the five tries. Does not use the code.
    /// </summary>
    public async Task<CodeTry> TryAsync(CodePurpose purpose, string subject, string code, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var current = await db.OneTimeCodes.AsNoTracking()
            .Where(c => c.Purpose == purpose && c.Subject == subject && c.UsedAt == null && c.ReplacedAt == null && c.ExpiresAt > now)
            .OrderByDescending(c => c.CreatedAt).Select(c => new { c.Id, c.CodeHash }).FirstOrDefaultAsync(cancellationToken);
        if (current is null)
        {
            return new CodeTry(CodeCheck.NoLiveCode, Guid.Empty);
        }
        var spent = await db.OneTimeCodes.Where(c => c.Id == current.Id && c.Attempts < OneTimeCode.MaxAttempts && c.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Attempts, c => c.Attempts + 1), cancellationToken) == 1;
        if (!spent)
        {
            return new CodeTry(CodeCheck.OutOfTries, current.Id);
        }
        return new CodeTry(await hasher.MatchesAsync(current.CodeHash, purpose, subject, code, cancellationToken) ? CodeCheck.Right : CodeCheck.Wrong, current.Id);
    }

    /// <summary>Uses a code found right; false when a parallel request used it first.</summary>
    public async Task<bool> UseAsync(CodeTry attempt, CancellationToken cancellationToken)
    {
        if (attempt.Check != CodeCheck.Right)
        {
            return false;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.OneTimeCodes.Where(c => c.Id == attempt.CodeId && c.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedAt, now), cancellationToken) == 1;
    }

    /// <summary>Spends a try and, if the code is right, uses it: true only for the one request that did.</summary>
    public async Task<bool> RedeemAsync(CodePurpose purpose, string subject, string code, CancellationToken cancellationToken) =>
        await UseAsync(await TryAsync(purpose, subject, code, cancellationToken), cancellationToken);

    private static string Scope(CodePurpose purpose) => purpose switch
    {
        CodePurpose.StatusLookup => "status-lookup",
        CodePurpose.Invitation => "invitation",
        CodePurpose.ManageAppointment => "manage-appointment",
        _ => throw new ArgumentOutOfRangeException(nameof(purpose)),
    };

    /// <summary>
    /// Takes the gate's row lock until the transaction ends, creating the row on first use. One
    /// statement on both engines: a parallel first insert waits on the key and then updates.
    /// </summary>
    private Task TakeGateAsync(string scope, string subject, DateTime now, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO "OneTimeCodeGates" ("Scope", "Subject", "TouchedAt") VALUES ({scope}, {subject}, {now})
            ON CONFLICT ("Scope", "Subject") DO UPDATE SET "TouchedAt" = excluded."TouchedAt"
            """, cancellationToken);
}
