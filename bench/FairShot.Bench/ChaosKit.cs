using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Bench;

// The pieces the chaos suite is built from, shared by the bench's `chaos` command and the quick
// versions in tests/FairShot.Tests/Reliability (which compile this file in as a link): FairShot as
// a real OS process that can be killed with SIGKILL and started again on the same database, a
// booking wave that keeps every answer it was given, the invariants checked afterwards, and an SMTP
// server that can refuse or hang on command. Public API of the app only.

/// <summary>FairShot started as its own process (the Release build next to this assembly) on 127.0.0.1.</summary>
internal sealed class ChaosApp : IAsyncDisposable
{
    public const string AdminEmail = "chaos@fairshot.local";
    private readonly Dictionary<string, string> _env;
    private readonly ConcurrentQueue<string> _errors = new();
    private Process? _process;

    private ChaosApp(string provider, string connectionString, int port, Dictionary<string, string> env)
    {
        Provider = provider;
        ConnectionString = connectionString;
        BaseUrl = $"http://127.0.0.1:{port}";
        _env = env;
    }

    public string Provider { get; }
    public string ConnectionString { get; }
    public string BaseUrl { get; }
    public string AdminPassword { get; } = "chaos-" + Guid.NewGuid().ToString("N");
    public int Starts { get; private set; }
    public bool Running => _process is { HasExited: false };

    /// <summary>The last lines the app wrote to stderr (warnings and errors), for a failure message.</summary>
    public string RecentErrors => string.Join('\n', _errors.TakeLast(40));

    public static async Task<ChaosApp> StartAsync(string provider, string connectionString, string workDir, IDictionary<string, string>? extra = null)
    {
        var port = FreePort();
        var env = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Database__Provider"] = provider,
            ["ConnectionStrings__FairShot"] = connectionString,
            ["Bootstrap__AdminEmail"] = AdminEmail,
            ["Notifications__Directory"] = Path.Combine(workDir, "outbox"),
            ["Notifications__PollInterval"] = "00:00:00.500",
            ["Audit__SealInterval"] = "00:00:00.500",
            ["Audit__SealDelay"] = "00:00:01",
            ["Demo__Seed"] = "false",
            // Every virtual invitee comes from 127.0.0.1: the per-address brakes are the burst's subject, not the wave's.
            ["RateLimits__SignInsPerMinute"] = "1000000",
            ["RateLimits__CodesPerMinute"] = "1000000",
            ["RateLimits__InvitationActionsPerMinute"] = "100000000",
            ["Logging__LogLevel__Default"] = "Warning",
            ["PublicBaseUrl"] = $"http://127.0.0.1:{port}",
            ["Security__RequireHttps"] = "false",
            // Production wants a key for the audit chain, the same on every start of this app.
            ["Audit__ChainKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            // The wave's admin signs in with a password only; staff sign-in is not what breaks here.
            ["Security__RequireAdminTwoFactor"] = "false",
            ["RateLimits__RegistrationsPerMinute"] = "1000000",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            env[key] = value;
        }
        var app = new ChaosApp(provider, connectionString, port, env);
        app._env["Bootstrap__AdminPassword"] = app.AdminPassword;
        await app.StartAsync();
        return app;
    }

