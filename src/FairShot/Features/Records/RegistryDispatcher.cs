using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Records.Hl7;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FairShot.Features.Records;

/// <summary>
/// Sends the registry queue to the county's IIS, oldest first, as the outbox dispatcher sends mail:
/// a batch is claimed with a lease by one conditional update, so with several app instances exactly
/// one sends each message; a lease left by a crashed instance expires and the message is tried
/// again. A message waits while an earlier version of the same administration is still waiting, so
/// the registry gets A before U before D. The ACK decides: AA Accepted, AE AcceptedWithErrors, AR
/// Rejected (its ERR segments kept for staff); no answer (a timeout, a fault, an HTTP error, a reply
/// that is not an ACK of this message) is retried with backoff, and after
/// <see cref="RegistryMessage.MaxAttempts"/> the message is GaveUp with its last error. With no
/// <c>Registry:Endpoint</c> nothing is sent: messages wait for an endpoint or a batch export.
/// </summary>
public sealed class RegistryDispatcher(IServiceScopeFactory scopes, IHttpClientFactory http, TimeProvider clock, IOptions<RegistryOptions> options,
    ILogger<RegistryDispatcher> logger)
{
    public const string HttpClientName = "registry";

    private readonly string _owner = $"{Guid.NewGuid():N}@{Environment.MachineName}"[..Math.Min(RegistryMessage.LeaseOwnerMaxLength, 33 + Environment.MachineName.Length)];

    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.Endpoint))
        {
            return 0;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FairShotDb>();
        var now = clock.GetUtcNow().UtcDateTime;
        var waiting = RegistryMessageState.Waiting;

        var due = await db.RegistryMessages.AsNoTracking()
            .Where(m => m.State == waiting && m.NextAttemptAt <= now && (m.LeaseExpiresAt == null || m.LeaseExpiresAt < now)
                && !db.RegistryMessages.Any(o => o.AdministrationId == m.AdministrationId && o.State == waiting && o.AdministrationVersion < m.AdministrationVersion))
            .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.CreatedAt)
            .Select(m => m.Id)
            .Take(settings.BatchSize)
            .ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return 0;
        }

        // One conditional update claims the batch; what another instance holds is left out.
        var leaseEnds = now + settings.Timeout * (due.Count + 1);
        await db.RegistryMessages
            .Where(m => due.Contains(m.Id) && m.State == waiting && (m.LeaseExpiresAt == null || m.LeaseExpiresAt < now))
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.LeaseOwner, _owner)
                .SetProperty(m => m.LeaseExpiresAt, leaseEnds)
                .SetProperty(m => m.Attempts, m => m.Attempts + 1), cancellationToken);
        var claimed = await db.RegistryMessages.AsNoTracking()
            .Where(m => due.Contains(m.Id) && m.LeaseOwner == _owner && m.State == waiting)
            .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.CreatedAt)
            .ToListAsync(cancellationToken);

        var client = new IisSoapClient(http.CreateClient(HttpClientName));
        foreach (var message in claimed)
        {
            if (clock.GetUtcNow().UtcDateTime + settings.Timeout > leaseEnds)
            {
                // Never past the lease: handed back untried, the attempt not counted.
                await db.RegistryMessages.Where(m => m.Id == message.Id && m.LeaseOwner == _owner)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(m => m.Attempts, m => m.Attempts - 1)
                        .SetProperty(m => m.LeaseOwner, (string?)null)
                        .SetProperty(m => m.LeaseExpiresAt, (DateTime?)null), CancellationToken.None);
                continue;
            }
            var result = await client.SubmitAsync(settings, message.Hl7, cancellationToken);
            var ack = result.AckText is { } text ? Ack.Parse(text) : null;
            var done = clock.GetUtcNow().UtcDateTime;
            if (ack is not null && ack.ControlId == message.ControlId)
            {
                var state = ack.Rejected ? RegistryMessageState.Rejected
                    : ack.AcceptedWithErrors ? RegistryMessageState.AcceptedWithErrors
                    : RegistryMessageState.Accepted;
                var errors = ack.Errors.Count == 0 ? null : Cap(string.Join('\n', ack.Errors.Select(e => $"{e.Severity}|{e.Location}|{e.Code}|{e.Text}")), RegistryMessage.AckMaxLength);
                await db.RegistryMessages.Where(m => m.Id == message.Id && m.LeaseOwner == _owner)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(m => m.State, state)
                        .SetProperty(m => m.SentAt, done)
                        .SetProperty(m => m.AckCode, ack.Code)
                        .SetProperty(m => m.Ack, Cap(result.AckText!, RegistryMessage.AckMaxLength))
                        .SetProperty(m => m.AckErrors, errors)
                        .SetProperty(m => m.LastError, (string?)null)
                        .SetProperty(m => m.LeaseOwner, (string?)null)
                        .SetProperty(m => m.LeaseExpiresAt, (DateTime?)null), CancellationToken.None);
                if (state != RegistryMessageState.Accepted)
                {
                    logger.LogWarning("The registry answered {AckCode} to registry message {MessageId} ({Errors} errors).", ack.Code, message.Id, ack.Errors.Count);
                }
                continue;
            }
            var failure = result.Failure
                ?? (ack is null ? "The registry's answer is not an HL7 acknowledgement." : $"The registry's acknowledgement names another message ({ack.ControlId}).");
            var givingUp = message.Attempts >= RegistryMessage.MaxAttempts;
            await db.RegistryMessages.Where(m => m.Id == message.Id && m.LeaseOwner == _owner)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.State, givingUp ? RegistryMessageState.GaveUp : waiting)
                    .SetProperty(m => m.NextAttemptAt, done + RegistryMessage.Backoff(message.Attempts))
                    .SetProperty(m => m.LastError, Cap(failure, RegistryMessage.ErrorMaxLength))
                    .SetProperty(m => m.Ack, result.AckText == null ? null : Cap(result.AckText, RegistryMessage.AckMaxLength))
                    .SetProperty(m => m.LeaseOwner, (string?)null)
                    .SetProperty(m => m.LeaseExpiresAt, (DateTime?)null), CancellationToken.None);
            // The message holds a person's details: log its id only.
            logger.LogWarning("Sending registry message {MessageId} failed on attempt {Attempt}: {Failure}{Outcome}", message.Id, message.Attempts,
                failure, givingUp ? "; giving up, listed for staff to resend" : "");
        }
        return claimed.Count;
    }

    private static string Cap(string text, int length) => text.Length > length ? text[..length] : text;
}

internal sealed class RegistryDispatcherService(RegistryDispatcher dispatcher, IOptions<RegistryOptions> options, TimeProvider clock, ILogger<RegistryDispatcherService> logger)
    : Platform.RepeatingService(clock, logger)
{
    protected override TimeSpan Interval => options.Value.PollInterval;

    protected override async Task<bool> RunRoundAsync(CancellationToken stoppingToken) =>
        await dispatcher.DispatchDueAsync(stoppingToken) == options.Value.BatchSize;
}
