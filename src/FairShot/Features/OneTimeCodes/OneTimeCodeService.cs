using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Notifications;
using FairShot.Features.Shared.Languages;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.OneTimeCodes;

/// <summary>Where a code goes and in which words.</summary>
public sealed record CodeMessage(NotificationChannel Channel, string Recipient, string? Language, string Template, Func<IWords, string, int, RenderedMessage> Words);

/// <summary>
/// A code to issue for a purpose and subject under the live-code rule (<see cref="OneTimeCodeService"/>)
/// and, when <paramref name="PerRecipientPerDay"/> is given, at most that many messages of the same
/// template to the same recipient in 24 hours whatever the subject.
/// </summary>
/// <remarks>
/// <paramref name="Silent"/>: the code is issued and kept (a keyed hash, like any other) but no message
/// goes out: for a contact nobody registered, so that asking for it does the same work and leaves the
/// same state (a live code, the minute rule) as for a registered one, and the answer's time says nothing.
/// </remarks>
public sealed record CodeRequest(CodePurpose Purpose, string Subject, CodeMessage Message, int? PerRecipientPerDay = null, bool Silent = false);

public enum CodeIssued
{
    Sent = 1,

    /// <summary>The recipient's daily cap is reached: nothing was sent.</summary>
    Capped = 2,

    /// <summary>A code sent earlier still works: nothing was sent, nothing replaced.</summary>
    Live = 3,

    /// <summary>The code sent earlier had its five wrong tries and has not expired yet: nothing was sent.</summary>
    OutOfTries = 4,

    /// <summary>A code went less than a minute ago (or six unused ones within the hour): nothing was sent.</summary>
    TooSoon = 5,
}

/// <summary>
/// What a request for a code did: sent one, or sent nothing and says when the last one went
/// (<paramref name="LastSentAt"/>), until when it works (<paramref name="LiveUntil"/>, when it
/// still does) and how long until a new one can go (<paramref name="RetryAfter"/>, never longer
/// than <see cref="OneTimeCode.Lifetime"/>).
/// </summary>
public readonly record struct CodeIssue(CodeIssued Outcome, DateTime? LastSentAt, DateTime? LiveUntil, TimeSpan RetryAfter)
{
    public bool Sent => Outcome == CodeIssued.Sent;
}

/// <summary>A request for a code that sent nothing: 429 with <c>Retry-After</c>, and when the last code went.</summary>
public sealed record CodeNotSent(CodeIssue Issue, string SentTo, string Detail) : TooManyRequestsError(Detail, Issue.RetryAfter)
{
    public override IReadOnlyDictionary<string, object?>? Extensions => new Dictionary<string, object?>
    {
        ["reason"] = Issue.Outcome switch
        {
            CodeIssued.Live => "code-still-live",
            CodeIssued.OutOfTries => "code-out-of-tries",
            CodeIssued.TooSoon => "too-soon",
            _ => "daily-cap",
        },
        ["sentTo"] = SentTo,
        ["lastSentAt"] = Issue.LastSentAt,
        ["liveUntil"] = Issue.LiveUntil,
        ["retryAfterSeconds"] = OneTimeCodeService.Seconds(Issue.RetryAfter),
    };

    /// <summary>The API's (English) sentence for a request that sent nothing; pages say it in the reader's language.</summary>
    public static CodeNotSent For(CodeIssue issue, string sentTo, string capped)
    {
        var minutes = Math.Max(1, (int)Math.Ceiling(issue.RetryAfter.TotalMinutes));
        var wait = minutes == 1 ? "a minute" : $"{minutes} minutes";
        return new CodeNotSent(issue, sentTo, issue.Outcome switch
        {
            CodeIssued.Live => $"We already sent a code to {sentTo} and it still works: check your messages (and your spam folder). You can ask for a new code in {wait}, when it expires.",
            CodeIssued.OutOfTries => $"The last code had too many wrong tries. You can ask for a new code in {wait}.",
            CodeIssued.TooSoon => $"We just sent a code to {sentTo}. You can ask for a new code in {wait}.",
            _ => capped,
        });
    }
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
/// The one-time-code lifecycle (see <see cref="OneTimeCode"/>): issue a code under the live-code rule
/// and its caps with its message, in one transaction; spend a try; use the code once.
///
/// The live-code rule, so that whoever holds a forwarded link (or knows a contact) cannot stop the
/// person the codes go to: a code that has not expired and was not used is never replaced, so the
/// code the person is typing keeps working; a request meanwhile sends nothing and answers when the
/// last code went and when a new one can (<see cref="CodeIssue"/>). A code that had its five wrong
/// tries counts as not expired, or a guesser could cycle codes. A new code goes at most one a minute
/// (<see cref="MinimumGap"/>; only after a code was used can that be sooner than its lifetime) and at
/// most <see cref="UnusedPerHour"/> unused ones an hour: at one unused code per lifetime that holds by
/// construction and is checked too. So the wait is never longer than a code's life, and requests that
/// send nothing count toward no cap. Nothing is stored but the keyed hash: a repeat request does not
/// resend the code, which would need the code kept readable.
///
/// All of it is counted after taking the lock of a gate row per subject (<see cref="OneTimeCodeGate"/>),
/// in the transaction that stores the code and its message: requests for one subject take turns on
/// every instance, and each sees what the ones before it committed. Counting alone is not enough on
/// PostgreSQL, where READ COMMITTED lets two transactions both see no live code and both send one.
/// </summary>
public sealed class OneTimeCodeService(FairShotDb db, Notifier notifier, OneTimeCodeHasher hasher, TimeProvider clock)
{
    public static readonly TimeSpan CapWindow = TimeSpan.FromDays(1);