    /// <summary>Starts the process (again, after a kill) and waits until /health/ready answers 200.</summary>
    public async Task StartAsync()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "FairShot.slnx")))
        {
            root = root.Parent;
        }
        var contentRoot = Path.Combine(root?.FullName ?? throw new InvalidOperationException("Not inside the FairShot repository."), "src", "FairShot");
        var info = new ProcessStartInfo("dotnet", $"\"{Path.Combine(AppContext.BaseDirectory, "FairShot.dll")}\" --urls {BaseUrl} --contentRoot \"{contentRoot}\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in _env)
        {
            info.Environment[key] = value;
        }
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                _errors.Enqueue(line);
                while (_errors.Count > 200 && _errors.TryDequeue(out string? _))
                {
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        Starts++;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(300);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"FairShot exited at start-up ({process.ExitCode}): {RecentErrors}");
            }
            try
            {
                if ((await http.GetAsync(BaseUrl + "/health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("FairShot did not become ready within 300 seconds: " + RecentErrors);
    }

    /// <summary>kill -9: SIGKILL to the process (and anything it started); nothing is flushed, nothing is stopped gracefully.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public FairShotDb Db()
    {
        var builder = new DbContextOptionsBuilder<FairShotDb>();
        if (Provider == "Postgres")
        {
            builder.UseNpgsql(ConnectionString);
        }
        else
        {
            builder.UseSqlite(ConnectionString + ";Default Timeout=60");
        }
        return new FairShotDb(builder.Options);
    }

    public HttpClient Client(int connections = 64) => new(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        BaseAddress = new Uri(BaseUrl),
        Timeout = TimeSpan.FromSeconds(60),
    };

    public async Task<HttpClient> AdminAsync()
    {
        var http = Client();
        var token = await http.PostAsJsonAsync("/api/v1/auth/token", new { email = AdminEmail, password = AdminPassword });
        token.EnsureSuccessStatusCode();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        return http;
    }

    /// <summary>Waits until the sealer has sealed every entry, then asks the app to verify the chain.</summary>
    public async Task<(bool Valid, string Answer)> VerifyAuditAsync(HttpClient admin, TimeSpan wait)
    {
        var deadline = DateTime.UtcNow + wait;
        while (DateTime.UtcNow < deadline)
        {
            await using var db = Db();
            if (!await db.AuditEntries.AnyAsync(e => e.Sequence == null))
            {
                break;
            }
            await Task.Delay(300);
        }
        var answer = await (await admin.GetAsync("/api/v1/admin/audit/verify")).Content.ReadAsStringAsync();
        var json = JsonDocument.Parse(answer).RootElement;
        return (json.TryGetProperty("valid", out var valid) && valid.GetBoolean(), answer);
    }

    /// <summary>A port the kernel says is free on loopback, never one of those reserved on this machine.</summary>
    public static int FreePort()
    {
        while (true)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            if (port is not (5080 or 5432 or 5433))
            {
                return port;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
    }
}

/// <summary>One invitee of a chaos wave: a link and a verified session (made in the database, so the wave is the booking alone).</summary>
internal sealed record Contender(Guid InvitationId, Guid PersonId, string Email, string Token, string Session);

/// <summary>A 201 the app gave: what must survive anything that happens afterwards.</summary>
internal sealed record Acknowledged(Contender Who, string Key, string SlotId, string ConfirmationCode, string Body);

/// <summary>What a wave saw: every request, every 5xx (and when), every acknowledged booking.</summary>
internal sealed class WaveTally
{
    private int _requests, _serverErrors, _transportErrors, _rateLimited, _rateLimitedWithoutRetryAfter, _unexpected;
    public ConcurrentBag<Acknowledged> Acknowledged { get; } = [];
    public ConcurrentBag<string> ServerErrorSamples { get; } = [];
    public ConcurrentBag<string> UnexpectedSamples { get; } = [];
    public int Requests => _requests;
    public int ServerErrors => _serverErrors;
    public int TransportErrors => _transportErrors;
    public int RateLimited => _rateLimited;
    public int RateLimitedWithoutRetryAfter => _rateLimitedWithoutRetryAfter;
    public int Unexpected => _unexpected;

    /// <summary>Set while a fault is on (the database down): 5xx then are counted apart from those at other times.</summary>
    public bool FaultOn { get => Volatile.Read(ref _faultOn); set => Volatile.Write(ref _faultOn, value); }
    private bool _faultOn;
    private int _serverErrorsDuringFault;
    public int ServerErrorsDuringFault => _serverErrorsDuringFault;

    public void Request() => Interlocked.Increment(ref _requests);

    public void Transport() => Interlocked.Increment(ref _transportErrors);

    public void RateLimit(bool hasRetryAfter)
    {
        Interlocked.Increment(ref _rateLimited);
        if (!hasRetryAfter)
        {
            Interlocked.Increment(ref _rateLimitedWithoutRetryAfter);
        }
    }

    public void ServerError(string sample)
    {
        if (FaultOn)
        {
            Interlocked.Increment(ref _serverErrorsDuringFault);
        }
        else
        {
            Interlocked.Increment(ref _serverErrors);
        }
        if (ServerErrorSamples.Count < 20)
        {
            ServerErrorSamples.Add(sample);
        }
    }

    public void Odd(string sample)
    {
        Interlocked.Increment(ref _unexpected);
        if (UnexpectedSamples.Count < 20)
        {
            UnexpectedSamples.Add(sample);
        }
    }
}

/// <summary>What the database holds after the fault, against what the wave was told.</summary>
internal sealed record WaveCheck(int Acknowledged, int Lost, int Appointments, int OverCapacitySlots, int CounterMismatches, int Duplicates,
    int UsedWithoutAppointment, int WithoutAudit, int WithoutMessage, int Replayed, int ReplayMismatches, bool AuditValid, string AuditAnswer)
{
    public bool Holds => Lost == 0 && OverCapacitySlots == 0 && CounterMismatches == 0 && Duplicates == 0 && UsedWithoutAppointment == 0
        && WithoutAudit == 0 && WithoutMessage == 0 && ReplayMismatches == 0 && AuditValid;

    public override string ToString() =>
        $"acknowledged {Acknowledged}, lost {Lost}, appointments {Appointments}, slots over capacity {OverCapacitySlots}, counters off {CounterMismatches}, "
        + $"duplicates {Duplicates}, used invitations without appointment {UsedWithoutAppointment}, without audit {WithoutAudit}, without message {WithoutMessage}, "
        + $"replays {Replayed} of which different {ReplayMismatches}, audit chain valid {AuditValid}";
}

/// <summary>
/// A clinic day and its invitees, seeded for a wave: the day through the admin API (its slots are the
/// app's), people, invitations and verified sessions straight into the database (what the wave API
/// and the code step would have made), so that the wave is bookings and nothing else.
/// </summary>
internal sealed class ChaosWave
{
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    private ChaosWave(string dayId, List<string> slotIds, List<Contender> contenders)
    {
        DayId = dayId;
        SlotIds = slotIds;
        Contenders = contenders;
    }

    public string DayId { get; }
    public List<string> SlotIds { get; }
    public List<Contender> Contenders { get; }

    public static async Task<ChaosWave> SeedAsync(ChaosApp app, HttpClient admin, string prefix, int slots, int perSlot, int invitees, int dayOffset = 3)
    {
        var clinic = await JsonAsync(await admin.PostAsJsonAsync("/api/v1/admin/clinics", new { name = $"Chaos Hall {prefix}", address = "9 Fault Line Rd", timeZone = "America/Chicago" }));
        var date = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(dayOffset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        // Seats need doses behind them: the clinic receives enough for the day first.
        await JsonAsync(await admin.PostAsJsonAsync("/api/v1/admin/shipments", new
        {
            clinicId = clinic.GetProperty("id").GetString(),
            cvxCode = "212",
            lot = "CHAOS-1",
            expiresOn = "2099-12-31",
            doses = slots * perSlot,
        }));
        var closes = new TimeOnly(8, 0).AddMinutes(15 * slots).ToString("HH:mm", CultureInfo.InvariantCulture);
        var day = await JsonAsync(await admin.PostAsJsonAsync($"/api/v1/admin/clinics/{clinic.GetProperty("id").GetString()}/days",
            new { date, opensAt = "08:00", closesAt = closes, slotMinutes = 15, capacityPerSlot = perSlot, cvxCode = "212" }));
        var dayId = day.GetProperty("id").GetString()!;
        var slotIds = day.GetProperty("slots").EnumerateArray().Select(s => s.GetProperty("id").GetString()!).ToList();

        var contenders = new List<Contender>();
        await using var db = app.Db();
        var phase = await db.Phases.SingleAsync(p => p.Code == "1a");
        var group = await db.PriorityGroups.SingleAsync(g => g.Code == "healthcare-workers");
        var now = DateTime.UtcNow;
        var today = DateOnly.FromDateTime(now);
        var wave = Guid.CreateVersion7();
        for (var i = 0; i < invitees; i++)
        {
            var email = $"{prefix}{i}@chaos.example.org";
            var person = Person.Register(new Person.Details($"Chaos{i}", prefix, new DateOnly(1950, 1, 1).AddDays(i % 15000), email, null, "63050", "healthcare", "home", [], "en"),
                now, RegistrationSource.Self, null);
            person.AssignGroup(phase, group, today);
            db.People.Add(person);
            var (invitation, token) = Invitation.Issue(person.Id, wave, InvitationKind.Wave, 1, "212", Guid.Parse(dayId), null, null, now, TimeSpan.FromHours(48), Actor.System);
            db.Invitations.Add(invitation);
            var session = Invitation.NewToken();
            db.InvitationSessions.Add(new InvitationSession(invitation.Id, Invitation.HashToken(session), "email", now));
            contenders.Add(new Contender(invitation.Id, person.Id, email, token, session));
            if (i % 500 == 499)
            {
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
        }
        await db.SaveChangesAsync();
        return new ChaosWave(dayId, slotIds, contenders);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {text}");
        }
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>
    /// Every contender books with <paramref name="workers"/> at once, as a client should: one
    /// Idempotency-Key per choice of slot, the same key again after a lost connection, a 5xx or a 429
    /// (after its Retry-After), another slot from the alternatives on 409. <paramref name="onProgress"/>
    /// is called after each acknowledged booking with how many there are so far (the fault is injected from it).
    /// </summary>
    public async Task<WaveTally> PlayAsync(HttpClient http, int workers, TimeSpan patience, Func<int, Task>? onProgress = null, Action<WaveTally>? started = null)
    {
        var tally = new WaveTally();
        started?.Invoke(tally);
        var queue = new ConcurrentQueue<Contender>(Contenders);
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            while (queue.TryDequeue(out var who))
            {
                await BookOneAsync(http, who, tally, patience);
                if (onProgress is not null)
                {
                    await onProgress(tally.Acknowledged.Count);
                }
            }
        }));
        return tally;
    }

    private async Task BookOneAsync(HttpClient http, Contender who, WaveTally tally, TimeSpan patience)
    {
        var slot = SlotIds[Random.Shared.Next(SlotIds.Count)];
        var key = Guid.NewGuid().ToString();
        var giveUp = DateTime.UtcNow + patience;
        while (DateTime.UtcNow < giveUp)
        {
            HttpResponseMessage answer;
            string body;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/invitations/{who.Token}/appointments") { Content = JsonContent.Create(new { slotId = slot }) };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", who.Session);
                request.Headers.Add("Idempotency-Key", key);
                tally.Request();
                answer = await http.SendAsync(request);
                body = await answer.Content.ReadAsStringAsync();
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                // The app is gone (or the answer with it): the same request again with the same key.
                tally.Transport();
                await Task.Delay(250);
                continue;
            }
            var status = (int)answer.StatusCode;
            if (status == 201)
            {
                var code = JsonDocument.Parse(body).RootElement.GetProperty("confirmationCode").GetString()!;
                tally.Acknowledged.Add(new Acknowledged(who, key, slot, code, body));
                return;
            }
            if (status >= 500)
            {
                tally.ServerError($"POST /api/v1/invitations/…/appointments → {status} {Shorten(body)}");
                await Task.Delay(250);
                continue;
            }
            if (status == 429)
            {
                var wait = answer.Headers.RetryAfter?.Delta;
                tally.RateLimit(wait is not null || answer.Headers.RetryAfter?.Date is not null);
                await Task.Delay(wait ?? TimeSpan.FromSeconds(1));
                continue;
            }
            if (status == 409)
            {
                var json = JsonDocument.Parse(body).RootElement;
                var alternatives = json.TryGetProperty("alternatives", out var a) ? a.EnumerateArray().Select(x => x.GetProperty("id").GetString()!).ToList() : [];
                if (alternatives.Count == 0)
                {
                    return; // the day is full: a fair answer, not a lost booking
                }
                slot = alternatives[Random.Shared.Next(alternatives.Count)];
                key = Guid.NewGuid().ToString();
                continue;
            }
            tally.Odd($"POST appointments → {status} {Shorten(body)}");
            return;
        }
    }

    private static string Shorten(string body) => body.Length > 300 ? body[..300] + "…" : body;

    /// <summary>The invariants, read from the database, and each acknowledged booking asked for again with its key.</summary>
    public async Task<WaveCheck> CheckAsync(ChaosApp app, HttpClient http, HttpClient admin, WaveTally tally, int replays = int.MaxValue, TimeSpan? auditWait = null)
    {
        var dayId = Guid.Parse(DayId);
        var mine = Contenders.Select(c => c.InvitationId).ToHashSet();
        await using var db = app.Db();
        var slots = await db.Slots.AsNoTracking().Where(s => s.ClinicDayId == dayId).ToListAsync();
        var appointments = await db.Appointments.AsNoTracking().Where(a => a.ClinicDayId == dayId && a.State == AppointmentState.Booked).ToListAsync();
        var byCode = appointments.ToDictionary(a => a.ConfirmationCode);
        var lost = tally.Acknowledged.Count(a => !byCode.TryGetValue(a.ConfirmationCode, out var row) || row.InvitationId != a.Who.InvitationId);
        var over = slots.Count(s => s.Booked > s.Capacity);
        var counters = slots.Count(s => s.Booked != appointments.Count(a => a.SlotId == s.Id));
        var duplicates = appointments.GroupBy(a => (a.PersonId, a.DoseNumber)).Count(g => g.Count() > 1);
        var used = (await db.Invitations.AsNoTracking().Where(i => i.State == InvitationState.Used).Select(i => i.Id).ToListAsync()).Where(mine.Contains).ToList();
        var withAppointment = appointments.Where(a => a.InvitationId is not null).Select(a => a.InvitationId!.Value).ToHashSet();
        var usedWithout = used.Count(id => !withAppointment.Contains(id));
        var ids = appointments.Select(a => a.Id.ToString()).ToList();
        var audited = (await db.AuditEntries.AsNoTracking().Where(e => e.Action == "appointment.booked").Select(e => e.EntityId).ToListAsync()).ToHashSet();
        var withoutAudit = ids.Count(id => !audited.Contains(id));
        var emails = Contenders.ToDictionary(c => c.PersonId, c => c.Email);
        var messaged = (await db.Outbox.AsNoTracking().Where(m => m.Template == NotificationTemplates.Booked).Select(m => m.Recipient).ToListAsync()).ToHashSet();
        var withoutMessage = appointments.Count(a => !emails.TryGetValue(a.PersonId, out var email) || !messaged.Contains(email));

        // The same request with the same key: the same answer (the app remembers it in the database).
        var replayed = 0;
        var mismatches = 0;
        foreach (var ack in tally.Acknowledged.Take(replays))
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/invitations/{ack.Who.Token}/appointments") { Content = JsonContent.Create(new { slotId = ack.SlotId }) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ack.Who.Session);
            request.Headers.Add("Idempotency-Key", ack.Key);
            var again = await http.SendAsync(request);
            var body = await again.Content.ReadAsStringAsync();
            replayed++;
            if ((int)again.StatusCode != 201 || JsonDocument.Parse(body).RootElement.GetProperty("confirmationCode").GetString() != ack.ConfirmationCode)
            {
                mismatches++;
            }
        }
        var (valid, answer) = await app.VerifyAuditAsync(admin, auditWait ?? TimeSpan.FromSeconds(30));
        return new WaveCheck(tally.Acknowledged.Count, lost, appointments.Count, over, counters, duplicates, usedWithout, withoutAudit, withoutMessage, replayed, mismatches, valid, answer);
    }
}

