using FairShot.Data;
using FairShot.Domain;
using FairShot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FairShot.Tests.Features.Records;

/// <summary>Migration 0017 gives people registered before it a record number that fits PID-3 (15 characters), unique, on each provider.</summary>
public sealed class RecordNumberMigrationTests
{
    [Fact]
    public async Task Migrate_PeopleRegisteredBefore0017_GetAShortUniqueRecordNumber()
    {
        await using var database = await TestDatabase.CreateAsync();
        var options = new DbContextOptionsBuilder<FairShotDb>();
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            options.UseSqlite(database.ConnectionString);
        }
        else
        {
            options.UseNpgsql(database.ConnectionString);
        }
        await using var db = new FairShotDb(options.Options);
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync("20261201000015_Integrity");
        var ids = new[] { Guid.CreateVersion7(), Guid.CreateVersion7() };
        var dob = new DateOnly(1950, 1, 1);
        var at = new DateTime(2021, 1, 5, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < ids.Length; i++)
        {
            var id = ids[i];
            var email = $"before{i}@example.org";
            var normalized = $"old timer{i}";
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "People" ("Id", "Conditions", "DateOfBirth", "Email", "FirstName", "GroupCode", "GroupEvaluatedOn", "GroupRank", "Language", "LastName",
                    "NormalizedName", "Occupation", "PhaseCode", "PhaseRank", "RegisteredAt", "Setting", "Source", "StandbyClinics", "Status", "TieBreaker", "ZipCode")
                VALUES ({id}, '', {dob}, {email}, 'Old', '', {dob}, 0, 'en', 'Timer', {normalized}, 'healthcare', '', 0, {at}, 'home', 0, '', 0, {i}, '63050')
                """);
        }

        await db.Database.MigrateAsync();

        var numbers = await db.People.AsNoTracking().OrderBy(p => p.Email).Select(p => new { p.Id, p.RecordNumber }).ToListAsync();
        Assert.Equal(ids.Select(id => "FS" + id.ToString("N")[^13..].ToUpperInvariant()), numbers.OrderBy(n => Array.IndexOf(ids, n.Id)).Select(n => n.RecordNumber));
        Assert.All(numbers, n => Assert.True(n.RecordNumber.Length <= Person.RecordNumberMaxLength));
    }

    [Fact]
    public void NewRecordNumber_IsFifteenCrockfordCharacters_AndDiffersEachTime()
    {
        var numbers = Enumerable.Range(0, 1000).Select(_ => Person.NewRecordNumber()).ToList();
        Assert.All(numbers, n => Assert.Matches("^FS[0-9A-HJKMNP-TV-Z]{13}$", n));
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
    }
}
