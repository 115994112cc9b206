using FairShot.Data;
using FairShot.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FairShot.Features.Notifications;

/// <summary>
/// Sends what the outbox holds. Each batch of messages is claimed with a lease by one conditional update, so
/// with several app instances (or several loops) exactly one sends it; a lease left behind by a
/// crashed instance expires and the message is tried again. Failures back off exponentially and
/// stop after <see cref="OutboxMessage.MaxAttempts"/>, leaving the error for staff to see.
/// </summary>
public sealed class OutboxDispatcher(IServiceScopeFactory scopes, IMessageSender sender, TimeProvider clock, IOptions<NotificationOptions> options, ILogger<OutboxDispatcher> logger)
{
    // Names this dispatcher on its leases: which instance holds a message, for whoever looks.
    private readonly string _owner = $"{Guid.NewGuid():N}@{Environment.MachineName}"[..Math.Min(100, 33 + Environment.MachineName.Length)];

    /// <summary>How many sent messages are marked in one update.</summary>
    private const int MarkEvery = 20;

    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FairShotDb>();
        var now = clock.GetUtcNow().UtcDateTime;

        var due = await db.Outbox.AsNoTracking()
            .Where(m => m.SentAt == null && m.FailedAt == null && m.NextAttemptAt <= now && (m.LeaseExpiresAt == null || m.LeaseExpiresAt < now))
            .OrderBy(m => m.NextAttemptAt)
            .Select(m => m.Id)
            .Take(settings.BatchSize)
            .ToListAsync(cancellationToken);

        if (due.Count == 0)
        {
            return 0;
        }

        // One conditional update claims the batch; what another instance holds is left out.
        var leaseEnds = now + settings.LeaseDuration;
        await db.Outbox
            .Where(m => due.Contains(m.Id) && m.SentAt == null && m.FailedAt == null && (m.LeaseExpiresAt == null || m.LeaseExpiresAt < now))
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.LeaseOwner, _owner)
                .SetProperty(m => m.LeaseExpiresAt, leaseEnds)
                .SetProperty(m => m.Attempts, m => m.Attempts + 1), cancellationToken);
        var claimed = await db.Outbox.AsNoTracking()
            .Where(m => due.Contains(m.Id) && m.LeaseOwner == _owner && m.SentAt == null)
            .OrderBy(m => m.NextAttemptAt)
            .ToListAsync(cancellationToken);

        // Sent messages are marked together, a few at a time: a crash between sending and marking
        // sends at most that many again when their lease expires (at least once, never lost).
        var sent = new List<Guid>();
        var total = 0;
        async Task MarkSentAsync()
        {
            if (sent.Count == 0)
            {
                return;
            }
            var done = clock.GetUtcNow().UtcDateTime;
            var ids = sent.ToList();
            await db.Outbox.Where(m => ids.Contains(m.Id) && m.LeaseOwner == _owner)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.SentAt, done)
                    .SetProperty(m => m.LeaseOwner, (string?)null)
                    .SetProperty(m => m.LeaseExpiresAt, (DateTime?)null)
                    .SetProperty(m => m.LastError, (string?)null), CancellationToken.None);
            total += ids.Count;
            sent.Clear();
        }

        try
        {
            foreach (var message in claimed)
            {
                await SendOneAsync(message);
            }
        }
        finally
        {
            await MarkSentAsync(); // also when stopping: what went out is marked
        }
        return total;

        async Task SendOneAsync(OutboxMessage message)
        {
            try
            {
                await sender.SendAsync(message, cancellationToken);
                sent.Add(message.Id);
                if (sent.Count >= MarkEvery)
                {
                    await MarkSentAsync();
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                var failedAt = clock.GetUtcNow().UtcDateTime;
                var givingUp = message.Attempts >= OutboxMessage.MaxAttempts;
                var next = failedAt + OutboxMessage.Backoff(message.Attempts);
                var error = $"{ex.GetType().Name}: {ex.Message}";
                error = error.Length > 1000 ? error[..1000] : error;
                await db.Outbox.Where(m => m.Id == message.Id && m.LeaseOwner == _owner)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(m => m.NextAttemptAt, next)
                        .SetProperty(m => m.FailedAt, givingUp ? failedAt : null)
                        .SetProperty(m => m.LastError, error)
                        .SetProperty(m => m.LeaseOwner, (string?)null)
                        .SetProperty(m => m.LeaseExpiresAt, (DateTime?)null), CancellationToken.None);
                // The recipient is personal data: log the message id only.
                logger.LogWarning("Sending outbox message {MessageId} ({Channel}) failed on attempt {Attempt}: {Error}",
                    message.Id, message.Channel, message.Attempts, ex.GetType().Name);
            }
        }
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
