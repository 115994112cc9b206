using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using FairShot.Domain;
using FairShot.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Bench;

/// <summary>
/// dotnet run -c Release --project bench/FairShot.Bench -- chaos [--only kill-sqlite,kill-postgres,pg-restart,mail-refusing,mail-hanging,burst]
///   [--invitees N] [--kills N] [--mail-minutes M] [--pg-port P]
/// The long versions of tests/FairShot.Tests/Reliability: FairShot as a real process, faults
/// injected in the middle of a booking wave, and afterwards the invariants counted. Prints one row
/// of docs/reliability.md's table per fault; exits 1 when a booking was lost or a rule bypassed.
/// </summary>
internal static class ChaosBench
{
    private sealed record Row(string Fault, int Requests, int ServerErrors, int Lost, int Bypasses, string Note)
    {
        public string Line => $"| {Fault} | {Requests:N0} | {ServerErrors} | {Lost} | {Bypasses} | {Note} |";
    }

    public static async Task<int> RunAsync(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var only = (Value("--only") ?? "kill-sqlite,kill-postgres,pg-restart,mail-refusing,mail-hanging,burst").Split(',');
        var invitees = int.Parse(Value("--invitees") ?? "2600", CultureInfo.InvariantCulture);
        var kills = int.Parse(Value("--kills") ?? "3", CultureInfo.InvariantCulture);
        var mailMinutes = double.Parse(Value("--mail-minutes") ?? "10", CultureInfo.InvariantCulture);
        var pgPort = int.Parse(Value("--pg-port") ?? ChaosApp.FreePort().ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        Console.WriteLine($"FairShot chaos: {string.Join(", ", only)}; {invitees} invitees a wave, {kills} kills, mail down {mailMinutes} min; {Environment.ProcessorCount} cores");
        var rows = new List<Row>();
        var work = Directory.CreateTempSubdirectory("fairshot-chaos-").FullName;
        await using var cluster = only.Any(o => o is "kill-postgres" or "pg-restart") ? await PgCluster.StartAsync(pgPort) : null;
        try
        {
            foreach (var scenario in only)
            {
                var started = Stopwatch.StartNew();
                var row = scenario switch
                {
                    "kill-sqlite" => await KillAsync("Sqlite", $"Data Source={Path.Combine(work, "kill.db")}", work, invitees, kills),
                    "kill-postgres" => await KillAsync("Postgres", await cluster!.DatabaseAsync("chaos_kill"), work, invitees, kills),
                    "pg-restart" => await PgRestartAsync(cluster!, await cluster!.DatabaseAsync("chaos_restart"), work, invitees),
                    "mail-refusing" => await MailDownAsync(ChaosSmtp.Mode.Refusing, $"Data Source={Path.Combine(work, "mail-refusing.db")}", work, invitees, mailMinutes),
                    "mail-hanging" => await MailDownAsync(ChaosSmtp.Mode.Hanging, $"Data Source={Path.Combine(work, "mail-hanging.db")}", work, invitees, mailMinutes),
                    "burst" => await BurstAsync($"Data Source={Path.Combine(work, "burst.db")}", work),
                    _ => throw new ArgumentException($"unknown scenario {scenario}"),
                };
                rows.Add(row);
                Console.WriteLine($"{row.Line}   ({started.Elapsed.TotalSeconds:0} s)");
            }
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
        Console.WriteLine();
        Console.WriteLine("| attack or fault | requests | 5xx | bookings lost | bypasses | notes |");
        Console.WriteLine("|---|---:|---:|---:|---:|---|");
        foreach (var row in rows)
        {
            Console.WriteLine(row.Line);
        }
        return rows.All(r => r.Lost == 0 && r.Bypasses == 0) ? 0 : 1;
    }

    private static (int Slots, int PerSlot) Shape(int invitees) => (40, Math.Max(1, (int)(invitees / 1.3 / 40)));

    private static int Bypasses(WaveCheck c) => c.OverCapacitySlots + c.CounterMismatches + c.Duplicates + c.UsedWithoutAppointment + c.WithoutAudit + c.WithoutMessage + c.ReplayMismatches + (c.AuditValid ? 0 : 1);

    /// <summary>kill -9 at evenly spaced points of the wave, started again each time on the same database.</summary>
    private static async Task<Row> KillAsync(string provider, string connection, string work, int invitees, int kills)
    {
        await using var app = await ChaosApp.StartAsync(provider, connection, work);
        var (slots, perSlot) = Shape(invitees);
        ChaosWave wave;
        using (var admin = await app.AdminAsync())
        {
            wave = await ChaosWave.SeedAsync(app, admin, "kill" + provider, slots, perSlot, invitees);
        }
        var seats = slots * perSlot;
        using var http = app.Client(128);
        var next = 1;
        var gate = new SemaphoreSlim(1);
        Task restarting = Task.CompletedTask;
        var tally = await wave.PlayAsync(http, 64, TimeSpan.FromMinutes(5), async acknowledged =>
        {
            if (next <= kills && acknowledged >= seats * next / (kills + 1) && await gate.WaitAsync(0))
            {
                if (next <= kills && restarting.IsCompleted)
                {
                    next++;
                    await app.KillAsync();
                    restarting = Task.Run(app.StartAsync);
                }
                gate.Release();
            }
        });
        await restarting;
        using var adminAfter = await app.AdminAsync();
        var check = await wave.CheckAsync(app, http, adminAfter, tally, auditWait: TimeSpan.FromMinutes(2));
        Console.WriteLine($"  {check}; transport errors {tally.TransportErrors}; " + string.Join(" | ", tally.ServerErrorSamples.Take(3)));
        if (tally.ServerErrors > 0)
        {
            Console.WriteLine("  the app's last error lines:\n" + app.RecentErrors);
        }
        return new Row($"kill -9 ×{app.Starts - 1} mid-wave, {provider}", tally.Requests + check.Replayed, tally.ServerErrors + tally.ServerErrorsDuringFault, check.Lost, Bypasses(check),
            $"{check.Acknowledged} of {seats} seats booked, {check.Replayed} replays same answer: {check.Replayed - check.ReplayMismatches}, audit valid: {check.AuditValid}");
    }

    /// <summary>PostgreSQL fast stop at a third of the wave, started again 5 s later; the app has to reconnect by itself.</summary>
    private static async Task<Row> PgRestartAsync(PgCluster cluster, string connection, string work, int invitees)
    {
        await using var app = await ChaosApp.StartAsync("Postgres", connection, work);
        var (slots, perSlot) = Shape(invitees);
        ChaosWave wave;
        using (var admin = await app.AdminAsync())
        {
            wave = await ChaosWave.SeedAsync(app, admin, "pgrestart", slots, perSlot, invitees);
        }
        var seats = slots * perSlot;
        using var http = app.Client(128);
        var done = 0;
        Task outage = Task.CompletedTask;
        WaveTally? live = null;
        var tally = await wave.PlayAsync(http, 64, TimeSpan.FromMinutes(5), acknowledged =>
        {
            if (acknowledged >= seats / 3 && Interlocked.Exchange(ref done, 1) == 0)
            {
                outage = Task.Run(async () =>
                {
                    live!.FaultOn = true;
                    await cluster.StopAsync();
                    await Task.Delay(TimeSpan.FromSeconds(5));
                    await cluster.StartAsync();
                    await Task.Delay(TimeSpan.FromSeconds(2)); // a pooled connection's first use after the restart
                    live.FaultOn = false;
                });
            }
            return Task.CompletedTask;
        }, t => live = t);
        await outage;
        using var adminAfter = await app.AdminAsync();
        var check = await wave.CheckAsync(app, http, adminAfter, tally, auditWait: TimeSpan.FromMinutes(2));
        if (tally.ServerErrors + tally.ServerErrorsDuringFault > 0)
        {
            Console.WriteLine("  the app's last error lines:\n" + app.RecentErrors);
        }
        Console.WriteLine($"  {check}; transport errors {tally.TransportErrors}; 5xx while down {tally.ServerErrorsDuringFault}; " + string.Join(" | ", tally.ServerErrorSamples.Take(3)));
        return new Row("PostgreSQL fast stop + start mid-wave", tally.Requests + check.Replayed, tally.ServerErrors, check.Lost, Bypasses(check),
            $"{tally.ServerErrorsDuringFault} 5xx (503/500) while the database was down, counted apart; app still the same process: {app.Starts == 1}; {check.Acknowledged} of {seats} booked");
    }

    /// <summary>The mail server refusing (or hanging) for <paramref name="minutes"/> while a wave books and invitees ask for codes; then back, and the outbox must drain.</summary>
    private static async Task<Row> MailDownAsync(ChaosSmtp.Mode mode, string connection, string work, int invitees, double minutes)
    {
        await using var smtp = new ChaosSmtp();
        await using var app = await ChaosApp.StartAsync("Sqlite", connection, work, new Dictionary<string, string>
        {
            ["Notifications__Smtp__Host"] = "127.0.0.1",
            ["Notifications__Smtp__Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
        });
        var (slots, perSlot) = Shape(invitees);
        ChaosWave wave;
        using (var admin = await app.AdminAsync())
        {
            wave = await ChaosWave.SeedAsync(app, admin, "mail" + mode, slots, perSlot, invitees);
        }
        using var http = app.Client(128);
        smtp.Set(mode);
        var downUntil = DateTime.UtcNow.AddMinutes(minutes);
        var book = Stopwatch.StartNew();
        var tally = await wave.PlayAsync(http, 64, TimeSpan.FromMinutes(5));
        book.Stop();
        // While it stays down, invitees who have not booked ask for codes, one every few seconds.
        var codeAsks = 0;
        var unbooked = wave.Contenders.Where(c => tally.Acknowledged.All(a => a.Who != c)).ToList();
        while (DateTime.UtcNow < downUntil)
        {
            if (codeAsks < unbooked.Count)
            {
                tally.Request();
                var asked = await http.PostAsync($"/api/v1/invitations/{unbooked[codeAsks++].Token}/code", null);
                if ((int)asked.StatusCode >= 500)
                {
                    tally.ServerError("code → " + (int)asked.StatusCode);
                }
            }
            await Task.Delay(TimeSpan.FromSeconds(Math.Min(5, minutes * 60 / 40)));
        }
        smtp.Set(ChaosSmtp.Mode.Up);
        var back = Stopwatch.StartNew();
        var drainLimit = TimeSpan.FromMinutes(Math.Max(10, minutes * 2 + 5));
        int unsent = 0, failed = 0;
        while (back.Elapsed < drainLimit)
        {
            await using var db = app.Db();
            unsent = await db.Outbox.CountAsync(m => m.SentAt == null && m.FailedAt == null);
            failed = await db.Outbox.CountAsync(m => m.FailedAt != null);
            if (unsent == 0)
            {
                break;
            }
            await Task.Delay(2000);
        }
        var drained = back.Elapsed;
        await using var read = app.Db();
        var outbox = await read.Outbox.AsNoTracking().Select(m => new { m.Id, m.Template }).ToListAsync();
        var codes = outbox.Where(m => m.Template == NotificationTemplates.InvitationCode).Select(m => m.Id.ToString()).ToHashSet();
        var received = smtp.ReceivedIds;
        var firstCode = received.Select((id, i) => (id, i)).FirstOrDefault(x => codes.Contains(x.id)).i;
        var notReceived = outbox.Count(m => !received.Contains(m.Id.ToString()));
        using var adminAfter = await app.AdminAsync();
        var check = await wave.CheckAsync(app, http, adminAfter, tally, replays: 200, auditWait: TimeSpan.FromMinutes(2));
        Console.WriteLine($"  {check}; booking took {book.Elapsed.TotalSeconds:0.0} s with mail {mode}; {outbox.Count} messages, {codes.Count} codes; drained in {drained.TotalSeconds:0} s after mail returned: unsent {unsent}, given up {failed}, never received {notReceived}; first code was message #{firstCode + 1} received");
        return new Row($"mail {mode.ToString().ToLowerInvariant()} {minutes:0.#} min during a wave", tally.Requests + check.Replayed, tally.ServerErrors, check.Lost, Bypasses(check),
            $"{check.Acknowledged} booked in {book.Elapsed.TotalSeconds:0} s; {outbox.Count} messages: {unsent + failed} not delivered {drained.TotalMinutes:0.#} min after mail returned ({failed} given up); first code = message #{firstCode + 1} out");
    }

    /// <summary>Ten times the invitee path's per-address limit at once, from one address, against the default limits.</summary>
    private static async Task<Row> BurstAsync(string connection, string work)
    {
        const int limit = 120;
        await using var app = await ChaosApp.StartAsync("Sqlite", connection, work, new Dictionary<string, string> { ["RateLimits__InvitationActionsPerMinute"] = limit.ToString(CultureInfo.InvariantCulture) });
        ChaosWave wave;
        using (var admin = await app.AdminAsync())
        {
            wave = await ChaosWave.SeedAsync(app, admin, "burst", 4, 10, 60);
        }
        using var http = app.Client(256);
        int requests = 0, errors = 0, limited = 0, withoutRetryAfter = 0;
        var created = new System.Collections.Concurrent.ConcurrentDictionary<Guid, string>();
        await Task.WhenAll(Enumerable.Range(0, 10 * limit).Select(async i =>
        {
            var who = wave.Contenders[i % wave.Contenders.Count];
            using var request = (i % 3) switch
            {
                0 => new HttpRequestMessage(HttpMethod.Post, $"/api/v1/invitations/{who.Token}/code"),
                1 => new HttpRequestMessage(HttpMethod.Get, $"/api/v1/invitations/{who.Token}/slots"),
                _ => new HttpRequestMessage(HttpMethod.Post, $"/api/v1/invitations/{who.Token}/appointments") { Content = JsonContent.Create(new { slotId = wave.SlotIds[i % wave.SlotIds.Count] }) },
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", who.Session);
            request.Headers.Add("Idempotency-Key", $"burst-{who.InvitationId}-{i % wave.SlotIds.Count}");
            Interlocked.Increment(ref requests);
            var answer = await http.SendAsync(request);
            if ((int)answer.StatusCode >= 500)
            {
                Interlocked.Increment(ref errors);
            }
            if (answer.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Interlocked.Increment(ref limited);
                if (answer.Headers.RetryAfter is null)
                {
                    Interlocked.Increment(ref withoutRetryAfter);
                }
            }
            if (answer.StatusCode == HttpStatusCode.Created)
            {
                created[who.InvitationId] = "";
            }
        }));
        await using var db = app.Db();
        var dayId = Guid.Parse(wave.DayId);
        var appointments = await db.Appointments.AsNoTracking().Where(a => a.ClinicDayId == dayId && a.State == AppointmentState.Booked).ToListAsync();
        var slots = await db.Slots.AsNoTracking().Where(s => s.ClinicDayId == dayId).ToListAsync();
        var lost = created.Keys.Count(id => appointments.All(a => a.InvitationId != id));
        var off = slots.Count(s => s.Booked != appointments.Count(a => a.SlotId == s.Id) || s.Booked > s.Capacity);
        Console.WriteLine($"  {requests} requests: {limited} answered 429, {withoutRetryAfter} of them without Retry-After; {errors} 5xx; {created.Count} booked, {appointments.Count} appointments, slots off {off}");
        return new Row($"10× burst of the invitee path (limit {limit}/min/address)", requests, errors, lost, off,
            $"{limited} × 429, {withoutRetryAfter} without Retry-After; {created.Count} booked = {appointments.Count} appointments");
    }
}

/// <summary>A throwaway PostgreSQL 15 cluster that can be stopped (fast) and started again under a running app.</summary>
internal sealed class PgCluster : IAsyncDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private readonly string _dir;
    private readonly int _port;

    private PgCluster(string dir, int port)
    {
        _dir = dir;
        _port = port;
    }

    public static async Task<PgCluster> StartAsync(int port)
    {
        var dir = Directory.CreateTempSubdirectory("fairshot-chaos-pg-").FullName;
        if (Environment.UserName == "root")
        {
            await Run("chown", $"postgres {dir}");
        }
        await AsPostgres($"{Bin}/initdb -D {dir}/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8");
        var cluster = new PgCluster(dir, port);
        await cluster.StartAsync();
        return cluster;
    }

    public Task StartAsync() => AsPostgres($"{Bin}/pg_ctl -D {_dir}/data -l {_dir}/log -o '-p {_port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={_dir} -c max_connections=400' -w start");

    /// <summary>pg_ctl -m fast stop: every session is disconnected, in-flight transactions roll back.</summary>
    public Task StopAsync() => AsPostgres($"{Bin}/pg_ctl -D {_dir}/data -m fast stop");

    public async Task<string> DatabaseAsync(string name)
    {
        await Run("sh", $"-c \"psql -h 127.0.0.1 -p {_port} -U postgres -c 'CREATE DATABASE {name}' >/dev/null\"");
        return $"Host=127.0.0.1;Port={_port};Username=postgres;Database={name};Maximum Pool Size=100";
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (InvalidOperationException)
        {
        }
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static Task AsPostgres(string command) =>
        Environment.UserName == "root" ? Run("su", $"postgres -s /bin/sh -c \"{command}\"") : Run("sh", $"-c \"{command}\"");

    private static async Task Run(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed: {await error}");
        }
    }
}
