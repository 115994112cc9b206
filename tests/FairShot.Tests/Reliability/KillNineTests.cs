using FairShot.Bench;
using FairShot.Tests.Infrastructure;

namespace FairShot.Tests.Reliability;

/// <summary>
/// kill -9 of the app in the middle of a booking wave, on the suite's database (SQLite or
/// PostgreSQL): the app runs as a real OS process (as in production), is sent SIGKILL while
/// bookings are in flight, and is started again on the same database; the clients retry with the
/// same Idempotency-Key. Afterwards every acknowledged booking is there, no slot is over capacity,
/// the counters agree with the appointments, every used invitation has its appointment, audit entry
/// and message, a retry with the same key gets the same answer, and the audit chain verifies. The
/// long version (more invitees, several kills, and a PostgreSQL fast stop and start) is
/// `dotnet run -c Release --project bench/FairShot.Bench -- chaos`.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class KillNineTests
{
    [Fact]
    public async Task KillNine_MidBookingWave_KeepsEveryAcknowledgedBookingAndEveryInvariant()
    {
        await using var database = await TestDatabase.CreateAsync();
        var work = Directory.CreateTempSubdirectory("fairshot-kill-").FullName;
        try
        {
            await using var app = await ChaosApp.StartAsync(database.Provider.ToString(), database.ConnectionString, work);
            ChaosWave wave;
            using (var admin = await app.AdminAsync())
            {
                // 60 invitees for 40 seats: the day fills, and some are told so (409) on the way.
                wave = await ChaosWave.SeedAsync(app, admin, "kill", slots: 4, perSlot: 10, invitees: 60);
            }
            using var http = app.Client();
            var killed = 0;
            Task restarted = Task.CompletedTask;
            var tally = await wave.PlayAsync(http, workers: 8, patience: TimeSpan.FromSeconds(150), async acknowledged =>
            {
                // With a dozen bookings acknowledged and the other workers' requests in flight: SIGKILL, then start again.
                if (acknowledged >= 12 && Interlocked.Exchange(ref killed, 1) == 0)
                {
                    await app.KillAsync();
                    restarted = Task.Run(app.StartAsync);
                }
            });
            await restarted;
            Assert.Equal(1, killed);
            Assert.Equal(2, app.Starts);

            using var adminAfter = await app.AdminAsync();
            var check = await wave.CheckAsync(app, http, adminAfter, tally);
            var samples = string.Join("\n", tally.ServerErrorSamples.Concat(tally.UnexpectedSamples));
            Assert.True(tally.TransportErrors > 0, "The kill should have cut requests in flight.");
            Assert.True(check.Holds, check + "\n" + check.AuditAnswer + "\n" + app.RecentErrors);
            Assert.True(tally.ServerErrors == 0 && tally.Unexpected == 0, $"{tally.ServerErrors} 5xx, {tally.Unexpected} unexpected answers:\n{samples}");
            // Every seat of the day was taken in the end: the kill cost none.
            Assert.Equal(40, check.Appointments);
            Assert.Equal(40, check.Acknowledged);
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
