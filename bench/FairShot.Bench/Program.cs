using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using FairShot.Bench;
using FairShot.Data;
using FairShot.Domain;
using Microsoft.EntityFrameworkCore;

// dotnet run -c Release --project bench/FairShot.Bench -- wave [--quick] [--provider sqlite|postgres] [--connection CS] [--json FILE] [--users N]
// dotnet run -c Release --project bench/FairShot.Bench -- chaos [--only ...]: faults injected mid-wave (ChaosBench.cs)
if (args.Length > 0 && args[0] == "chaos")
{
    return await ChaosBench.RunAsync(args);
}
var options = BenchOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: FairShot.Bench wave [--quick] [--provider sqlite|postgres] [--connection CS] [--json FILE] [--users N] [--seats N] [--waiting N] [--open-rate N] [--open-seconds N]");
    return 2;
}
return await WaveBench.RunAsync(options);

/// <param name="OpenRate">Invitees arriving per second in the open-loop wave; null: half the closed loop's invitees per second in the same run.</param>
/// <param name="OpenSeconds">How long the open-loop arrivals last (sets how many invitees it seeds).</param>
internal sealed record BenchOptions(bool Quick, string Provider, string? Connection, string? Json, int Users, int Seats, int Waiting, double? OpenRate, double OpenSeconds)
{
    public static BenchOptions? Parse(string[] args)
    {
        if (args.Length == 0 || args[0] != "wave")
        {
            return null;
        }
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var quick = args.Contains("--quick");
        var provider = (Value("--provider") ?? "sqlite").ToLowerInvariant();
        if (provider is not ("sqlite" or "postgres"))
        {
            return null;
        }
        return new BenchOptions(quick, provider, Value("--connection"), Value("--json"),
            int.Parse(Value("--users") ?? "256", CultureInfo.InvariantCulture),
            int.Parse(Value("--seats") ?? (quick ? "1000" : "4000"), CultureInfo.InvariantCulture),
            int.Parse(Value("--waiting") ?? (quick ? "100000" : "1000000"), CultureInfo.InvariantCulture),
            Value("--open-rate") is { } rate ? double.Parse(rate, CultureInfo.InvariantCulture) : null,
            double.Parse(Value("--open-seconds") ?? (quick ? "20" : "60"), CultureInfo.InvariantCulture));
    }
}

