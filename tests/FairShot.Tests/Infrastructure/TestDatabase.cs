using FairShot.Data;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace FairShot.Tests.Infrastructure;

/// <summary>
/// The database the integration suite runs on, chosen by FAIRSHOT_TEST_PROVIDER (sqlite, the
/// default, or postgres). ./test.sh runs the suite once with each. Every fixture gets a database of
/// its own: a temporary SQLite file, or a freshly created PostgreSQL database on the throwaway
/// cluster named by FAIRSHOT_TEST_POSTGRES. A PostgreSQL run without that variable fails; it never
/// quietly falls back to SQLite.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _directory;
    private readonly string? _postgresName;

    private TestDatabase(DatabaseProvider provider, string connectionString, string? directory, string? postgresName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _directory = directory;
        _postgresName = postgresName;
    }

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }

    public static DatabaseProvider CurrentProvider =>
        (Environment.GetEnvironmentVariable("FAIRSHOT_TEST_PROVIDER") ?? "sqlite").ToLowerInvariant() switch
        {
            "sqlite" => DatabaseProvider.Sqlite,
            "postgres" or "postgresql" => DatabaseProvider.Postgres,
            var other => throw new InvalidOperationException($"FAIRSHOT_TEST_PROVIDER must be sqlite or postgres, not '{other}'."),
        };

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider? provider = null)
    {
        var chosen = provider ?? CurrentProvider;
        if (chosen == DatabaseProvider.Sqlite)
        {
            var directory = Directory.CreateTempSubdirectory("fairshot-test-").FullName;
            var csb = new SqliteConnectionStringBuilder { DataSource = Path.Combine(directory, "fairshot.db") };
            return new TestDatabase(chosen, csb.ToString(), directory, null);
        }

        var server = Environment.GetEnvironmentVariable("FAIRSHOT_TEST_POSTGRES")
            ?? throw new InvalidOperationException("FAIRSHOT_TEST_POSTGRES is not set: run the PostgreSQL suite through ./test.sh.");
        var name = $"fairshot_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ToString()))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        var database = new NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = 60 };
        return new TestDatabase(chosen, database.ToString(), Directory.CreateTempSubdirectory("fairshot-test-").FullName, name);
    }

    public string Directory_ => _directory!;

    public async ValueTask DisposeAsync()
    {
        if (_postgresName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            var server = Environment.GetEnvironmentVariable("FAIRSHOT_TEST_POSTGRES")!;
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ToString());
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
        else
        {
            SqliteConnection.ClearAllPools();
        }
        if (_directory is not null)
        {
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // a file still open on a slow shutdown; the OS cleans /tmp
            }
        }
    }
}