/// <summary>
/// A loopback SMTP server that can be told to be up (accepts and keeps every message, in the order
/// received), refusing (nothing listens: the connection is refused) or hanging (accepts the
/// connection and never says a word).
/// </summary>
internal sealed class ChaosSmtp : IAsyncDisposable
{
    public enum Mode
    {
        Up,
        Refusing,
        Hanging,
    }

    private readonly Lock _gate = new();
    private readonly List<(string MessageId, string Data)> _received = [];
    private readonly List<TcpClient> _held = [];
    private TcpListener? _listener;
    private CancellationTokenSource _stop = new();

    public ChaosSmtp()
    {
        Port = ChaosApp.FreePort();
        Listen();
    }

    public int Port { get; }
    public Mode Current { get; private set; } = Mode.Up;
    public int Connections;

    /// <summary>The X-FairShot-Message-Id of each message received, in order.</summary>
    public IReadOnlyList<string> ReceivedIds
    {
        get
        {
            lock (_gate)
            {
                return [.. _received.Select(r => r.MessageId)];
            }
        }
    }

    public void Set(Mode mode)
    {
        lock (_gate)
        {
            if (mode == Current)
            {
                return;
            }
            if (Current == Mode.Refusing)
            {
                Listen();
            }
            if (mode == Mode.Refusing)
            {
                _stop.Cancel();
                _listener?.Stop();
                _listener = null;
            }
            if (Current == Mode.Hanging)
            {
                foreach (var client in _held)
                {
                    client.Dispose();
                }
                _held.Clear();
            }
            Current = mode;
        }
    }

