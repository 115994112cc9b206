using System.Net;
using System.Net.Http.Json;
using System.Text;
using FairShot.Data;
using FairShot.Features.Demo;
using FairShot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FairShot.Tests.Platform;

public sealed class PlatformTests(FairShotApp app) : IClassFixture<FairShotApp>
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_WhenTheDatabaseIsMigrated_Is200(string path)
    {
        var response = await app.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/api/v1/admin/clinics")]
    [InlineData("/no/such/page")]
    public async Task EveryResponse_CarriesTheSecurityHeaders(string path)
    {
        var response = await app.CreateClient().GetAsync(path);

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task HomePage_LoadsOnlyOurOwnAssets()
    {
        var html = await app.CreateClient().GetStringAsync("/");

        Assert.Contains("/lib/uswds/css/uswds.min.css", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/lib/uswds/css/uswds.min.css")).StatusCode);
    }

    [Fact]
    public async Task OpenApi_DescribesTheApi()
    {
        var doc = await (await app.CreateClient().GetAsync("/openapi/v1.json")).JsonAsync();

        var paths = doc.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/auth/token", "/api/v1/admin/clinics", "/api/v1/admin/clinics/{clinicId}/days", "/api/v1/admin/clinic-days/{id}", "/api/v1/admin/audit", "/api/v1/admin/audit/verify" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"OpenAPI lacks {path}");
        }
    }

    [Fact]
    public async Task Robots_DisallowsInvitationLinksAndTheConsole()
    {
        var robots = await app.CreateClient().GetStringAsync("/robots.txt");

        Assert.Contains("Disallow: /i/", robots, StringComparison.Ordinal);
        Assert.Contains("Disallow: /console/", robots, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownApiRoute_Is404ProblemDetails()
    {
        var client = await app.CreateStaffClientAsync();

        await (await client.GetAsync("/api/v1/admin/nothing-here")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AnOversizedBody_IsRefusedWithProblemDetails_NotA500()
    {
        // Kestrel's own limit: TestServer enforces none, and would let the body through to the
        // name's length check (a 400 that says nothing of the limit).
        await using var kestrel = new FairShotApp();
        kestrel.UseKestrel(0);
        await kestrel.InitializeAsync();
        var client = await kestrel.CreateStaffClientAsync();
        var huge = "{\"name\":\"" + new string('x', 2 * 1024 * 1024) + "\",\"address\":\"a\",\"timeZone\":\"America/Chicago\"}";

        var response = await client.PostAsync("/api/v1/admin/clinics", new StringContent(huge, Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task ConsolePages_WithoutSignIn_RedirectToLogin()
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/console/audit");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/console/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DataProtectionKeys_AreKeptInTheDatabase_SoEveryInstanceReadsTheSameRing()
    {
        await app.CreateStaffClientAsync(); // issuing a token creates the key ring

        var keys = await app.WithDbAsync(db => db.DataProtectionKeys.CountAsync());

        Assert.True(keys >= 1);
    }
}

public sealed class DemoDataTests
{
    [Fact]
    public async Task DemoSeed_OnAnEmptyDatabase_AddsACountyTwoClinicsAndAWeekOfDays_Once()
    {
        await using var app = new FairShotApp();
        app.With("Demo:Seed", "true");
        await app.InitializeAsync();

        await using (var scope = app.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<DemoData>().SeedAsync(CancellationToken.None); // a second start
        }

        Assert.Equal(2, await app.WithDbAsync(db => db.Clinics.CountAsync()));
        Assert.Equal(14, await app.WithDbAsync(db => db.ClinicDays.CountAsync()));
        Assert.Equal(1, await app.WithDbAsync(db => db.CountySettings.CountAsync()));
        var people = await app.WithDbAsync(db => db.People.GroupBy(p => p.PhaseCode).Select(g => new { g.Key, Count = g.Count() }).ToListAsync());
        Assert.InRange(people.Sum(p => p.Count), 250, 300);
        Assert.Equal(["1a", "1b", "1c", "general"], people.Select(p => p.Key).Order());
        Assert.True(await app.WithDbAsync(db => db.Invitations.CountAsync()) > 0);
        Assert.Equal(12, await app.WithDbAsync(db => db.Appointments.CountAsync(a => a.DoseNumber == 1)));
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(DemoData.TimeZoneId)).DateTime);
        Assert.Equal(today.AddDays(1), await app.WithDbAsync(db => db.ClinicDays.MinAsync(d => d.Date)));
    }
}

public sealed class RateLimitTests
{
    [Fact]
    public async Task SignInsAndCodeRequests_PastThePerAddressLimit_Get429()
    {
        await using var app = new FairShotApp();
        app.With("RateLimits:SignInsPerMinute", "3").With("RateLimits:CodesPerMinute", "3");
        await app.InitializeAsync();
        var client = app.CreateClient();

        var signIns = new List<HttpStatusCode>();
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            signIns.Add((await client.PostAsJsonAsync("/api/v1/auth/token", new { email = "x@test.local", password = "wrong password" })).StatusCode);
            codes.Add((await client.PostAsJsonAsync("/api/v1/registrations/status/code", new { contact = "x@example.org" })).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], signIns);
        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], codes);
    }
}

public sealed class BackgroundServiceTests
{
    [Fact]
    public async Task TheSealerAndTheDispatcher_RunOnTheirOwn_WhenSwitchedOn()
    {
        await using var app = new FairShotApp();
        app.With("Audit:Sealer:Enabled", "true").With("Audit:SealInterval", "00:00:00.200")
           .With("Notifications:Dispatcher:Enabled", "true").With("Notifications:PollInterval", "00:00:00.200");
        await app.InitializeAsync();
        var admin = await app.CreateStaffClientAsync();
        await (await admin.PostAsJsonAsync("/api/v1/admin/staff", new { email = "bg@test.local", displayName = "Back Ground", roles = new[] { "Scheduler" } }))
            .JsonAsync(HttpStatusCode.Created);
        app.Clock.Advance(TimeSpan.FromSeconds(5)); // past the seal delay

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline &&
               (await app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Sequence == null)) || await app.WithDbAsync(db => db.Outbox.AnyAsync(m => m.SentAt == null))))
        {
            await Task.Delay(100);
        }

        Assert.False(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Sequence == null)));
        Assert.False(await app.WithDbAsync(db => db.Outbox.AnyAsync(m => m.SentAt == null)));
        Assert.Single(Directory.GetFiles(app.OutboxDirectory, "*.eml"));
    }
}

public sealed class TransportSecurityTests
{
    [Fact]
    public async Task BehindATlsProxy_FormPagesWork_AndTheirCookiesAreSecureOnly()
    {
        await using var app = new FairShotApp();
        app.With("Security:RequireHttps", "true").With("ForwardedHeaders:KnownProxies", "127.0.0.1");
        await app.InitializeAsync();
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/console/login");
        request.Headers.Add("X-Forwarded-Proto", "https");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.Contains(cookies, c => c.StartsWith("FairShot.Antiforgery=", StringComparison.Ordinal) && c.Contains("secure", StringComparison.OrdinalIgnoreCase));
    }
}
