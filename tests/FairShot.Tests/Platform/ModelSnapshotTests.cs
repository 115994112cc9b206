using FairShot.Data;
using FairShot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Tests.Platform;

/// <summary>
/// Data/Migrations/FairShotDbModelSnapshot.cs is what <c>dotnet ef migrations add</c> compares the
/// model with. One snapshot serves both providers (it names no column types, so each provider maps
/// the CLR types itself): a change to the model without a migration fails here, on the suite's provider,
/// and would otherwise make <c>Migrate()</c> refuse to run (EF's PendingModelChangesWarning).
/// </summary>
public sealed class ModelSnapshotTests
{
    [Fact]
    public async Task Model_HasNoChangesMissingFromTheMigrations()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = Context(database);

        Assert.False(db.Database.HasPendingModelChanges(),
            "The model differs from Data/Migrations/FairShotDbModelSnapshot.cs: add a migration (docs/operations.md, 'Adding a migration').");
    }

    [Fact]
    public async Task Migrate_OnAFreshDatabase_RaisesNoPendingModelChangesWarning()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = Context(database);

        // EF 9+ turns PendingModelChangesWarning into an exception by default: Migrate() throws when the snapshot lags the model.
        await db.Database.MigrateAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    private static FairShotDb Context(TestDatabase database)
    {
        var options = new DbContextOptionsBuilder<FairShotDb>();
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            options.UseSqlite(database.ConnectionString);
        }
        else
        {
            options.UseNpgsql(database.ConnectionString);
        }
        return new FairShotDb(options.Options);
    }
}