    private void Listen()
    {
        _stop = new CancellationTokenSource();
        var listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        _listener = listener;
        var stop = _stop.Token;
        _ = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await listener.AcceptTcpClientAsync(stop);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }
                Interlocked.Increment(ref Connections);
                lock (_gate)
                {
                    if (Current == Mode.Hanging)
                    {
                        _held.Add(client); // accepted, never answered
                        continue;
                    }
                }
                _ = Task.Run(() => ServeAsync(client));
            }
        }, CancellationToken.None);
    }

    private async Task ServeAsync(TcpClient client)
    {
        try
        {
            using (client)
            {
                var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.UTF8);
                await using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\r\n", AutoFlush = true };
                await writer.WriteLineAsync("220 chaos.test ESMTP");
                while (await reader.ReadLineAsync() is { } line)
                {
                    switch (line.Split(' ', 2)[0].ToUpperInvariant())
                    {
                        case "EHLO":
                            await writer.WriteLineAsync("250-chaos.test");
                            await writer.WriteLineAsync("250 8BITMIME");
                            break;
                        case "DATA":
                            await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                            var data = new StringBuilder();
                            var complete = false;
                            while (await reader.ReadLineAsync() is { } dataLine)
                            {
                                if (dataLine == ".")
                                {
                                    complete = true;
                                    break;
                                }
                                data.Append(dataLine).Append("\r\n");
                            }
                            if (!complete)
                            {
                                return; // the sender gave up mid-message (its timeout): not delivered
                            }
                            var text = data.ToString();
                            var id = text.Split("\r\n").FirstOrDefault(l => l.StartsWith("X-FairShot-Message-Id:", StringComparison.OrdinalIgnoreCase))?[22..].Trim() ?? "";
                            lock (_gate)
                            {
                                _received.Add((id, text));
                            }
                            await writer.WriteLineAsync("250 OK: queued");
                            break;
                        case "QUIT":
                            await writer.WriteLineAsync("221 Bye");
                            return;
                        default:
                            await writer.WriteLineAsync("250 OK");
                            break;
                    }
                }
            }
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public ValueTask DisposeAsync()
    {
        Set(Mode.Up);
        _stop.Cancel();
        _listener?.Stop();
        _stop.Dispose();
        return ValueTask.CompletedTask;
    }
}
