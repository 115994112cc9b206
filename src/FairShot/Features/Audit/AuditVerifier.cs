using System.Globalization;
using FairShot.Data;
using FairShot.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FairShot.Features.Audit;

public sealed record BrokenAuditEntry(long? Sequence, Guid? Id, string Reason);

/// <param name="KeyedFrom">The first entry sealed under the chain key; those before it (a log older
/// than the key) are chained with plain SHA-256, which someone who can write to the database could
/// recompute. Null when nothing has been sealed under the key yet.</param>
/// <param name="Checkpoint">The chain's head as sequence:hash, to keep outside the database and
/// hand back later (<c>?checkpoint=</c>): a chain rewritten at or before it no longer matches.</param>
public sealed record AuditVerification(bool Valid, long Entries, long SealedEntries, BrokenAuditEntry? FirstBrokenEntry, long? KeyedFrom, string Checkpoint);

/// <summary>
/// Walks the sealed chain in order and recomputes every hash under the chain key. Finds edits (hash
/// differs), deletions (a gap in the sequence, or a seal head that no longer matches the last
/// entry), a seal head moved by someone without the key (its MAC), a chain that no longer holds
/// a checkpoint kept outside the database, and insertions behind the log's back (an unsealed entry
/// recorded long before the sealer's last look).
/// </summary>
public sealed class AuditVerifier(FairShotDb db, TimeProvider clock, IOptions<AuditOptions> options, AuditChainKey chainKey)
{
    private const int PageSize = 2000;

    public Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken) => VerifyAsync(null, cancellationToken);

    public async Task<AuditVerification> VerifyAsync((long Sequence, string Hash)? checkpoint, CancellationToken cancellationToken)
    {
        var head = await db.AuditSeal.AsNoTracking().SingleAsync(cancellationToken);
        var total = await db.AuditEntries.LongCountAsync(cancellationToken);
        var keyedFrom = head.KeyedFrom ?? long.MaxValue;
        long expected = 1;
        var previous = AuditEntry.GenesisHash;
        BrokenAuditEntry? broken = null;

        while (broken is null)
        {
            var from = expected;
            var page = await db.AuditEntries.AsNoTracking()
                .Where(e => e.Sequence >= from)
                .OrderBy(e => e.Sequence)
                .Take(PageSize)
                .ToListAsync(cancellationToken);
            foreach (var entry in page)
            {
                broken = Check(entry, expected, previous, expected >= keyedFrom ? chainKey.Key : null);
                if (broken is null && checkpoint is { } kept && kept.Sequence == expected && !string.Equals(kept.Hash, entry.Hash, StringComparison.OrdinalIgnoreCase))
                {
                    broken = new BrokenAuditEntry(expected, entry.Id, "The entry is not the one the checkpoint recorded: the chain was rewritten.");
                }
                if (broken is not null)
                {
                    break;
                }
                previous = entry.Hash!;
                expected++;
            }
            if (page.Count < PageSize)
            {
                break;
            }
        }

        var sealedCount = expected - 1;
        if (broken is null && (head.LastSequence != sealedCount || head.LastHash != previous))
        {
            broken = new BrokenAuditEntry(head.LastSequence, null,
                $"The seal says the chain ends at entry {head.LastSequence}, but it ends at {sealedCount}: entries were removed.");
        }
        if (broken is null && !head.IsUnkeyed && !head.MacMatches(chainKey.Key))
        {
            broken = new BrokenAuditEntry(head.LastSequence, null,
                "The seal row was changed outside the sealer (or Audit:ChainKey changed): the chain may have been cut back and rewritten.");
        }
        if (broken is null && checkpoint is { } last && last.Sequence > sealedCount)
        {
            broken = new BrokenAuditEntry(last.Sequence, null,
                $"The checkpoint names entry {last.Sequence}, but the chain ends at {sealedCount}: entries were removed.");
        }

        if (broken is null)
        {
            // The sealer seals whatever was recorded up to the limit before its previous look, however
            // long it was away; anything older that is still unsealed it will never seal.
            var lookedAt = head.CheckedAt ?? head.SealedAt ?? clock.GetUtcNow().UtcDateTime;
            var lateBefore = lookedAt - options.Value.LateEntryLimit;
            var late = await db.AuditEntries.AsNoTracking()
                .Where(e => e.SealedAt == null && e.RecordedAt < lateBefore)
                .OrderBy(e => e.RecordedAt)
                .FirstOrDefaultAsync(cancellationToken);
            if (late is not null)
            {
                broken = new BrokenAuditEntry(null, late.Id, "An entry appeared long after the time it claims to record and was never sealed.");
            }
        }

        return new AuditVerification(broken is null, total, sealedCount, broken, head.KeyedFrom, AuditSealer.Checkpoint(sealedCount, previous));
    }

    /// <summary>Reads a checkpoint as the sealer logs it: <c>sequence:hash</c>.</summary>
    public static bool TryParseCheckpoint(string? text, out (long Sequence, string Hash) checkpoint)
    {
        checkpoint = default;
        var parts = (text ?? "").Split(':');
        if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) || sequence < 1
            || parts[1].Length != 64 || !parts[1].All(Uri.IsHexDigit))
        {
            return false;
        }
        checkpoint = (sequence, parts[1]);
        return true;
    }

    private static BrokenAuditEntry? Check(AuditEntry entry, long expected, string previous, byte[]? key)
    {
        if (entry.Sequence != expected)
        {
            return new BrokenAuditEntry(expected, null, $"Entry {expected} is missing from the chain.");
        }
        if (entry.PreviousHash != previous)
        {
            return new BrokenAuditEntry(entry.Sequence, entry.Id, "The entry does not chain to the one before it.");
        }
        if (entry.Hash != entry.ComputeHash(expected, previous, key))
        {
            return new BrokenAuditEntry(entry.Sequence, entry.Id, "The entry was changed after it was sealed.");
        }
        return null;
    }
}
