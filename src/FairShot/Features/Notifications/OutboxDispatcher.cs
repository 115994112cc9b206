using FairShot.Data;
using FairShot.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FairShot.Features.Notifications;

/// <summary>
/// Sends what the outbox holds, codes first (<see cref="OutboxMessage.Priority"/>), then in the order
/// queued. Each batch of messages is claimed with a lease by one conditional update, so with several
/// app instances (or several loops) exactly one sends it; a lease left behind by a crashed instance
/// expires and the message is tried again. The lease lasts longer than the batch can take (each
/// attempt is bounded by <see cref="NotificationOptions.LongestAttempt"/>), and a batch stops before
/// it would outlive it. Failures back off exponentially; a message that ran out (a code past its ten
/// minutes) is not sent late. After <see cref="OutboxMessage.MaxAttempts"/>, or when the next try
/// would come too late, an e-mail goes by SMS to the phone on file if there is one; otherwise the
/// message stays undelivered, with its error, for staff to see (the console's banner and
/// /console/messages). Once sent, the stored copy loses its links and codes (<see cref="MessageRedaction"/>).
/// </summary>
public sealed class OutboxDispatcher(IServiceScopeFactory scopes, IMessageSender sender, TimeProvider clock, IOptions<NotificationOptions> options, ILogger<OutboxDispatcher> logger)
{
    // Names this dispatcher on its leases: which instance holds a message, for whoever looks.
    private readonly string _owner = $"{Guid.NewGuid():N}@{Environment.MachineName}"[..Math.Min(100, 33 + Environment.MachineName.Length)];

    /// <summary>How many sent messages are marked in one transaction.</summary>
    private const int MarkEvery = 20;

    public const string ExpiredError = "Expired before it could be delivered.";

    /// <summary>How long a batch of <paramref name="count"/> may hold its lease: every attempt at its longest, and one more to spare.</summary>
    public static TimeSpan LeaseFor(NotificationOptions settings, int count)
    {
        var needed = settings.LongestAttempt * (count + 1);
        return needed > settings.LeaseDuration ? needed : settings.LeaseDuration;
    }

    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FairShotDb>();
        var now = clock.GetUtcNow().UtcDateTime;

        // What ran out unsent is not sent late (a code after its ten minutes, a link after its end);
        // it stays on the row as undelivered.
        // (Looked for first: most rounds find none, and a read takes no write lock.)
        var ranOut = db.Outbox.Where(m => m.SentAt == null && m.FailedAt == null && m.ExpiresAt != null && m.ExpiresAt <= now && (m.LeaseExpiresAt == null || m.LeaseExpiresAt < now));
        if (await ranOut.AnyAsync(cancellationToken))
        {
            await ranOut.ExecuteUpdateAsync(s => s
                .SetProperty(m => m.FailedAt, now)
                .SetProperty(m => m.LastError, ExpiredError), cancellationToken);
        }

        var due = await db.Outbox.AsNoTracking()
            .Where(m => m.SentAt == null && m.FailedAt == null && m.NextAttemptAt <= now && (m.LeaseExpiresAt == null || m.LeaseExpiresAt < now))
            .OrderBy(m => m.Priority).ThenBy(m => m.NextAttemptAt)
            .Select(m => m.Id)
            .Take(settings.BatchSize)
            .ToListAsync(cancellationToken);

        if (due.Count == 0)
        {
            return 0;
        }

