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

    /// <summary>An unsealed entry recorded longer than this before a sealer's previous look is not
    /// sealed but reported: entries do not legitimately commit that late, so it was most likely
    /// inserted behind the log's back. Entries written while no sealer ran (an outage) are sealed
    /// when one runs again, however long it was.</summary>
    public TimeSpan LateEntryLimit { get; set; } = TimeSpan.FromMinutes(10);

    public int BatchSize { get; set; } = 1000;
}

/// <summary>
/// Chains audit entries in order, a batch at a time. Writers append freely; this one job gives
/// each entry its sequence number and its HMAC under the chain key. The seal row is moved forward
/// with a conditional update first, so when two app instances race, one seals and the other rolls
/// back. A seal row whose MAC does not match (pointed back, or its keyed start moved, by someone
/// writing to the database) stops the sealer: it chains nothing onto a head it did not write.
/// Each round logs a checkpoint (sequence and hash) that an operator can keep outside the database.
/// </summary>
public sealed class AuditSealer(IServiceScopeFactory scopes, TimeProvider clock, IOptions<AuditOptions> options, AuditChainKey chainKey, ILogger<AuditSealer> logger)
{
    public async Task<int> SealPendingAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FairShotDb>();
        var now = AuditSeal.Truncate(clock.GetUtcNow().UtcDateTime);
        var newest = now - settings.SealDelay;

        var head = await db.AuditSeal.AsNoTracking().SingleAsync(cancellationToken);
        long keyedFrom;
        if (head.IsUnkeyed)
        {
            // A fresh log, or one sealed before the chain was keyed: from the next entry on, it is.
            keyedFrom = head.LastSequence + 1;
        }
        else if (head.MacMatches(chainKey.Key) && head.KeyedFrom is { } from)
        {
            keyedFrom = from;
        }
        else
        {
            logger.LogError("The audit seal row was changed outside the sealer (or Audit:ChainKey changed): not sealing. Run the audit verification and see docs/operations.md.");
            return 0;
        }

        // Everything recorded up to the late-entry limit before the previous look is sealable; older
        // unsealed entries were inserted after that look, long after the time they claim.
        var lookedAt = head.CheckedAt ?? head.SealedAt;
        var pendingQuery = db.AuditEntries.Where(e => e.SealedAt == null && e.RecordedAt <= newest);
        if (lookedAt is { } looked)
        {
            var oldest = looked - settings.LateEntryLimit;
            pendingQuery = pendingQuery.Where(e => e.RecordedAt >= oldest);
        }
        var pending = await pendingQuery
            .OrderBy(e => e.RecordedAt).ThenBy(e => e.Id)
            .Take(settings.BatchSize)
            .ToListAsync(cancellationToken);

        var next = new AuditSeal { LastSequence = head.LastSequence, LastHash = head.LastHash, SealedAt = head.SealedAt, KeyedFrom = keyedFrom, CheckedAt = now };
        if (pending.Count == 0)
        {
            // Nothing to seal: say so now and then, so the next round's late-entry bound stays close.
            if (lookedAt is null || now - lookedAt >= settings.LateEntryLimit / 2 || head.IsUnkeyed)
            {
                next.Mac = next.ComputeMac(chainKey.Key);
                await MoveHeadAsync(db, head, next, cancellationToken);
            }
            return 0;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var entry in pending)
        {
            entry.Seal(++next.LastSequence, next.LastHash, now, chainKey.Key);
            next.LastHash = entry.Hash!;
        }
        next.SealedAt = now;
        next.Mac = next.ComputeMac(chainKey.Key);

        if (await MoveHeadAsync(db, head, next, cancellationToken) != 1)
        {
            await transaction.RollbackAsync(cancellationToken);
            logger.LogDebug("Another instance sealed the audit log first; will look again.");
            return 0;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Sealed {Count} audit entries up to sequence {Sequence}; audit checkpoint {Checkpoint} (keyed from {KeyedFrom}).",
            pending.Count, next.LastSequence, Checkpoint(next.LastSequence, next.LastHash), keyedFrom);
        return pending.Count;
    }

    /// <summary>An entry's sequence and hash, which verify can be asked to confirm later (?checkpoint=).</summary>
    public static string Checkpoint(long sequence, string hash) => $"{sequence}:{hash}";

    private static Task<int> MoveHeadAsync(FairShotDb db, AuditSeal head, AuditSeal next, CancellationToken cancellationToken) =>
        db.AuditSeal
            .Where(s => s.Id == AuditSeal.SingletonId && s.LastSequence == head.LastSequence)
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => x.LastSequence, next.LastSequence)
                .SetProperty(x => x.LastHash, next.LastHash)
                .SetProperty(x => x.SealedAt, next.SealedAt)
                .SetProperty(x => x.KeyedFrom, next.KeyedFrom)
                .SetProperty(x => x.CheckedAt, next.CheckedAt)
                .SetProperty(x => x.Mac, next.Mac), cancellationToken);
}

internal sealed class AuditSealerService(AuditSealer sealer, IOptions<AuditOptions> options, TimeProvider clock, ILogger<AuditSealerService> logger)
    : Platform.RepeatingService(clock, logger)
{
    protected override TimeSpan Interval => options.Value.SealInterval;

    protected override async Task<bool> RunRoundAsync(CancellationToken stoppingToken) =>
        await sealer.SealPendingAsync(stoppingToken) == options.Value.BatchSize;
}