internal static partial class WaveBench
{
    [GeneratedRegex(@"/i/([A-Za-z0-9_-]{43})")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"\b(\d{6})\b")]
    private static partial Regex CodePattern();

    private sealed record Invitee(string Email, DateOnly DateOfBirth, string Token);

    public static async Task<int> RunAsync(BenchOptions o)
    {
        var work = Directory.CreateTempSubdirectory("fairshot-bench-").FullName;
        ThrowawayPostgres? cluster = null;
        string connection;
        if (o.Provider == "postgres")
        {
            if (o.Connection is null)
            {
                cluster = await ThrowawayPostgres.StartAsync();
            }
            connection = o.Connection ?? cluster!.ConnectionString("fairshot_bench");
        }
        else
        {
            connection = $"Data Source={Path.Combine(work, "fairshot.db")}";
        }
        try
        {
            return await RunOnAsync(o, connection, work, cluster?.PostmasterPid);
        }
        finally
        {
            if (cluster is not null)
            {
                await cluster.DisposeAsync();
            }
            // The database of a full run is half a gigabyte: leave nothing behind.
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static FairShotDb Db(BenchOptions o, string connection)
    {
        var builder = new DbContextOptionsBuilder<FairShotDb>();
        if (o.Provider == "postgres")
        {
            builder.UseNpgsql(connection);
        }
        else
        {
            builder.UseSqlite(connection + ";Default Timeout=60");
        }
        return new FairShotDb(builder.Options);
    }

    private static async Task<int> RunOnAsync(BenchOptions o, string connection, string work, int? postmaster)
    {
        var total = Stopwatch.StartNew();
        var provider = o.Provider == "postgres" ? "Postgres" : "Sqlite";
        Console.WriteLine($"FairShot wave benchmark: {provider}, {o.Seats} seats, {o.Users} virtual users, {(o.Quick ? "quick" : "full")}; {Environment.ProcessorCount} cores");
        await using var server = await FairShotServer.StartAsync(provider, connection, work, Repository.FreePort());
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = o.Users + 16, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = new Uri(server.BaseUrl),
            Timeout = TimeSpan.FromSeconds(60),
        };

        // 1. The same booking transaction straight against the engine: the baseline.
        var baseline = await Baseline.RunAsync(o, connection);
        Console.WriteLine($"baseline  {baseline.Bookings} bookings by {o.Users} workers: {baseline.PerSecond:0.0} bookings/s");

        // 1b. The path floor: the path's four transactions per invitee as plain SQL, on a database of its own.
        var pathFloor = await PathFloor.RunAsync(o, connection, work, server.ProcessId, postmaster);
        Console.WriteLine($"pathfloor {pathFloor.Bookings} bookings of {pathFloor.Invitees} invitees by {o.Users} workers in {pathFloor.Seconds:0.0} s: {pathFloor.PerSecond:0.0} bookings/s, "
            + $"{pathFloor.CommitsPerSecond:0} commits/s ({pathFloor.Rollbacks} full-slot rollbacks); CPU per invitee: "
            + (o.Provider == "postgres" ? $"database {pathFloor.DatabaseCpuSeconds * 1000 / pathFloor.Invitees:0.00} ms, bench client {pathFloor.ClientCpuSeconds * 1000 / pathFloor.Invitees:0.00} ms"
                : $"bench client with SQLite inside it {pathFloor.ClientCpuSeconds * 1000 / pathFloor.Invitees:0.00} ms")
            + $"; idle server meanwhile {pathFloor.ServerCpuSeconds:0.0} s");

        // 2. A clinic with days holding the seats, and more invitees than seats. A smaller wave
        //    first warms the server up (JIT tiers, EF's query cache, connection pools), as a server
        //    that has been running for a while is; it is played the same way and not timed.
        var admin = await AdminAsync(http, server);
        var warmUp = await SeedAsync(o, connection, http, admin, "warmup", dayOffset: 30, days: 1, capacityPerSlot: 5);
        await PlayWaveAsync(o, connection, http, warmUp, NewSteps());
        var invitees = await SeedAsync(o, connection, http, admin, "invitee", dayOffset: 2, days: Math.Max(1, (int)Math.Ceiling(o.Seats / 1000.0)), capacityPerSlot: 25);
        Console.WriteLine($"seeded    {invitees.Count} invitees with personal links (after a warm-up wave of {warmUp.Count})");

        // 3. The invitees, over HTTP, all at once; CPU time of server, database and client counted apart.
        var steps = NewSteps();
        var cpu = CpuMeter.Start(server.ProcessId, o.Provider == "postgres", postmaster);
        var wave = Stopwatch.StartNew();
        var unbooked = await PlayWaveAsync(o, connection, http, invitees, steps);
        wave.Stop();
        var used = cpu.Stop();
        var booked = invitees.Count - unbooked.Count;
        var seconds = wave.Elapsed.TotalSeconds;
        Console.WriteLine($"wave      {booked} bookings in {seconds:0.0} s: {booked / seconds:0.0} bookings/s");
        foreach (var step in steps.Values)
        {
            Console.WriteLine("  " + step.Line(seconds));
        }
        var serverMsPerInvitee = used.Server * 1000 / invitees.Count;
        // On SQLite the database is a library inside the server process: its CPU is in the server's.
        double? databaseMsPerInvitee = o.Provider == "postgres" ? used.Database * 1000 / invitees.Count : null;
        Console.WriteLine($"cpu       server {used.Server:0.0} s, database {used.Database:0.0} s, bench client {used.Client:0.0} s of {seconds * Environment.ProcessorCount:0.0} core-seconds; "
            + $"server {serverMsPerInvitee:0.0} ms and database {(databaseMsPerInvitee is { } dbMs ? $"{dbMs:0.0} ms" : "(inside the server)")} per invitee");

        // 3b. The open loop: fresh invitees on fresh seats arriving at a fixed rate, each playing the same steps.
        var closedInviteesPerSecond = invitees.Count / seconds;
        var openRate = o.OpenRate ?? closedInviteesPerSecond / 2;
        var openSeats = Math.Max(40, (int)Math.Ceiling(openRate * o.OpenSeconds / 1.3));
        var openDays = (int)Math.Ceiling(openSeats / 1000.0);
        var openInvitees = await SeedAsync(o, connection, http, admin, "open", dayOffset: 45, days: openDays, capacityPerSlot: Math.Min(25, (int)Math.Ceiling(openSeats / 40.0 / openDays)));
        var openSteps = NewSteps();
        var open = await PlayOpenLoopAsync(o, connection, http, openInvitees, openRate, openSteps);
        Console.WriteLine($"openloop  {openInvitees.Count} invitees arriving at {openRate:0.0}/s (half the closed loop's {closedInviteesPerSecond:0.0}/s unless --open-rate): "
            + $"{open.Booked} bookings, last done after {open.Seconds:0.0} s; start lag behind schedule max {open.MaxStartLagMs:0.0} ms");
        foreach (var step in openSteps.Values)
        {
            Console.WriteLine("  " + step.Line(open.Seconds));
        }

        // 4. The landing page of a link under load: links still live (booked ones answer 410).
        var live = unbooked.Count > 0 ? unbooked : invitees;
        var landing = await LoadAsync(http, "landing*", i => $"/i/{live[i % live.Count].Token}", o);
        Console.WriteLine("  " + landing.Stats.Line(landing.Seconds) + "   (landing page alone)");
        // The floor of this machine: the cheapest answer the app gives (no database), same clients.
        var floor = await LoadAsync(http, "floor*", _ => "/health/live", o);
        Console.WriteLine("  " + floor.Stats.Line(floor.Seconds) + "   (/health/live, same clients: what HTTP alone costs here)");

        // 5. The database afterwards.
        await using var check = Db(o, connection);
        var slots = await check.Slots.AsNoTracking().ToListAsync();
        var appointments = await check.Appointments.AsNoTracking().Where(a => a.State == AppointmentState.Booked).ToListAsync();
        var overbooked = slots.Count(s => s.Booked > s.Capacity || appointments.Count(a => a.SlotId == s.Id) > s.Capacity);
        var duplicates = appointments.GroupBy(a => (a.PersonId, a.DoseNumber)).Count(g => g.Count() > 1);
        var seats = slots.Sum(s => s.Capacity);
        var bookedSeats = slots.Sum(s => s.Booked);
        var consistent = bookedSeats == appointments.Count;
        Console.WriteLine($"checks    seats {seats}, booked {bookedSeats}, appointments {appointments.Count}, overbooked slots {overbooked}, duplicate appointments {duplicates}, counts agree: {consistent}");

        // 6. Choosing the next 10,000 from a long line.
        var selectionMs = await Selection.MeasureAsync(o, connection, check);
        Console.WriteLine($"selection next 10,000 of {o.Waiting:N0} waiting: {selectionMs:0.0} ms");

        var peak = server.PeakMemoryMb();
        var serverErrors = steps.Values.Sum(s => s.ServerErrors) + openSteps.Values.Sum(s => s.ServerErrors) + landing.Stats.ServerErrors;
        var ratio = baseline.PerSecond == 0 ? 0 : booked / seconds / baseline.PerSecond;
        var floorRatio = pathFloor.PerSecond == 0 ? 0 : booked / seconds / pathFloor.PerSecond;
        Console.WriteLine($"summary   end-to-end {booked / seconds:0.0} bookings/s = {ratio:P1} of the database baseline, {floorRatio:P1} of the path floor; p99 booking {steps["book"].Percentile(99):0.0} ms "
            + $"(open loop at {openRate:0.0}/s: p50 {openSteps["book"].Percentile(50):0.0} ms, p99 {openSteps["book"].Percentile(99):0.0} ms); server peak {peak:0} MB; 5xx {serverErrors}; {total.Elapsed.TotalSeconds:0} s in all");

        if (o.Json is { } file)
        {
            var summary = new
            {
                provider = o.Provider,
                bookingsPerSecond = Math.Round(booked / seconds, 1),
                baselineBookingsPerSecond = Math.Round(baseline.PerSecond, 1),
                ratio = Math.Round(ratio, 3),
                pathFloorPerSecond = Math.Round(pathFloor.PerSecond, 1),
                pathFloorRatio = Math.Round(floorRatio, 3),
                pathFloor = new
                {
                    invitees = pathFloor.Invitees,
                    bookings = pathFloor.Bookings,
                    seconds = Math.Round(pathFloor.Seconds, 2),
                    commitsPerSecond = Math.Round(pathFloor.CommitsPerSecond, 0),
                    rollbacks = pathFloor.Rollbacks,
                    cpuMsPerInviteeDatabase = o.Provider == "postgres" ? Math.Round(pathFloor.DatabaseCpuSeconds * 1000 / pathFloor.Invitees, 2) : (double?)null,
                    cpuMsPerInviteeClient = Math.Round(pathFloor.ClientCpuSeconds * 1000 / pathFloor.Invitees, 2),
                    serverCpuSeconds = Math.Round(pathFloor.ServerCpuSeconds, 1),
                },
                cpuMsPerInviteeServer = Math.Round(serverMsPerInvitee, 2),
                cpuMsPerInviteeDatabase = databaseMsPerInvitee is { } d ? Math.Round(d, 2) : (double?)null,
                openLoop = new
                {
                    ratePerSecond = Math.Round(openRate, 1),
                    invitees = openInvitees.Count,
                    booked = open.Booked,
                    seconds = Math.Round(open.Seconds, 1),
                    p50BookingMs = Math.Round(openSteps["book"].Percentile(50), 1),
                    p99BookingMs = Math.Round(openSteps["book"].Percentile(99), 1),
                    maxStartLagMs = Math.Round(open.MaxStartLagMs, 1),
                    serverErrors = openSteps.Values.Sum(s => s.ServerErrors),
                    steps = openSteps.Values.ToDictionary(st => st.Name, st => new { count = st.Count, p50Ms = Math.Round(st.Percentile(50), 1), p99Ms = Math.Round(st.Percentile(99), 1) }),
                },
                p99BookingMs = Math.Round(steps["book"].Percentile(99), 1),
                seats,
                booked = bookedSeats,
                overbooked,
                duplicateAppointments = duplicates,
                serverErrors,
                peakMemoryMb = Math.Round(peak, 0),
                landingRequestsPerSecond = Math.Round(landing.Stats.Count / landing.Seconds, 0),
                landingP99Ms = Math.Round(landing.Stats.Percentile(99), 1),
                floorRequestsPerSecond = Math.Round(floor.Stats.Count / floor.Seconds, 0),
                selectionMs = Math.Round(selectionMs, 1),
                waiting = o.Waiting,
                users = o.Users,
                quick = o.Quick,
                serverCpuMsPerInvitee = Math.Round(serverMsPerInvitee, 2),
                databaseCpuMsPerInvitee = Math.Round(used.Database * 1000 / invitees.Count, 2),
                clientCpuSeconds = Math.Round(used.Client, 1),
            };
            await File.WriteAllTextAsync(file, JsonSerializer.Serialize(summary, new JsonSerializerOptions { WriteIndented = true }));
        }
        return overbooked == 0 && duplicates == 0 && serverErrors == 0 && consistent ? 0 : 1;
    }

    private static Dictionary<string, StepStats> NewSteps() =>
        new[] { "landing", "code", "verify", "slots", "book" }.ToDictionary(n => n, n => new StepStats(n));

    /// <summary>
    /// The open loop: invitee k starts at start + k / rate whether or not the earlier ones are done
    /// (an arrival rate, not a fixed number of users), and then plays the same steps as the closed
    /// loop without pause. Each step is timed from when it is sent; the first from the scheduled
    /// arrival when the client starts it late.
    /// </summary>
    private static async Task<(int Booked, double Seconds, double MaxStartLagMs)> PlayOpenLoopAsync(BenchOptions o, string connection, HttpClient http,
        List<Invitee> invitees, double rate, Dictionary<string, StepStats> steps)
    {
        var start = Stopwatch.GetTimestamp();
        var tasks = new List<Task<bool>>(invitees.Count);
        var maxLag = 0.0;
        for (var k = 0; k < invitees.Count; k++)
        {
            var scheduled = start + (long)(k * Stopwatch.Frequency / rate);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), scheduled);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }
            maxLag = Math.Max(maxLag, Stopwatch.GetElapsedTime(scheduled).TotalMilliseconds);
            var invitee = invitees[k];
            tasks.Add(Task.Run(async () =>
            {
                await using var db = Db(o, connection);
                return await PlayAsync(http, db, invitee, steps, scheduled);
            }));
        }
        var booked = (await Task.WhenAll(tasks)).Count(b => b);
        return (booked, Stopwatch.GetElapsedTime(start).TotalSeconds, maxLag);
    }

    /// <summary>Plays every invitee with the virtual users; returns those who did not book.</summary>
    private static async Task<List<Invitee>> PlayWaveAsync(BenchOptions o, string connection, HttpClient http, List<Invitee> invitees, Dictionary<string, StepStats> steps)
    {
        var queue = new System.Collections.Concurrent.ConcurrentQueue<Invitee>(invitees);
        var unbooked = new System.Collections.Concurrent.ConcurrentBag<Invitee>();
        await Task.WhenAll(Enumerable.Range(0, o.Users).Select(async _ =>
        {
            await using var db = Db(o, connection);
            while (queue.TryDequeue(out var invitee))
            {
                if (!await PlayAsync(http, db, invitee, steps))
                {
                    unbooked.Add(invitee);
                }
            }
        }));
        return [.. unbooked];
    }

    private static async Task<string> AdminAsync(HttpClient http, FairShotServer server)
    {
        var response = await http.PostAsJsonAsync("/api/v1/auth/token", new { email = FairShotServer.AdminEmail, password = server.AdminPassword });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, string token, string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {text}");
        }
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>Days of 10:00-20:00 in 15-minute slots (40 a day), then 1.3 invitees per seat, invited by a wave.</summary>
    private static async Task<List<Invitee>> SeedAsync(BenchOptions o, string connection, HttpClient http, string admin, string prefix, int dayOffset, int days, int capacityPerSlot)
    {
        var clinic = await PostAsync(http, admin, "/api/v1/admin/clinics", new { name = $"Bench Fairgrounds ({prefix})", address = "1 Bench Rd", timeZone = "America/Chicago" });
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        // Seats need doses behind them: the clinic receives every dose its days will offer first.
        await PostAsync(http, admin, "/api/v1/admin/shipments", new
        {
            clinicId = clinic.GetProperty("id").GetString(),
            cvxCode = "212",
            lot = "BENCH-1",
            expiresOn = "2099-12-31",
            doses = days * 40 * capacityPerSlot,
        });
        var dayIds = new List<string>();
        for (var d = 0; d < days; d++)
        {
            var day = await PostAsync(http, admin, $"/api/v1/admin/clinics/{clinic.GetProperty("id").GetString()}/days",
                new { date = today.AddDays(dayOffset + d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), opensAt = "10:00", closesAt = "20:00", slotMinutes = 15, capacityPerSlot, cvxCode = "212" });
            dayIds.Add(day.GetProperty("id").GetString()!);
        }
        var count = (int)(days * 40 * capacityPerSlot * 1.3);
        var births = new Dictionary<string, DateOnly>();
        await using (var db = Db(o, connection))
        {
            var phase = await db.Phases.SingleAsync(p => p.Code == "1a");
            var group = await db.PriorityGroups.SingleAsync(g => g.Code == "healthcare-workers");
            var now = DateTime.UtcNow;
            for (var i = 0; i < count; i++)
            {
                var email = $"{prefix}{i}@bench.example.org";
                var dob = new DateOnly(1950, 1, 1).AddDays(i % 15000);
                births[email] = dob;
                var person = Person.Register(new Person.Details($"{prefix}{i}", "Bench", dob, email, null, "63050", "healthcare", "home", [], "en"),
                    now.AddMilliseconds(i), RegistrationSource.Self, null);
                person.AssignGroup(phase, group, today);
                db.People.Add(person);
                if (i % 2000 == 1999)
                {
                    await db.SaveChangesAsync();
                    db.ChangeTracker.Clear();
                }
            }
            await db.SaveChangesAsync();
        }
        foreach (var dayId in dayIds)
        {
            await PostAsync(http, admin, $"/api/v1/admin/clinic-days/{dayId}/invitations", new { count = count / days + 1 });
        }
        await using var read = Db(o, connection);
        var domain = "@bench.example.org";
        var messages = (await read.Outbox.AsNoTracking().Where(m => m.Template == "invitation").Select(m => new { m.Recipient, m.Body }).ToListAsync())
            .Where(m => m.Recipient.StartsWith(prefix, StringComparison.Ordinal) && m.Recipient.EndsWith(domain, StringComparison.Ordinal)).ToList();
        return messages.Select(m => new Invitee(m.Recipient, births[m.Recipient], LinkPattern().Match(m.Body).Groups[1].Value)).ToList();
    }

    /// <summary>One invitee: open the link, ask for the code, read it, verify, list slots, book (another slot on 409).</summary>
    private static async Task<bool> PlayAsync(HttpClient http, FairShotDb db, Invitee invitee, Dictionary<string, StepStats> steps, long? scheduledAt = null)
    {
        (await steps["landing"].TimeAsync(() => http.GetAsync($"/i/{invitee.Token}"), scheduledAt)).Dispose();
        var sent = await steps["code"].TimeAsync(() => http.PostAsync($"/api/v1/invitations/{invitee.Token}/code", null));
        if (sent.StatusCode != HttpStatusCode.Accepted)
        {
            return false;
        }
        var body = await db.Outbox.AsNoTracking().Where(m => m.Recipient == invitee.Email && m.Template == "invitation-code")
            .OrderByDescending(m => m.CreatedAt).Select(m => m.Body).FirstAsync();
        var code = CodePattern().Match(body).Groups[1].Value;
        var verified = await steps["verify"].TimeAsync(() => http.PostAsJsonAsync($"/api/v1/invitations/{invitee.Token}/verify",
            new { code, dateOfBirth = invitee.DateOfBirth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }));
        if (!verified.IsSuccessStatusCode)
        {
            return false;
        }
        var session = (await verified.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sessionToken").GetString();
        using var slotsRequest = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/invitations/{invitee.Token}/slots");
        slotsRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session);
        var slotsResponse = await steps["slots"].TimeAsync(() => http.SendAsync(slotsRequest));
        var slots = (await slotsResponse.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(s => s.GetProperty("id").GetString()!).ToList();
        var key = Guid.NewGuid().ToString();
        var choice = slots.Count == 0 ? null : slots[Random.Shared.Next(slots.Count)];
        for (var attempt = 0; choice is not null && attempt < 10; attempt++)
        {
            using var book = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/invitations/{invitee.Token}/appointments") { Content = JsonContent.Create(new { slotId = choice }) };
            book.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session);
            book.Headers.Add("Idempotency-Key", key + attempt);
            var answer = await steps["book"].TimeAsync(() => http.SendAsync(book));
            if (answer.StatusCode == HttpStatusCode.Created)
            {
                return true;
            }
            if (answer.StatusCode != HttpStatusCode.Conflict)
            {
                return false;
            }
            var alternatives = (await answer.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("alternatives", out var a) ? a.EnumerateArray().ToList() : [];
            choice = alternatives.Count == 0 ? null : alternatives[Random.Shared.Next(alternatives.Count)].GetProperty("id").GetString();
        }
        return false;
    }

    /// <summary>One path under load from 64 clients for 5 s (15 s full).</summary>
    private static async Task<(StepStats Stats, double Seconds)> LoadAsync(HttpClient http, string name, Func<int, string> path, BenchOptions o)
    {
        var stats = new StepStats(name);
        var until = DateTime.UtcNow.AddSeconds(o.Quick ? 5 : 15);
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Math.Min(o.Users, 64)).Select(async worker =>
        {
            var i = worker;
            while (DateTime.UtcNow < until)
            {
                (await stats.TimeAsync(() => http.GetAsync(path(i)))).Dispose();
                i += 64;
            }
        }));
        return (stats, watch.Elapsed.TotalSeconds);
    }
}