        // One conditional update claims the batch; what another instance holds is left out.
        var leaseEnds = now + LeaseFor(settings, due.Count);
        await db.Outbox
            .Where(m => due.Contains(m.Id) && m.SentAt == null && m.FailedAt == null && (m.LeaseExpiresAt == null || m.LeaseExpiresAt < now))
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.LeaseOwner, _owner)
                .SetProperty(m => m.LeaseExpiresAt, leaseEnds)
                .SetProperty(m => m.Attempts, m => m.Attempts + 1), cancellationToken);
        var claimed = await db.Outbox.AsNoTracking()
            .Where(m => due.Contains(m.Id) && m.LeaseOwner == _owner && m.SentAt == null)
            .OrderBy(m => m.Priority).ThenBy(m => m.NextAttemptAt)
            .ToListAsync(cancellationToken);

        // Sent messages are marked together, a few at a time, in one transaction that also removes
        // their links and codes: a crash between sending and marking sends at most that many again
        // when their lease expires (at least once, never lost).
        var sent = new List<OutboxMessage>();
        var total = 0;
        async Task MarkSentAsync()
        {
            if (sent.Count == 0)
            {
                return;
            }
            var done = clock.GetUtcNow().UtcDateTime;
            var ids = sent.Select(m => m.Id).ToList();
            await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
            await db.Outbox.Where(m => ids.Contains(m.Id) && m.LeaseOwner == _owner)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.SentAt, done)
                    .SetProperty(m => m.LeaseOwner, (string?)null)
                    .SetProperty(m => m.LeaseExpiresAt, (DateTime?)null)
                    .SetProperty(m => m.LastError, (string?)null), CancellationToken.None);
            foreach (var message in sent)
            {
                var subject = MessageRedaction.Redact(message.Subject);
                var body = MessageRedaction.Redact(message.Body);
                if (subject != message.Subject || body != message.Body)
                {
                    await db.Outbox.Where(m => m.Id == message.Id)
                        .ExecuteUpdateAsync(s => s.SetProperty(m => m.Subject, subject).SetProperty(m => m.Body, body), CancellationToken.None);
                }
            }
            await transaction.CommitAsync(CancellationToken.None);
            total += ids.Count;
            sent.Clear();
        }

        var remaining = claimed.Count;
        try
        {
            foreach (var message in claimed)
            {
                // Never past the lease: another instance may claim the message once it ends.
                if (clock.GetUtcNow().UtcDateTime + settings.LongestAttempt > leaseEnds)
                {
                    break;
                }
                remaining--;
                await SendOneAsync(message);
            }
        }
        finally
        {
            await MarkSentAsync(); // also when stopping: what went out is marked
            if (remaining > 0)
            {
                // Not tried this round: handed back, the attempt not counted.
                var untried = claimed.Skip(claimed.Count - remaining).Select(m => m.Id).ToList();
                await db.Outbox.Where(m => untried.Contains(m.Id) && m.LeaseOwner == _owner && m.SentAt == null)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(m => m.Attempts, m => m.Attempts - 1)
                        .SetProperty(m => m.LeaseOwner, (string?)null)
                        .SetProperty(m => m.LeaseExpiresAt, (DateTime?)null), CancellationToken.None);
            }
        }
        return total;

        async Task SendOneAsync(OutboxMessage message)
        {
            try
            {
                await sender.SendAsync(message, cancellationToken);
                sent.Add(message);
                if (sent.Count >= MarkEvery)
                {
                    await MarkSentAsync();
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                var failedAt = clock.GetUtcNow().UtcDateTime;
                var next = failedAt + OutboxMessage.Backoff(message.Attempts);
                // Giving up: the attempts are used, or the next one would come after the message ran out.
                var givingUp = message.Attempts >= OutboxMessage.MaxAttempts || (message.ExpiresAt is { } expires && next >= expires);
                var error = $"{ex.GetType().Name}: {ex.Message}";
                error = error.Length > 1000 ? error[..1000] : error;
                var fallback = givingUp && message.Channel == NotificationChannel.Email ? await FallbackAsync(db, message, failedAt) : null;
                await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
                var updated = await db.Outbox.Where(m => m.Id == message.Id && m.LeaseOwner == _owner)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(m => m.NextAttemptAt, next)
                        .SetProperty(m => m.FailedAt, givingUp ? failedAt : null)
                        .SetProperty(m => m.FallbackId, fallback == null ? null : fallback.Id)
                        // The SMS carries the live copy from here on.
                        .SetProperty(m => m.Body, fallback == null ? message.Body : MessageRedaction.Redact(message.Body))
                        .SetProperty(m => m.LastError, error)
                        .SetProperty(m => m.LeaseOwner, (string?)null)
                        .SetProperty(m => m.LeaseExpiresAt, (DateTime?)null), CancellationToken.None);
                if (fallback is not null && updated == 1)
                {
                    db.Outbox.Add(fallback);
                    await db.SaveChangesAsync(CancellationToken.None);
                }
                await transaction.CommitAsync(CancellationToken.None);
                // The recipient is personal data: log the message id only.
                logger.LogWarning("Sending outbox message {MessageId} ({Channel}) failed on attempt {Attempt}: {Error}{Outcome}",
                    message.Id, message.Channel, message.Attempts, ex.GetType().Name,
                    !givingUp ? "" : fallback is not null ? $"; giving up, sent on as SMS {fallback.Id}" : "; giving up, left undelivered for staff");
            }
        }
    }

    /// <summary>
    /// The same message by SMS to the person's phone, when e-mail failed for good: the phone of the
    /// invitee for an invitation, otherwise the one phone of whoever registered with this e-mail (a
    /// household sharing an e-mail with several phones gets no SMS: it might reach the wrong person).
    /// </summary>
    private static async Task<OutboxMessage?> FallbackAsync(FairShotDb db, OutboxMessage message, DateTime now)
    {
        List<string> phones;
        if (message.InvitationId is { } invitationId)
        {
            phones = await db.Invitations.AsNoTracking().Where(i => i.Id == invitationId)
                .Join(db.People, i => i.PersonId, p => p.Id, (i, p) => p.Phone)
                .Where(p => p != null).Select(p => p!).ToListAsync(CancellationToken.None);
        }
        else
        {
            phones = await db.People.AsNoTracking().Where(p => p.Email == message.Recipient && p.Phone != null)
                .Select(p => p.Phone!).Distinct().Take(2).ToListAsync(CancellationToken.None);
        }
        return phones.Count == 1 ? message.FallbackTo(NotificationChannel.Sms, phones[0], now) : null;
    }
}

internal sealed class OutboxDispatcherService(OutboxDispatcher dispatcher, IOptions<NotificationOptions> options, TimeProvider clock, ILogger<OutboxDispatcherService> logger)
    : Platform.RepeatingService(clock, logger)
{
    protected override TimeSpan Interval => options.Value.PollInterval;

    protected override async Task<bool> RunRoundAsync(CancellationToken stoppingToken) =>
        await dispatcher.DispatchDueAsync(stoppingToken) == options.Value.BatchSize;
}

public static class NotificationSetup
{
    public static WebApplicationBuilder AddNotifications(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<NotificationOptions>(builder.Configuration.GetSection("Notifications"));
        builder.Services.AddScoped<Notifier>();
        builder.Services.AddSingleton<IMessageSender, MessageSender>();
        builder.Services.AddSingleton<OutboxDispatcher>();
        if (builder.Configuration.GetValue("Notifications:Dispatcher:Enabled", true))
        {
            builder.Services.AddHostedService<OutboxDispatcherService>();
        }
        return builder;
    }
}
