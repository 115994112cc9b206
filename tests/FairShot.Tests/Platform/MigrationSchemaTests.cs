using System.Data.Common;
using FairShot.Data;
using FairShot.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace FairShot.Tests.Platform;

/// <summary>
/// The migrations are written by hand, so this is what keeps them honest: the schema they build
/// must equal the one EF derives from the model (EnsureCreated on a scratch database), table by
/// table, column by column, index by index, on the suite's provider.
/// </summary>
public sealed class MigrationSchemaTests
{
    [Fact]
    public async Task Migrations_BuildExactlyTheSchemaOfTheModel()
    {
        await using var migrated = await TestDatabase.CreateAsync();
        await using var created = await TestDatabase.CreateAsync();

        await using (var db = Context(migrated))
        {
            await db.Database.MigrateAsync();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        }
        await using (var db = Context(created))
        {
            await db.Database.EnsureCreatedAsync();
        }

        var expected = await DescribeAsync(created);
        var actual = await DescribeAsync(migrated);

        Assert.NotEmpty(expected);
        var missing = expected.Except(actual).ToList();
        var extra = actual.Except(expected).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"Schema differs from the model.\nMissing from migrations:\n  {string.Join("\n  ", missing)}\nOnly in migrations:\n  {string.Join("\n  ", extra)}");
    }

    [Fact]
    public async Task Migrations_SeedProductsRolesAndTheAuditSeal()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = Context(database);
        await db.Database.MigrateAsync();

        Assert.Equal(["207", "208", "211", "212"], await db.Products.OrderBy(p => p.CvxCode).Select(p => p.CvxCode).ToListAsync());
        Assert.Equal(21, (await db.Products.SingleAsync(p => p.CvxCode == "208")).DaysToNextDose);
        Assert.Null((await db.Products.SingleAsync(p => p.CvxCode == "212")).DaysToNextDose);
        Assert.Equal(["ADMIN", "CALLCENTRE", "CLINICSTAFF", "SCHEDULER"], await db.Roles.OrderBy(r => r.NormalizedName).Select(r => r.NormalizedName!).ToListAsync());
        Assert.Equal(0, (await db.AuditSeal.SingleAsync()).LastSequence);
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

    /// <summary>One line per table, column, index, key and check constraint.</summary>
    private static async Task<HashSet<string>> DescribeAsync(TestDatabase database)
    {
        await using DbConnection connection = database.Provider == DatabaseProvider.Sqlite
            ? new SqliteConnection(database.ConnectionString)
            : new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        var queries = database.Provider == DatabaseProvider.Sqlite ? SqliteQueries : PostgresQueries;
        var lines = new HashSet<string>(StringComparer.Ordinal);
        foreach (var query in queries)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = query;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                lines.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
            }
        }
        return database.Provider == DatabaseProvider.Sqlite ? ChecksOnly(lines) : lines;
    }

    /// <summary>
    /// SQLite keeps CHECK constraints only in the table's CREATE text, whose column order depends on
    /// how the table was built (a rebuild by a migration orders them by name); compare the checks.
    /// </summary>
    private static HashSet<string> ChecksOnly(HashSet<string> lines)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            if (!line.StartsWith("create | ", StringComparison.Ordinal))
            {
                result.Add(line);
                continue;
            }
            var table = line.Split(" | ")[1];
            const string marker = "CONSTRAINT \"";
            for (var at = line.IndexOf(marker, StringComparison.Ordinal); at >= 0; at = line.IndexOf(marker, at + 1, StringComparison.Ordinal))
            {
                var nameEnd = line.IndexOf('"', at + marker.Length);
                var name = line[(at + marker.Length)..nameEnd];
                var rest = line[(nameEnd + 1)..].TrimStart();
                if (!rest.StartsWith("CHECK (", StringComparison.Ordinal))
                {
                    continue;
                }
                var open = line.IndexOf("CHECK (", nameEnd, StringComparison.Ordinal) + "CHECK ".Length;
                var depth = 0;
                var close = open;
                for (; close < line.Length; close++)
                {
                    depth += line[close] == '(' ? 1 : line[close] == ')' ? -1 : 0;
                    if (depth == 0)
                    {
                        break;
                    }
                }
                result.Add($"check | {table} | {name} | {line[open..(close + 1)]}");
            }
        }
        return result;
    }

    private const string EfTables = "'__EFMigrationsHistory', '__EFMigrationsLock'";

    private static readonly string[] SqliteQueries =
    [
        $"SELECT 'table', name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ({EfTables})",
        $"""
        SELECT 'column', m.name, c.name, c.type, c."notnull", c.pk, c.dflt_value
        FROM sqlite_master m JOIN pragma_table_info(m.name) c
        WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT IN ({EfTables})
        """,
        $"""
        SELECT 'index', m.name, il.name, il."unique", il.partial, group_concat(ii.name, ',')
        FROM sqlite_master m JOIN pragma_index_list(m.name) il JOIN pragma_index_info(il.name) ii
        WHERE m.type = 'table' AND m.name NOT IN ({EfTables})
        GROUP BY m.name, il.name, il."unique", il.partial
        """,
        $"""
        SELECT 'fk', m.name, f."table", f."from", f."to", f.on_delete
        FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f
        WHERE m.type = 'table' AND m.name NOT IN ({EfTables})
        """,
        // check constraints live only in the CREATE TABLE text: compare the text of each table
        $"SELECT 'create', name, replace(replace(sql, char(10), ' '), '  ', ' ') FROM sqlite_master WHERE type = 'table' AND sql LIKE '%CHECK%' AND name NOT IN ({EfTables})",
    ];

    private static readonly string[] PostgresQueries =
    [
        $"SELECT 'table', table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ({EfTables})",
        $"""
        SELECT 'column', table_name, column_name, data_type, character_maximum_length, is_nullable, column_default, is_identity, identity_generation
        FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT IN ({EfTables})
        """,
        $"SELECT 'index', tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT IN ({EfTables})",
        """
        SELECT 'constraint', rel.relname, con.conname, con.contype, pg_get_constraintdef(con.oid)
        FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid JOIN pg_namespace ns ON ns.oid = rel.relnamespace
        WHERE ns.nspname = 'public' AND rel.relname NOT IN ('__EFMigrationsHistory', '__EFMigrationsLock')
        """,
    ];
}
