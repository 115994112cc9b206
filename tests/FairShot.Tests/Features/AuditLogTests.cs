using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Audit;
using FairShot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FairShot.Tests.Features;

/// <summary>The audit log: appended in the change's transaction, sealed in order, append-only, tamper-evident.</summary>
public sealed class AuditLogTests : IAsyncLifetime
{
    private readonly FairShotApp _app = new();

    public async ValueTask InitializeAsync() => await _app.InitializeAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task RecordAsync(int count, string action = "test.recorded")
    {
        await using var scope = _app.Scope();
        var trail = scope.ServiceProvider.GetRequiredService<AuditTrail>();
        var db = scope.ServiceProvider.GetRequiredService<FairShotDb>();
        for (var i = 0; i < count; i++)
        {
            trail.Record(Actor.System, action, "Test", i.ToString(System.Globalization.CultureInfo.InvariantCulture), new { i });
            _app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        }
        await db.SaveChangesAsync();
    }

    private async Task<AuditVerification> VerifyAsync()
    {
        await using var scope = _app.Scope();
        return await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync(CancellationToken.None);
    }

    private Task ExecuteAsync(string sql) => _app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(sql));

    /// <summary>What someone with database rights would do first before editing history.</summary>
    private Task DisableAppendOnlyTriggersAsync() => ExecuteAsync(_app.Database.Provider == DatabaseProvider.Sqlite
        ? "DROP TRIGGER audit_entries_no_edit; DROP TRIGGER audit_entries_no_delete; DROP TRIGGER audit_entries_no_reseal;"
        : "ALTER TABLE \"AuditEntries\" DISABLE TRIGGER USER;");

    [Fact]
    public async Task Seal_ChainsEveryEntryInOrder_AndVerifies()
    {
        await RecordAsync(25);

        var sealedCount = await _app.SealAuditLogAsync();

        Assert.True(sealedCount >= 25); // plus the bootstrap admin's entry
        var sequences = await _app.WithDbAsync(db => db.AuditEntries.OrderBy(e => e.Sequence).Select(e => e.Sequence!.Value).ToListAsync());
        Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => (long)i), sequences);
        var result = await VerifyAsync();
        Assert.True(result.Valid, result.FirstBrokenEntry?.Reason);
        Assert.Equal(result.Entries, result.SealedEntries);
    }

    [Fact]
    public async Task Seal_LeavesEntriesYoungerThanTheDelay_ForTheNextRound()
    {
        await _app.SealAuditLogAsync();
        await RecordAsync(3);

        var sealer = _app.Services.GetRequiredService<AuditSealer>();
        Assert.Equal(0, await sealer.SealPendingAsync(CancellationToken.None));
        _app.Clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(3, await sealer.SealPendingAsync(CancellationToken.None));
    }

    [Fact]
    public async Task EditingAnEntryInTheDatabase_IsRefused_AndDeletingIsRefused()
    {
        await RecordAsync(2);
        await _app.SealAuditLogAsync();

        var refusal = await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => ExecuteAsync("UPDATE \"AuditEntries\" SET \"Summary\" = 'tampered'"));
        Assert.Contains("append-only", refusal.Message, StringComparison.Ordinal);
        refusal = await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => ExecuteAsync("UPDATE \"AuditEntries\" SET \"Hash\" = 'x'"));
        Assert.Contains("append-only", refusal.Message, StringComparison.Ordinal);
        refusal = await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => ExecuteAsync("DELETE FROM \"AuditEntries\""));
        Assert.Contains("append-only", refusal.Message, StringComparison.Ordinal);
        Assert.True((await VerifyAsync()).Valid);
    }

    [Fact]
    public async Task EditingAnEntryBehindTheTriggers_IsFoundByVerify()
    {
        await RecordAsync(10);
        await _app.SealAuditLogAsync();
        await DisableAppendOnlyTriggersAsync();

        await ExecuteAsync("UPDATE \"AuditEntries\" SET \"Summary\" = 'tampered' WHERE \"Sequence\" = 5");

        var result = await VerifyAsync();
        Assert.False(result.Valid);
        Assert.Equal(5, result.FirstBrokenEntry!.Sequence);
    }

    [Fact]
    public async Task DeletingAnEntryBehindTheTriggers_IsFoundByVerify()
    {
        await RecordAsync(10);
        await _app.SealAuditLogAsync();
        await DisableAppendOnlyTriggersAsync();

        await ExecuteAsync("DELETE FROM \"AuditEntries\" WHERE \"Sequence\" = 4");

        var result = await VerifyAsync();
        Assert.False(result.Valid);
        Assert.Equal(4, result.FirstBrokenEntry!.Sequence);
    }

    [Fact]
    public async Task DeletingTheNewestEntries_IsFoundByVerify()
    {
        await RecordAsync(10);
        await _app.SealAuditLogAsync();
        await DisableAppendOnlyTriggersAsync();

        await ExecuteAsync("DELETE FROM \"AuditEntries\" WHERE \"Sequence\" >= 9");

        Assert.False((await VerifyAsync()).Valid);
    }

    [Fact]
    public async Task ABackDatedEntryInsertedLate_IsNotSealed_AndIsAFinding()
    {
        await RecordAsync(3);
        await _app.SealAuditLogAsync();

        await _app.WithDbAsync(async db =>
        {
            var when = _app.Clock.GetUtcNow().UtcDateTime - TimeSpan.FromHours(2);
            db.AuditEntries.Add(new AuditEntry(Actor.System, "clinic.created", "Clinic", "forged", "{}", when));
            return await db.SaveChangesAsync();
        });
        await _app.SealAuditLogAsync();

        var result = await VerifyAsync();
        Assert.False(result.Valid);
        Assert.Null(result.FirstBrokenEntry!.Sequence);
        Assert.Contains("never sealed", result.FirstBrokenEntry.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManyParallelWriters_AndTwoRacingSealers_SealEachEntryOnce()
    {
        const int writers = 40;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(() => RecordAsync(5))));
        _app.Clock.Advance(TimeSpan.FromSeconds(5));

        // Two sealers, as two app instances would run them, racing over the same entries.
        var sealerA = ActivatorUtilities.CreateInstance<AuditSealer>(_app.Services);
        var sealerB = ActivatorUtilities.CreateInstance<AuditSealer>(_app.Services);
        async Task<int> DrainAsync(AuditSealer sealer)
        {
            var total = 0;
            for (var round = 0; round < 50; round++)
            {
                try
                {
                    total += await sealer.SealPendingAsync(CancellationToken.None);
                }
                catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
                {
                    // lost the race inside the database: the next round looks again
                }
            }
            return total;
        }
        var sealedCounts = await Task.WhenAll(DrainAsync(sealerA), DrainAsync(sealerB));

        var total = await _app.WithDbAsync(db => db.AuditEntries.CountAsync());
        Assert.Equal(total, sealedCounts.Sum());
        var result = await VerifyAsync();
        Assert.True(result.Valid, result.FirstBrokenEntry?.Reason);
        Assert.Equal(writers * 5 + 1, result.SealedEntries);
    }
}
