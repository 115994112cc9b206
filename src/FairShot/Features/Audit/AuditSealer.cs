using FairShot.Data;
using FairShot.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FairShot.Features.Audit;

public sealed class AuditOptions
{
    /// <summary>How often the sealer looks for new entries.</summary>
    public TimeSpan SealInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Entries younger than this are left for the next round, so a transaction that began
    /// earlier and commits a little later is not overtaken.</summary>
    public TimeSpan SealDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>An unsealed entry recorded longer ago than this is not sealed but reported: entries
    /// do not legitimately appear that late, so it was most likely inserted behind the log's back.</summary>
    public TimeSpan LateEntryLimit { get; set; } = TimeSpan.FromMinutes(10);

    public int BatchSize { get; set; } = 1000;
}

/// <summary>
/// Chains audit entries in order, a batch at a time. Writers append freely; this one job gives
/// each entry its sequence number and hash. The seal row is moved forward with a conditional
/// update first, so when two app instances race, one seals and the other rolls back.
/// </summary>
public sealed class AuditSealer(IServiceScopeFactory scopes, TimeProvider clock, IOptions<AuditOptions> options, ILogger<AuditSealer> logger)
{
    public async Task<int> SealPendingAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FairShotDb>();
        var now = clock.GetUtcNow().UtcDateTime;
        var newest = now - settings.SealDelay;
        var oldest = now - settings.LateEntryLimit;

        var pending = await db.AuditEntries
            .Where(e => e.SealedAt == null && e.RecordedAt <= newest && e.RecordedAt >= oldest)
            .OrderBy(e => e.RecordedAt).ThenBy(e => e.Id)
            .Take(settings.BatchSize)
            .ToListAsync(cancellationToken);
        if (pending.Count == 0)
        {
            return 0;
        }

        var head = await db.AuditSeal.AsNoTracking().SingleAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var previous = head.LastHash;
        var sequence = head.LastSequence;
        foreach (var entry in pending)
        {
            entry.Seal(++sequence, previous, now);
            previous = entry.Hash!;
        }

        var claimed = await db.AuditSeal
            .Where(s => s.Id == AuditSeal.SingletonId && s.LastSequence == head.LastSequence)
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => x.LastSequence, sequence)
                .SetProperty(x => x.LastHash, previous)
                .SetProperty(x => x.SealedAt, now), cancellationToken);
        if (claimed != 1)
        {
            await transaction.RollbackAsync(cancellationToken);
            logger.LogDebug("Another instance sealed the audit log first; will look again.");
            return 0;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Sealed {Count} audit entries up to sequence {Sequence}.", pending.Count, sequence);
        return pending.Count;
    }
}

internal sealed class AuditSealerService(AuditSealer sealer, IOptions<AuditOptions> options, TimeProvider clock, ILogger<AuditSealerService> logger)
    : Platform.RepeatingService(clock, logger)
{
    protected override TimeSpan Interval => options.Value.SealInterval;

    protected override async Task<bool> RunRoundAsync(CancellationToken stoppingToken) =>
        await sealer.SealPendingAsync(stoppingToken) == options.Value.BatchSize;
}
