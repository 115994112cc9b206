using System.Net;
using System.Text.RegularExpressions;
using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Audit;
using FairShot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FairShot.Tests.Features;

/// <summary>The audit log: appended in the change's transaction, sealed in order, append-only, tamper-evident.</summary>
public sealed partial class AuditLogTests : IAsyncLifetime
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

    [GeneratedRegex(@"audit checkpoint (\d+:[0-9a-f]{64})")]
    private static partial Regex LoggedCheckpoint();

    private Task<int> ExecuteInterpolatedAsync(FormattableString sql) => _app.WithDbAsync(db => db.Database.ExecuteSqlInterpolatedAsync(sql));

    /// <summary>An entry written straight into the table, as someone with database rights (and no key) would.</summary>
    private Task<int> InsertForgedEntryAsync(string entityId)
    {
        var when = _app.Clock.GetUtcNow().UtcDateTime;
        return _app.Database.Provider == DatabaseProvider.Sqlite
            ? ExecuteInterpolatedAsync($"""
                INSERT INTO "AuditEntries" ("Id", "RecordedAt", "ActorKind", "ActorId", "Action", "EntityType", "EntityId", "Summary")
                VALUES ({Guid.NewGuid().ToString().ToUpperInvariant()}, {when.ToString("yyyy-MM-dd HH:mm:ss.fffffff", System.Globalization.CultureInfo.InvariantCulture)}, 0, 'system', 'clinic.created', 'Clinic', {entityId}, 'forged')
                """)
            : ExecuteInterpolatedAsync($"""
                INSERT INTO "AuditEntries" ("Id", "RecordedAt", "ActorKind", "ActorId", "Action", "EntityType", "EntityId", "Summary")
                VALUES ({Guid.NewGuid()}, {when}, 0, 'system', 'clinic.created', 'Clinic', {entityId}, 'forged')
                """);
    }

    [Fact]
    public async Task CuttingTheChainBackAndLettingTheSealerChainAForgedEntry_WithoutTheKey_IsFoundByVerify()
    {
        await RecordAsync(10);
        await _app.SealAuditLogAsync();
        Assert.True((await VerifyAsync()).Valid);

        // The attack: no hash computed anywhere. Drop the triggers, delete the newest entries, point
        // the seal row back at the last entry kept, add a forged entry and let the sealer chain it.
        await DisableAppendOnlyTriggersAsync();
        await ExecuteAsync("DELETE FROM \"AuditEntries\" WHERE \"Sequence\" > 6");
        await ExecuteAsync("UPDATE \"AuditSeal\" SET \"LastSequence\" = 6, \"LastHash\" = (SELECT \"Hash\" FROM \"AuditEntries\" WHERE \"Sequence\" = 6)");
        await InsertForgedEntryAsync("forged");
        await _app.SealAuditLogAsync();

        var result = await VerifyAsync();
        Assert.False(result.Valid);
        Assert.Contains("seal row was changed", result.FirstBrokenEntry!.Reason, StringComparison.Ordinal);
        Assert.Equal(0, await _app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.EntityId == "forged" && e.Sequence != null)));
        Assert.Contains(_app.Logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains("seal row was changed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CuttingTheChainBackAndClearingTheSealRowsKey_IsFoundByVerify()
    {
        await RecordAsync(10);
        await _app.SealAuditLogAsync();

        // As above, and the seal row made to look like a log from before the chain was keyed.
        await DisableAppendOnlyTriggersAsync();
        await ExecuteAsync("DELETE FROM \"AuditEntries\" WHERE \"Sequence\" > 6");
        await ExecuteAsync("UPDATE \"AuditSeal\" SET \"LastSequence\" = 6, \"LastHash\" = (SELECT \"Hash\" FROM \"AuditEntries\" WHERE \"Sequence\" = 6), \"Mac\" = NULL, \"KeyedFrom\" = NULL, \"CheckedAt\" = NULL");
        await InsertForgedEntryAsync("forged");
        await _app.SealAuditLogAsync();

        var result = await VerifyAsync();
        Assert.False(result.Valid);
        Assert.Equal(1, result.FirstBrokenEntry!.Sequence); // keyed entries do not pass as unkeyed ones
    }

    [Fact]
    public async Task RestoringAnEarlierSealRow_IsFoundByVerify_AgainstTheCheckpointTheSealerLogged()
    {
        await RecordAsync(5);
        await _app.SealAuditLogAsync();
        var earlier = await _app.WithDbAsync(db => db.AuditSeal.AsNoTracking().SingleAsync()); // read from a backup, say
        await RecordAsync(5);
        await _app.SealAuditLogAsync();
        var checkpoint = LoggedCheckpoint().Matches(string.Join('\n', _app.Logs.Lines)).Last().Groups[1].Value;
        Assert.StartsWith("11:", checkpoint, StringComparison.Ordinal);

        // An authentic seal row from earlier carries a valid MAC: inside the database the rewrite
        // looks whole, so only a checkpoint kept outside it can tell.
        await DisableAppendOnlyTriggersAsync();
        await ExecuteInterpolatedAsync($"DELETE FROM \"AuditEntries\" WHERE \"Sequence\" > {earlier.LastSequence}");
        await _app.WithDbAsync(db => db.AuditSeal.ExecuteUpdateAsync(s => s
            .SetProperty(x => x.LastSequence, earlier.LastSequence).SetProperty(x => x.LastHash, earlier.LastHash)
            .SetProperty(x => x.SealedAt, earlier.SealedAt).SetProperty(x => x.KeyedFrom, earlier.KeyedFrom)
            .SetProperty(x => x.CheckedAt, earlier.CheckedAt).SetProperty(x => x.Mac, earlier.Mac)));
        for (var i = 0; i < 5; i++)
        {
            await InsertForgedEntryAsync($"forged-{i}");
        }
        await _app.SealAuditLogAsync();
        Assert.Equal(11, await _app.WithDbAsync(db => db.AuditEntries.MaxAsync(e => e.Sequence)));

        var admin = await _app.CreateStaffClientAsync();
        var answer = await (await admin.GetAsync($"/api/v1/admin/audit/verify?checkpoint={checkpoint}")).JsonAsync();
        Assert.False(answer.GetProperty("valid").GetBoolean());
        Assert.Contains("checkpoint", answer.GetProperty("firstBrokenEntry").GetProperty("reason").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_WithTheCheckpointOfAnIntactChain_IsValid_AndAMalformedCheckpointIs400()
    {
        await RecordAsync(3);
        await _app.SealAuditLogAsync();
        var admin = await _app.CreateStaffClientAsync();
        var first = await (await admin.GetAsync("/api/v1/admin/audit/verify")).JsonAsync();
        var checkpoint = first.GetProperty("checkpoint").GetString()!;
        await RecordAsync(3);
        await _app.SealAuditLogAsync();

        var later = await (await admin.GetAsync($"/api/v1/admin/audit/verify?checkpoint={checkpoint}")).JsonAsync();

        Assert.True(later.GetProperty("valid").GetBoolean());
        Assert.Equal(1, later.GetProperty("keyedFrom").GetInt64());
        await (await admin.GetAsync("/api/v1/admin/audit/verify?checkpoint=12:nothex")).AssertProblemAsync(HttpStatusCode.BadRequest, "checkpoint");
    }

    [Fact]
    public async Task AChainSealedBeforeTheKey_IsKeyedFromTheNextEntry_AndItsPrefixIsReported()
    {
        // A log from before the key: entries chained with plain SHA-256, a seal row without a MAC.
        await RecordAsync(4);
        _app.Clock.Advance(TimeSpan.FromSeconds(5));
        await _app.WithDbAsync(async db =>
        {
            var previous = AuditEntry.GenesisHash;
            long sequence = 0;
            foreach (var entry in await db.AuditEntries.OrderBy(e => e.RecordedAt).ThenBy(e => e.Id).ToListAsync())
            {
                entry.Seal(++sequence, previous, _app.Clock.GetUtcNow().UtcDateTime, chainKey: null);
                previous = entry.Hash!;
            }
            await db.SaveChangesAsync();
            return await db.AuditSeal.ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSequence, sequence).SetProperty(x => x.LastHash, previous)
                .SetProperty(x => x.SealedAt, _app.Clock.GetUtcNow().UtcDateTime));
        });
        var unkeyed = await VerifyAsync();
        Assert.True(unkeyed.Valid, unkeyed.FirstBrokenEntry?.Reason);
        Assert.Null(unkeyed.KeyedFrom);

        await RecordAsync(3);
        await _app.SealAuditLogAsync();

        var result = await VerifyAsync();
        Assert.True(result.Valid, result.FirstBrokenEntry?.Reason);
        Assert.Equal(6, result.KeyedFrom); // 4 + the bootstrap admin's entry before the key
        Assert.Equal(8, result.SealedEntries);
    }

    [Fact]
    public async Task AfterASealerOutageLongerThanTheLateEntryLimit_TheEntriesWrittenMeanwhileAreSealed_AndVerifyIsValid()
    {
        await RecordAsync(3);
        await _app.SealAuditLogAsync();

        // Entries written, then no sealer for half an hour (LateEntryLimit is 10 minutes).
        await RecordAsync(4, "during.outage");
        _app.Clock.Advance(TimeSpan.FromMinutes(30));
        await _app.SealAuditLogAsync();

        var result = await VerifyAsync();
        Assert.True(result.Valid, result.FirstBrokenEntry?.Reason);
        Assert.Equal(result.Entries, result.SealedEntries);
        Assert.Equal(0, await _app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Sequence == null)));
    }

    [Fact]
    public void ChainKey_MissingOutsideDevelopment_RefusesToStart_AndDevelopmentHasOne()
    {
        IConfiguration Config(string? key) => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [AuditChainKey.ConfigurationKey] = key }).Build();
        var production = new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Production" };

        var refusal = Assert.Throws<InvalidOperationException>(() => AuditChainKey.From(Config(null), production));
        Assert.Contains("Audit:ChainKey is not set", refusal.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => AuditChainKey.From(Config(Convert.ToBase64String(new byte[16])), production));
        Assert.False(AuditChainKey.From(Config(Convert.ToBase64String(new byte[32])), production).IsDevelopmentKey);
        Assert.True(AuditChainKey.From(Config(null), new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Development" }).IsDevelopmentKey);
    }
}
