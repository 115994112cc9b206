using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Notifications;
using FairShot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Tests.Platform;

/// <summary>
/// Production's shape on one machine: two FairShot processes on one PostgreSQL database behind
/// nginx (Debian's package, on loopback, passing X-Forwarded-Proto: https as a TLS terminator
/// would). Sessions and antiforgery tokens made by one instance work on the other, a wave booked
/// through both never overbooks, each outbox message is sent once, and the two audit sealers build
/// one valid chain. PostgreSQL only: SQLite is one instance by design.
/// </summary>
public sealed partial class TwoInstanceTests : IAsyncLifetime
{
    private readonly List<Process> _processes = [];
    private readonly string _dir = Directory.CreateTempSubdirectory("fairshot-two-").FullName;
    private TestDatabase? _database;
    private readonly string _password = "two-" + Guid.NewGuid().ToString("N");
    private string _nginx = "", _a = "", _b = "";
    private static readonly string ChainKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    [GeneratedRegex(@"/i/([A-Za-z0-9_-]{43})")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"name=""__RequestVerificationToken"" type=""hidden"" value=""([^""]+)""")]
    private static partial Regex AntiforgeryPattern();

    public async ValueTask InitializeAsync()
    {
        if (TestDatabase.CurrentProvider != DatabaseProvider.Postgres)
        {
            return;
        }
        Assert.True(File.Exists("/usr/sbin/nginx"), "nginx is not installed: ./test.sh installs it (apt-get install nginx-light).");
        _database = await TestDatabase.CreateAsync();
        int portA = FreePort(), portB = FreePort(), portN = FreePort();
        // Both start at once: the migration lock and the unique keys decide who creates what.
        var a = StartInstanceAsync("a", portA);
        var b = StartInstanceAsync("b", portB);
        await Task.WhenAll(a, b);
        (_a, _b) = ($"http://127.0.0.1:{portA}", $"http://127.0.0.1:{portB}");
        await StartNginxAsync(portN, portA, portB);
        _nginx = $"http://127.0.0.1:{portN}";
    }

    private async Task StartInstanceAsync(string name, int port)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "FairShot.slnx")))
        {
            root = Path.GetDirectoryName(root.TrimEnd('/'))!;
        }
        var info = new ProcessStartInfo("dotnet", $"\"{Path.Combine(AppContext.BaseDirectory, "FairShot.dll")}\" --urls http://127.0.0.1:{port} --contentRoot \"{Path.Combine(root, "src", "FairShot")}\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__FairShot"] = _database!.ConnectionString,
            ["Bootstrap__AdminEmail"] = "admin@two.local",
            ["Bootstrap__AdminPassword"] = _password,
            ["Notifications__Directory"] = Path.Combine(_dir, "outbox-" + name),
            ["Notifications__PollInterval"] = "00:00:00.300",
            ["Audit__SealInterval"] = "00:00:00.300",
            ["Audit__SealDelay"] = "00:00:00.500",
            ["RateLimits__SignInsPerMinute"] = "100000",
            // Production, where admins need an authenticator; this test is about sharing state, and
            // StaffSignInTests covers two-factor sign-in (AdminTwoFactorInProductionTests in Production).
            ["Security__RequireAdminTwoFactor"] = "false",
            ["RateLimits__InvitationActionsPerMinute"] = "1000000",
            ["RateLimits__RegistrationsPerMinute"] = "100000",
            ["Demo__Seed"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
            // nginx, on loopback, is the one proxy whose X-Forwarded-* headers count.
            ["ForwardedHeaders__KnownProxies"] = "127.0.0.1",
            // One chain key for both instances: each seals what the other wrote.
            ["Audit__ChainKey"] = ChainKey,
        })
        {
            info.Environment[key] = value;
        }
        var process = Process.Start(info)!;
        _processes.Add(process);
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < 240; i++)
        {
            if (process.HasExited)
            {
                Assert.Fail($"Instance {name} exited at start-up: {await errors} {await output}");
            }
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{port}/health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(250);
        }
        Assert.Fail($"Instance {name} did not become ready.");
    }

    private async Task StartNginxAsync(int port, int a, int b)
    {
        foreach (var temp in new[] { "body", "proxy", "fastcgi", "uwsgi", "scgi", "logs" })
        {
            Directory.CreateDirectory(Path.Combine(_dir, temp));
        }
        var config = Path.Combine(_dir, "nginx.conf");
        await File.WriteAllTextAsync(config, $$"""
            {{(Environment.UserName == "root" ? "user root;" : "")}}
            worker_processes 1;
            daemon off;
            pid {{_dir}}/nginx.pid;
            error_log {{_dir}}/logs/error.log warn;
            events { worker_connections 1024; }
            http {
                access_log off;
                client_body_temp_path {{_dir}}/body;
                proxy_temp_path {{_dir}}/proxy;
                fastcgi_temp_path {{_dir}}/fastcgi;
                uwsgi_temp_path {{_dir}}/uwsgi;
                scgi_temp_path {{_dir}}/scgi;
                upstream fairshot { server 127.0.0.1:{{a}}; server 127.0.0.1:{{b}}; keepalive 32; }
                server {
                    listen 127.0.0.1:{{port}};
                    location / {
                        proxy_pass http://fairshot;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_set_header Host $host;
                        proxy_set_header X-Forwarded-For $remote_addr;
                        proxy_set_header X-Forwarded-Proto https;
                    }
                }
            }
            """);
        var process = Process.Start(new ProcessStartInfo("/usr/sbin/nginx", $"-c {config} -p {_dir}") { RedirectStandardError = true, RedirectStandardOutput = true })!;
        _processes.Add(process);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < 40; i++)
        {
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{port}/health/live")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(250);
        }
        Assert.Fail("nginx did not start: " + (process.HasExited ? await process.StandardError.ReadToEndAsync() : "no answer"));
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private FairShotDb Db() => new(new DbContextOptionsBuilder<FairShotDb>().UseNpgsql(_database!.ConnectionString).Options);

    /// <summary>A client that talks to one instance directly as the proxy would (X-Forwarded-Proto: https), carrying cookies by hand.</summary>
    private static HttpClient Direct(string baseUrl)
    {
        var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl) };
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        return client;
    }

    private static string Cookies(HttpResponseMessage response) =>
        string.Join("; ", response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split(';')[0]) : []);

    [Fact]
    public async Task TwoInstancesBehindNginx_ShareSessionsAndAntiforgery_BookWithoutOverbooking_SendEachMessageOnce_AndKeepOneAuditChain()
    {
        Assert.SkipWhen(_database is null, "Two instances share a PostgreSQL database; this suite runs on SQLite.");

        // The sign-in form comes from instance A; its antiforgery token and cookie are accepted by B.
        using var a = Direct(_a);
        using var b = Direct(_b);
        var form = await a.GetAsync("/console/login");
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        var token = AntiforgeryPattern().Match(await form.Content.ReadAsStringAsync()).Groups[1].Value;
        using var post = new HttpRequestMessage(HttpMethod.Post, "/console/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = "admin@two.local", ["Password"] = _password, ["__RequestVerificationToken"] = token }),
        };
        post.Headers.Add("Cookie", Cookies(form));
        var signedIn = await b.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var session = Cookies(signedIn);
        Assert.Contains("FairShot.Staff=", session, StringComparison.Ordinal);
        // ...and the session cookie B issued works on A (and on B).
        foreach (var instance in new[] { a, b })
        {
            using var page = new HttpRequestMessage(HttpMethod.Get, "/console");
            page.Headers.Add("Cookie", session);
            var answer = await instance.SendAsync(page);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Contains("Signed in as", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Through nginx: an API token from one instance used on whichever answers.
        using var proxy = new HttpClient { BaseAddress = new Uri(_nginx) };
        var login = await (await proxy.PostAsJsonAsync("/api/v1/auth/token", new { email = "admin@two.local", password = _password })).Content.ReadFromJsonAsync<JsonElement>();
        proxy.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", login.GetProperty("accessToken").GetString());
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await proxy.GetAsync("/api/v1/admin/clinics")).StatusCode);
        }

        // A wave of 150 for a day of 50 seats backed by 40 doses (so 40 seats), booked through both instances at once.
        var date = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3).ToString("yyyy-MM-dd");
        var clinic = await (await proxy.PostAsJsonAsync("/api/v1/admin/clinics", new { name = "Two Instance Hall", address = "2 Proxy Rd", timeZone = "America/Chicago" })).Content.ReadFromJsonAsync<JsonElement>();
        await Stock.ReceiveAsync(proxy, clinic.GetProperty("id").GetString()!, "212", 40);
        var day = await (await proxy.PostAsJsonAsync($"/api/v1/admin/clinics/{clinic.GetProperty("id").GetString()}/days",
            new { date, opensAt = "09:00", closesAt = "10:15", slotMinutes = 15, capacityPerSlot = 10, cvxCode = "212" })).Content.ReadFromJsonAsync<JsonElement>();
        var dayId = day.GetProperty("id").GetString()!;
        Assert.Equal(40, day.GetProperty("capacity").GetInt32());
        for (var i = 0; i < 150; i++)
        {
            var registered = await proxy.PostAsJsonAsync("/api/v1/registrations", new
            {
                firstName = "Two",
                lastName = $"Instance{i}",
                dateOfBirth = new DateOnly(1960, 1, 1).AddDays(i).ToString("yyyy-MM-dd"),
                email = $"two{i}@example.org",
                zipCode = "63050",
                occupation = "healthcare",
                setting = "home",
            });
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        }
        Assert.Equal(HttpStatusCode.Created, (await proxy.PostAsJsonAsync($"/api/v1/admin/clinic-days/{dayId}/invitations", new { count = 150 })).StatusCode);
        var contenders = new List<(string Token, string Session)>();
        // The links as delivered: both dispatchers are running, and a sent message keeps no link in the database.
        var links = new List<string>();
        for (var waited = DateTime.UtcNow; links.Count < 150 && DateTime.UtcNow < waited.AddSeconds(60); await Task.Delay(200))
        {
            links = Directory.GetFiles(_dir, "*.eml", SearchOption.AllDirectories)
                .Select(f => LinkPattern().Match(File.ReadAllText(f)).Groups[1].Value).Where(l => l.Length > 0).Distinct().ToList();
        }
        await using (var db = Db())
        {
            var now = DateTime.UtcNow;
            foreach (var link in links)
            {
                var invitation = await db.Invitations.SingleAsync(i => i.TokenHash == Invitation.HashToken(link));
                var sessionToken = Invitation.NewToken();
                db.InvitationSessions.Add(new InvitationSession(invitation.Id, Invitation.HashToken(sessionToken), "email", now));

                contenders.Add((link, sessionToken));
            }
            await db.SaveChangesAsync();
        }
        Assert.Equal(150, contenders.Count); // every invitation was queued, so every invitee races
        var slots = day.GetProperty("slots").EnumerateArray().Select(s => s.GetProperty("id").GetString()!).ToList();
        Assert.Equal(5, slots.Count);
        async Task<(int Instance, HttpStatusCode StatusCode, string? Detail)> BookAsync((string Token, string Session) c, int i)
        {
            using var client = new HttpClient { BaseAddress = new Uri(i % 2 == 0 ? _a : _b) };
            client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
            using var book = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/invitations/{c.Token}/appointments") { Content = JsonContent.Create(new { slotId = slots[i % slots.Count] }) };
            book.Headers.Authorization = new AuthenticationHeaderValue("Bearer", c.Session);
            book.Headers.Add("Idempotency-Key", $"two-{i}");
            var answer = await client.SendAsync(book);
            var body = await answer.Content.ReadAsStringAsync();
            if (answer.StatusCode == HttpStatusCode.Conflict)
            {
                var alternatives = JsonDocument.Parse(body).RootElement.GetProperty("alternatives");
                if (alternatives.GetArrayLength() > 0)
                {
                    using var retry = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/invitations/{c.Token}/appointments") { Content = JsonContent.Create(new { slotId = alternatives[0].GetProperty("id").GetString() }) };
                    retry.Headers.Authorization = new AuthenticationHeaderValue("Bearer", c.Session);
                    retry.Headers.Add("Idempotency-Key", $"two-{i}-retry");
                    answer = await client.SendAsync(retry);
                    body = await answer.Content.ReadAsStringAsync();
                }
            }
            var detail = answer.StatusCode == HttpStatusCode.Created ? "" : body.Length > 0 && body[0] == '{' ? JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString() : body;
            return (Instance: i % 2, answer.StatusCode, Detail: detail);
        }
        // One booking through each instance first (the first on a cold instance is slow enough to lose
        // every seat in a race), then the other 148 race for the 38 seats left through both at once.
        var first = new[] { await BookAsync(contenders[0], 0), await BookAsync(contenders[1], 1) };
        Assert.All(first, o => Assert.Equal(HttpStatusCode.Created, o.StatusCode));
        var outcomes = first.Concat(await Task.WhenAll(contenders.Select((c, i) => (c, i)).Skip(2).Select(x => BookAsync(x.c, x.i)))).ToList();
        var tally = string.Join("; ", outcomes.GroupBy(o => (o.Instance, o.StatusCode, o.Detail)).Select(g => $"{(g.Key.Instance == 0 ? "A" : "B")} {(int)g.Key.StatusCode} {g.Key.Detail}: {g.Count()}"));
        // Exactly the 40 seats are booked, and everyone else was told the time is full (409): not
        // refused (401/410), not failed (5xx).
        Assert.True(outcomes.Count(o => o.StatusCode == HttpStatusCode.Created) == 40, tally);
        Assert.True(outcomes.All(o => o.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict), tally);
        await using (var db = Db())
        {
            var daySlots = await db.Slots.Where(s => s.ClinicDayId == Guid.Parse(dayId)).ToListAsync();
            var appointments = await db.Appointments.Where(x => x.ClinicDayId == Guid.Parse(dayId)).ToListAsync();
            Assert.Equal(5, daySlots.Count);
            Assert.All(daySlots, s => Assert.Equal(s.Capacity, s.Booked)); // every seat used, none over
            Assert.Equal(40, appointments.Count);
            Assert.Equal(40, appointments.Select(x => x.PersonId).Distinct().Count());
            Assert.All(daySlots, s => Assert.Equal(s.Booked, appointments.Count(x => x.SlotId == s.Id)));
            Assert.Equal(40, await db.Invitations.CountAsync(i => i.State == InvitationState.Used));
        }

        // Both dispatchers and both sealers have been running all along: wait for them to catch up.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            await using var db = Db();
            if (!await db.Outbox.AnyAsync(m => m.SentAt == null) && !await db.AuditEntries.AnyAsync(e => e.Sequence == null))
            {
                break;
            }
            await Task.Delay(500);
        }
        await using (var db = Db())
        {
            var messages = await db.Outbox.CountAsync();
            Assert.Equal(150, await db.Outbox.CountAsync(m => m.Template == "invitation"));
            Assert.Equal(40, await db.Outbox.CountAsync(m => m.Template == NotificationTemplates.Booked));
            Assert.Equal(0, await db.Outbox.CountAsync(m => m.SentAt == null));
            Assert.Equal(messages, await db.Outbox.CountAsync(m => m.Attempts == 1)); // claimed once, sent once
            var files = Directory.GetFiles(_dir, "*.eml", SearchOption.AllDirectories).Concat(Directory.GetFiles(_dir, "*.sms.txt", SearchOption.AllDirectories)).ToList();
            Assert.Equal(messages, files.Count);
            var ids = files.Select(f => f.EndsWith(".sms.txt", StringComparison.Ordinal)
                ? Path.GetFileName(f)[..36]
                : File.ReadLines(f).First(l => l.StartsWith("X-FairShot-Message-Id:", StringComparison.Ordinal))[22..].Trim()).ToList();
            Assert.Equal(messages, ids.Distinct().Count());
        }
        var verify = await (await proxy.GetAsync("/api/v1/admin/audit/verify")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(verify.GetProperty("valid").GetBoolean(), verify.ToString());
        Assert.True(verify.GetProperty("entries").GetInt64() >= 190, verify.ToString()); // at least the 150 registrations and 40 bookings
        Assert.Equal(verify.GetProperty("entries").GetInt64(), verify.GetProperty("sealedEntries").GetInt64());
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            process.Dispose();
        }
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
