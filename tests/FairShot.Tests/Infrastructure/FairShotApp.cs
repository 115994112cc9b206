using System.Net.Http.Headers;
using System.Net.Http.Json;
using FairShot.Data;
using FairShot.Features.Audit;
using FairShot.Features.Notifications;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace FairShot.Tests.Infrastructure;

/// <summary>
/// The whole app over WebApplicationFactory, on the suite's database (SQLite or PostgreSQL), with a
/// clock the test controls and the two background loops switched off so tests drive the sealer and
/// the dispatcher themselves and see exactly what each round did.
/// </summary>
public class FairShotApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminEmail = "admin@test.local";
    public const string AdminPassword = "correct horse battery staple";

    private TestDatabase? _database;
    private readonly FairShotApp? _sharing;
    private readonly Dictionary<string, string?> _settings = [];

    public FairShotApp()
    {
        Clock = new(FakeTimeProvider.DefaultStart);
    }

    // Not public: xunit refuses a class fixture type with more than one public constructor.
    private FairShotApp(FairShotApp sharing)
    {
        _sharing = sharing;
        Clock = sharing.Clock;
    }

    /// <summary>A second instance on another's database and clock (started after it), as production runs N instances on one database.</summary>
    public static FairShotApp Sharing(FairShotApp first) => new(first);

    public FakeTimeProvider Clock { get; }

    /// <summary>Everything the app logged, at every level.</summary>
    public CapturedLogs Logs { get; } = new();
    public TestDatabase Database => _database ?? throw new InvalidOperationException("Not initialised.");
    public string OutboxDirectory => Path.Combine(Database.Directory_, "outbox");

    /// <summary>Lets a derived fixture or a test change configuration before the app starts.</summary>
    public FairShotApp With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    public async ValueTask InitializeAsync()
    {
        _database = _sharing?.Database ?? await TestDatabase.CreateAsync();
        StartServer(); // start the host (TestServer, or Kestrel after UseKestrel): runs migrations and creates the bootstrap admin
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = Database.Provider.ToString(),
            ["ConnectionStrings:FairShot"] = Database.ConnectionString,
            ["Bootstrap:AdminEmail"] = AdminEmail,
            ["Bootstrap:AdminPassword"] = AdminPassword,
            ["Notifications:Directory"] = OutboxDirectory,
            ["Notifications:Dispatcher:Enabled"] = "false",
            ["Registry:Dispatcher:Enabled"] = "false",
            ["Fhir:Export:Worker:Enabled"] = "false",
            ["Audit:Sealer:Enabled"] = "false",
            ["Jobs:Enabled"] = "false",
            ["Demo:Seed"] = "false",
            // The per-address limits would throttle a suite that comes from one address; RateLimitTests checks them.
            ["RateLimits:CodesPerMinute"] = "100000",
            ["RateLimits:SignInsPerMinute"] = "100000",
            ["RateLimits:InvitationActionsPerMinute"] = "1000000",
            ["RateLimits:RegistrationsPerMinute"] = "100000",
        };
        foreach (var (key, value) in _settings)
        {
            settings[key] = value;
        }
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        // FairShot's own categories at every level; the framework's at the levels appsettings.json sets
        // for production (its request logs carry paths, and invitation paths carry tokens).
        builder.ConfigureLogging(logging => logging.AddProvider(Logs).AddFilter<CapturedLogs>("FairShot", Microsoft.Extensions.Logging.LogLevel.Trace));
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TokenBody> _tokens = new();

    /// <summary>A client with a bearer token; tokens are reused per account, as a real client would,
    /// so the suite stays under the sign-in rate limit.</summary>
    public async Task<HttpClient> CreateStaffClientAsync(string email = AdminEmail, string password = AdminPassword)
    {
        var client = CreateClient();
        if (!_tokens.TryGetValue(email, out var token) || token.ExpiresAt <= Clock.GetUtcNow().AddMinutes(5))
        {
            var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { email, password });
            response.EnsureSuccessStatusCode();
            token = (await response.Content.ReadFromJsonAsync<TokenBody>())!;
            _tokens[email] = token;
        }
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        return client;
    }

    public AsyncServiceScope Scope() => Services.CreateAsyncScope();

    public async Task<T> WithDbAsync<T>(Func<FairShotDb, Task<T>> work)
    {
        await using var scope = Scope();
        return await work(scope.ServiceProvider.GetRequiredService<FairShotDb>());
    }

    /// <summary>Seals everything recorded so far, as the background sealer would a few seconds later.</summary>
    public async Task<int> SealAuditLogAsync()
    {
        Clock.Advance(TimeSpan.FromSeconds(5));
        var sealer = Services.GetRequiredService<AuditSealer>();
        var total = 0;
        int sealedNow;
        while ((sealedNow = await sealer.SealPendingAsync(CancellationToken.None)) > 0)
        {
            total += sealedNow;
        }
        return total;
    }

    public Task<int> DispatchOutboxAsync() => Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(CancellationToken.None);

    /// <summary>One round of the registry sender, as the background loop would run it.</summary>
    public Task<int> DispatchRegistryAsync() => Services.GetRequiredService<FairShot.Features.Records.RegistryDispatcher>().DispatchDueAsync(CancellationToken.None);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null && _sharing is null)
        {
            await _database.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }

    private sealed record TokenBody(string AccessToken, DateTimeOffset ExpiresAt);
}