    /// <summary>At most one code message a minute per subject.</summary>
    public static readonly TimeSpan MinimumGap = TimeSpan.FromMinutes(1);

    /// <summary>At most this many codes nobody used per subject in any hour.</summary>
    public const int UnusedPerHour = 6;

    public static readonly TimeSpan HourWindow = TimeSpan.FromHours(1);

    /// <summary>A wait as the whole seconds of a <c>Retry-After</c>: at least one.</summary>
    public static long Seconds(TimeSpan wait) => Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));

    /// <summary>
    /// Sends a new code and queues its message, unless a code still works, went too recently, or a
    /// cap is reached (then nothing is sent or replaced, see <see cref="CodeIssue"/>). Joins the
    /// caller's transaction when there is one (the caller commits, sent or not); otherwise runs in its own.
    /// </summary>
    public async Task<CodeIssue> IssueAsync(CodeRequest request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var key = await hasher.KeyAsync(cancellationToken);
        await using var owned = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;

        // Gates in one order (subject, then recipient) so two requests never wait for each other's second.
        await TakeGateAsync(Scope(request.Purpose), request.Subject, now, cancellationToken);
        var hourAgo = now - HourWindow;
        var recent = await db.OneTimeCodes.AsNoTracking()
            .Where(c => c.Purpose == request.Purpose && c.Subject == request.Subject && c.CreatedAt > hourAgo)
            .Select(c => new { c.CreatedAt, c.ExpiresAt, c.UsedAt, c.ReplacedAt, c.Attempts })
            .ToListAsync(cancellationToken);
        recent = [.. recent.OrderByDescending(c => c.CreatedAt)];
        var last = recent.FirstOrDefault();
        if (recent.FirstOrDefault(c => c.UsedAt == null && c.ReplacedAt == null && c.ExpiresAt > now) is { } pending)
        {
            var outOfTries = pending.Attempts >= OneTimeCode.MaxAttempts;
            return new CodeIssue(outOfTries ? CodeIssued.OutOfTries : CodeIssued.Live, pending.CreatedAt, outOfTries ? null : pending.ExpiresAt, pending.ExpiresAt - now);
        }
        var notBefore = last is null ? now : last.CreatedAt + MinimumGap;
        var unused = recent.Where(c => c.UsedAt == null).ToList();
        if (unused.Count >= UnusedPerHour)
        {
            var freed = unused[UnusedPerHour - 1].CreatedAt + HourWindow;
            notBefore = freed > notBefore ? freed : notBefore;
        }
        if (notBefore > now)
        {
            return new CodeIssue(CodeIssued.TooSoon, last?.CreatedAt, null, Min(notBefore - now, OneTimeCode.Lifetime));
        }
        if (request.PerRecipientPerDay is { } perRecipient)
        {
            var since = now - CapWindow;
            var recipient = request.Message.Recipient;
            var template = request.Message.Template;
            await TakeGateAsync("to:" + template, OneTimeCode.HashSubject(recipient), now, cancellationToken);
            var sentToRecipient = await db.Outbox.Where(m => m.Recipient == recipient && m.Template == template && m.CreatedAt > since)
                .Select(m => m.CreatedAt).OrderByDescending(t => t).Take(perRecipient).ToListAsync(cancellationToken);
            if (sentToRecipient.Count >= perRecipient)
            {
                // The cap frees when its oldest message turns a day old; Retry-After says no more
                // than a code's life (ask again then), the answer's words say "tomorrow".
                return new CodeIssue(CodeIssued.Capped, last?.CreatedAt, null, Min(sentToRecipient[^1] + CapWindow - now, OneTimeCode.Lifetime));
            }
        }

        // Nothing here is live (the rule above); replacing is for codes issued before the rule.
        await db.OneTimeCodes.Where(c => c.Purpose == request.Purpose && c.Subject == request.Subject && c.UsedAt == null && c.ReplacedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ReplacedAt, now), cancellationToken);
        var code = OneTimeCode.NewCode();
        var issued = new OneTimeCode(request.Purpose, request.Subject, OneTimeCodeHasher.Hash(key, request.Purpose, request.Subject, code), now);
        db.OneTimeCodes.Add(issued);
        var minutes = (int)OneTimeCode.Lifetime.TotalMinutes;
        if (!request.Silent)
        {
            notifier.Queue(request.Message.Channel, request.Message.Recipient, request.Message.Language, request.Message.Template,
                w => request.Message.Words(w, code, minutes));
        }
        await db.SaveChangesAsync(cancellationToken);
        if (owned is not null)
        {
            await owned.CommitAsync(cancellationToken);
        }
        return new CodeIssue(CodeIssued.Sent, now, issued.ExpiresAt, TimeSpan.Zero);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

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
