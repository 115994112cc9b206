using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using FairShot.BrowserTests;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(ConsoleApp))]
// One app and one browser for the whole run; on two cores, tests one after another are faster and steadier.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace FairShot.BrowserTests;

/// <summary>
/// FairShot on a real Kestrel server (127.0.0.1, a free port) over a fresh SQLite file, and the
/// machine's Chromium driven by Playwright. Without Chromium this fixture fails, and with it every
/// test, so a missing browser can never pass as a green run.
/// </summary>
public sealed class ConsoleApp : IAsyncLifetime
{
    public const string AdminEmail = "admin@test.local";
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>A fresh random password per run; never printed.</summary>
    public string AdminPassword { get; } = "browser-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("fairshot-browser-").FullName;
    public string BaseUrl { get; private set; } = "";
    public string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    private FairShotServer? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private string? _adminState;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser is not running.");

    /// <summary>The app's services, for tests that set up data or check the database directly.</summary>
    public IServiceProvider Services => _server?.Services ?? throw new InvalidOperationException("The app is not running.");

    /// <summary>Where the app writes e-mail (.eml) and text messages (.sms.txt); the dispatcher runs every 2 seconds.</summary>
    public string OutboxDirectory => Path.Combine(Directory, "outbox");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"Chromium is not installed at {ChromiumPath}, so the browser tests cannot run. Install it with: apt-get install -y chromium");
        }
        System.IO.Directory.CreateDirectory(ScreenshotDirectory);

        _server = new FairShotServer(Directory, AdminPassword);
        _server.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _server.StartServer();
        var addresses = _server.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        BaseUrl = addresses.Single().TrimEnd('/');

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    /// <summary>A browser tab with its own cookies, not signed in. Desktop width unless told.</summary>
    public async Task<ConsoleTab> OpenAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = BaseUrl, ViewportSize = new() { Width = width, Height = height } });
        return await ConsoleTab.CreateAsync(this, context);
    }

    /// <summary>
    /// A tab already signed in as the admin. The admin signs in through the form once per run and
    /// later tabs reuse that cookie, so the tests stay well inside the sign-in rate limit.
    /// </summary>
    public async Task<ConsoleTab> OpenAsAdminAsync(int width = 1280, int height = 900)
    {
        if (_adminState is null)
        {
            await using var first = await OpenAsync(width, height);
            await first.SignInAsync(AdminEmail, AdminPassword);
            _adminState = await first.Page.Context.StorageStateAsync();
        }
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = BaseUrl,
            ViewportSize = new() { Width = width, Height = height },
            StorageState = _adminState,
        });
        return await ConsoleTab.CreateAsync(this, context);
    }

    /// <summary>An API client signed in as the admin, for seeding what a page test needs.</summary>
    public async Task<HttpClient> AdminApiAsync()
    {
        var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        var token = await (await http.PostAsJsonAsync("/api/v1/auth/token", new { email = AdminEmail, password = AdminPassword })).Content.ReadFromJsonAsync<JsonElement>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        return http;
    }

    /// <summary>POSTs JSON and returns the answer, failing the test with the status and body when it is not a success.</summary>
    public static async Task<JsonElement> PostJsonAsync(HttpClient http, string path, object body)
    {
        var response = await http.PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The wall clock in the seeded clinics' time zone (the browser tests run on real time).</summary>
    public static DateTime ChicagoNow() => TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("America/Chicago")).DateTime;

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp directory is cleaned by the OS.
        }
    }

    private sealed class FairShotServer(string directory, string adminPassword) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("Database:Provider", "Sqlite");
            builder.UseSetting("ConnectionStrings:FairShot", $"Data Source={Path.Combine(directory, "fairshot.db")}");
            builder.UseSetting("Bootstrap:AdminEmail", AdminEmail);
            builder.UseSetting("Bootstrap:AdminPassword", adminPassword);
            builder.UseSetting("Notifications:Directory", Path.Combine(directory, "outbox"));
            builder.UseSetting("Notifications:PollInterval", "00:00:00.500");
            builder.UseSetting("Demo:Seed", "false");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            // Every test signs in from 127.0.0.1 through the one server: the per-address limits
            // (30 sign-ins a minute by default) would answer 429 to whichever test comes 31st.
            // The limits themselves are tested in the integration suite (PlatformTests, BurstTests).
            builder.UseSetting("RateLimits:SignInsPerMinute", "100000");
            builder.UseSetting("RateLimits:CodesPerMinute", "100000");
            builder.UseSetting("RateLimits:InvitationActionsPerMinute", "100000");
            builder.UseSetting("RateLimits:RegistrationsPerMinute", "100000");
        }
    }
}
