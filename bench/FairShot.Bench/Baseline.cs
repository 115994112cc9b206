using System.Data.Common;
using System.Diagnostics;
using FairShot.Data;
using FairShot.Domain;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace FairShot.Bench;

/// <summary>
/// The booking transaction alone, straight against the same engine and durability settings: a
/// conditional seat update and an appointment insert in one transaction, by as many workers as the
/// wave has virtual users, until every seat is taken. FairShot's end-to-end rate is quoted against it.
/// </summary>
internal static class Baseline
{
    public static async Task<(int Bookings, double PerSecond)> RunAsync(BenchOptions o, string connection)
    {
        var seats = Math.Max(1, (int)Math.Ceiling(o.Seats / 1000.0)) * 1000;
        var slots = seats / 25;
        var postgres = o.Provider == "postgres";
        await using (var setup = Open(postgres, connection))
        {
            await ExecAsync(setup, null, postgres
                ? "CREATE TABLE bench_slot (id int PRIMARY KEY, capacity int NOT NULL, booked int NOT NULL, CHECK (booked <= capacity)); CREATE TABLE bench_booking (id uuid PRIMARY KEY, slot int NOT NULL, person uuid NOT NULL)"
                : "CREATE TABLE bench_slot (id INTEGER PRIMARY KEY, capacity INTEGER NOT NULL, booked INTEGER NOT NULL, CHECK (booked <= capacity)); CREATE TABLE bench_booking (id TEXT PRIMARY KEY, slot INTEGER NOT NULL, person TEXT NOT NULL)");
            await ExecAsync(setup, null, string.Join(";", Enumerable.Range(0, slots).Select(i => $"INSERT INTO bench_slot VALUES ({i}, 25, 0)")));
        }
        var remaining = seats;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, o.Users).Select(async _ =>
        {
            await using var db = Open(postgres, connection);
            while (Volatile.Read(ref remaining) > 0)
            {
                var slot = Random.Shared.Next(slots);
                await using var tx = await db.BeginTransactionAsync();
                var taken = await ExecAsync(db, tx, $"UPDATE bench_slot SET booked = booked + 1 WHERE id = {slot} AND booked < capacity");
                if (taken == 1)
                {
                    await ExecAsync(db, tx, $"INSERT INTO bench_booking VALUES ('{Guid.NewGuid()}', {slot}, '{Guid.NewGuid()}')");
                    await tx.CommitAsync();
                    Interlocked.Decrement(ref remaining);
                }
                else
                {
                    await tx.RollbackAsync();
                }
            }
        }));
        var elapsed = watch.Elapsed.TotalSeconds;
        await using (var cleanup = Open(postgres, connection))
        {
            await ExecAsync(cleanup, null, "DROP TABLE bench_booking; DROP TABLE bench_slot");
        }
        return (seats, seats / elapsed);
    }

    private static DbConnection Open(bool postgres, string connection)
    {
        DbConnection db = postgres ? new NpgsqlConnection(connection) : new SqliteConnection(connection + ";Default Timeout=60");
        db.Open();
        if (!postgres)
        {
            using var pragma = db.CreateCommand();
            // The app's own settings (Data/DatabaseSetup.cs): WAL, synchronous=FULL, a busy timeout.
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000;";
            pragma.ExecuteNonQuery();
        }
        return db;
    }

    private static async Task<int> ExecAsync(DbConnection db, DbTransaction? tx, string sql)
    {
        await using var command = db.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync();
    }
}

/// <summary>Choosing the next 10,000 invitees out of a long line: the query a wave runs, timed on its own.</summary>
internal static class Selection
{
    public static async Task<double> MeasureAsync(BenchOptions o, string connection, FairShotDb db)
    {
        var postgres = o.Provider == "postgres";
        db.Database.SetCommandTimeout(600);
        var columns = "\"Id\",\"FirstName\",\"LastName\",\"NormalizedName\",\"DateOfBirth\",\"Email\",\"Phone\",\"ZipCode\",\"Occupation\",\"Setting\",\"Conditions\",\"Language\",\"RegisteredAt\",\"TieBreaker\",\"Status\",\"PhaseCode\",\"PhaseRank\",\"GroupCode\",\"GroupRank\",\"GroupEvaluatedOn\",\"Source\",\"RegisteredByStaffId\",\"RosterId\",\"StandbyClinics\",\"StandbySince\"";
        var sql = postgres
            ? $"INSERT INTO \"People\" ({columns}) SELECT gen_random_uuid(), 'Wait', 'Line' || i, 'wait line' || i, DATE '1960-01-01', 'line' || i || '@bench.example.org', NULL, '63050', 'healthcare', 'home', '', 'en', TIMESTAMPTZ '2026-01-01 00:00:00+00' + i * INTERVAL '1 second', (random() * 9e18)::bigint, 0, '1a', 1, 'healthcare-workers', 1, DATE '2026-01-01', 0, NULL, NULL, '', NULL FROM generate_series(1, {o.Waiting}) AS i; ANALYZE \"People\";"
            : $"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {o.Waiting}) INSERT INTO \"People\" ({columns}) SELECT printf('B0000000-0000-7000-8000-%012X', i), 'Wait', 'Line' || i, 'wait line' || i, '1960-01-01', 'line' || i || '@bench.example.org', NULL, '63050', 'healthcare', 'home', '', 'en', strftime('%Y-%m-%d %H:%M:%S', '2026-01-01', '+' || i || ' seconds'), abs(random()), 0, '1a', 1, 'healthcare-workers', 1, '2026-01-01', 0, NULL, NULL, '', NULL FROM n; ANALYZE;";
        await db.Database.ExecuteSqlRawAsync(sql);
        if (!postgres)
        {
            // A line that grew over weeks sits in the database file, not in a write-ahead log holding
            // one enormous insert: fold the log back in first (without this the figure measured the log).
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
        }

        var openRanks = await db.Phases.Where(p => p.IsOpen).Select(p => p.Rank).ToListAsync();
        var times = new List<double>();
        for (var run = 0; run < 3; run++)
        {
            var watch = Stopwatch.StartNew();
            // The query InvitationWaves.IssueAsync runs.
            var people = await FairShot.Features.Invitations.InvitationWaves.NextInLineAsync(db, openRanks, 10_000, null, CancellationToken.None);
            times.Add(watch.Elapsed.TotalMilliseconds);
            if (people.Count != 10_000)
            {
                throw new InvalidOperationException($"The selection found {people.Count} people, not 10,000.");
            }
        }
        return times.Order().ElementAt(1); // the median of three
    }
}
