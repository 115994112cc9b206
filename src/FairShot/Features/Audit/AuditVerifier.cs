using FairShot.Data;
using FairShot.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FairShot.Features.Audit;

public sealed record BrokenAuditEntry(long? Sequence, Guid? Id, string Reason);

public sealed record AuditVerification(bool Valid, long Entries, long SealedEntries, BrokenAuditEntry? FirstBrokenEntry);

/// <summary>
/// Walks the sealed chain in order and recomputes every hash. Finds edits (hash differs), deletions
/// (a gap in the sequence, or a seal head that no longer matches the last entry) and insertions
/// behind the log's back (an unsealed entry older than the late-entry limit).
/// </summary>
public sealed class AuditVerifier(FairShotDb db, TimeProvider clock, IOptions<AuditOptions> options)
{
    private const int PageSize = 2000;

    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        var head = await db.AuditSeal.AsNoTracking().SingleAsync(cancellationToken);
        var total = await db.AuditEntries.LongCountAsync(cancellationToken);
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
                broken = Check(entry, expected, previous);
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

        if (broken is null)
        {
            var lateBefore = clock.GetUtcNow().UtcDateTime - options.Value.LateEntryLimit;
            var late = await db.AuditEntries.AsNoTracking()
                .Where(e => e.SealedAt == null && e.RecordedAt < lateBefore)
                .OrderBy(e => e.RecordedAt)
                .FirstOrDefaultAsync(cancellationToken);
            if (late is not null)
            {
                broken = new BrokenAuditEntry(null, late.Id, "An entry appeared long after the time it claims to record and was never sealed.");
            }
        }

        return new AuditVerification(broken is null, total, sealedCount, broken);
    }

    private static BrokenAuditEntry? Check(AuditEntry entry, long expected, string previous)
    {
        if (entry.Sequence != expected)
        {
            return new BrokenAuditEntry(expected, null, $"Entry {expected} is missing from the chain.");
        }
        if (entry.PreviousHash != previous)
        {
            return new BrokenAuditEntry(entry.Sequence, entry.Id, "The entry does not chain to the one before it.");
        }
        if (entry.Hash != entry.ComputeHash(expected, previous))
        {
            return new BrokenAuditEntry(entry.Sequence, entry.Id, "The entry was changed after it was sealed.");
        }
        return null;
    }
}
