using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using FairShot.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace FairShot.Tests.Features;

/// <summary>
/// The app with each test client's address set by a test header, so that one test can play the
/// real staff member at their desk and strangers on other networks. Optionally in another
/// environment (Production, for what is required there).
/// </summary>
public class StaffSignInApp : FairShotApp
{
    public const string AddressHeader = "X-Test-Client-Address";

    private string? _environment;

    public StaffSignInApp InEnvironment(string environment)
    {
        _environment = environment;
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (_environment is not null)
        {
            builder.UseEnvironment(_environment);
        }
        builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, ClientAddressFromHeader>());
    }

    /// <summary>A client whose requests come from <paramref name="address"/>; it keeps cookies and does not follow redirects.</summary>
    public HttpClient From(string address)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add(AddressHeader, address);
        return client;
    }

    private sealed class ClientAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                if (context.Request.Headers.TryGetValue(AddressHeader, out var value))
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(value.ToString());
                }
                return following(context);
            });
            next(app);
        };
    }
}

/// <summary>Staff sign-in as a stranger meets it: a throttle by account and address (no lockout anyone can trigger), equal time for unknown e-mails, and authenticator codes.</summary>
public sealed partial class StaffSignInTests(StaffSignInApp app) : IClassFixture<StaffSignInApp>
{
    private const string Desk = "192.0.2.10";

    [GeneratedRegex(@"id=""authenticator-key"">([a-z2-7 ]+)<")]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"<li><code class=""fs-secret"">([A-Z0-9-]+)</code></li>")]
    private static partial Regex RecoveryCodePattern();

    private static int s_network;

    /// <summary>An address no earlier test has used.</summary>
    private static string NewAddress()
    {
        var n = Interlocked.Increment(ref s_network);
        return $"10.{n / 250 % 250}.{n % 250}.7";
    }

    private async Task<(string Email, string Password)> CreateStaffAsync(string role = "Scheduler")
    {
        var admin = await app.CreateStaffClientAsync();
        var email = $"signin-{Guid.NewGuid():N}@test.local";
        var created = await (await admin.PostAsJsonAsync("/api/v1/admin/staff", new { email, displayName = "Sam Staff", roles = new[] { role } }))
            .JsonAsync(HttpStatusCode.Created);
        return (email, created.GetProperty("initialPassword").GetString()!);
    }

    private static Task<HttpResponseMessage> TokenAsync(HttpClient client, string email, string password, string? totp = null) =>
        client.PostAsJsonAsync("/api/v1/auth/token", new { email, password, totp });

    private static async Task<HttpResponseMessage> SignInPageAsync(HttpClient client, string email, string password) =>
        await Forms.PostAsync(client, "/console/login", "/console/login", ("Email", email), ("Password", password));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Token_RepeatedFailuresFromOneAddress_Get429WithAGrowingRetryAfter_TheSameForAnUnknownEmail(bool realAccount)
    {
        var (email, password) = realAccount ? await CreateStaffAsync() : ($"nobody-{Guid.NewGuid():N}@test.local", "never set at all");
        var stranger = app.From(NewAddress());

        var answers = new List<(HttpStatusCode Status, string? RetryAfter)>();
        async Task TryAsync(string guess)
        {
            var response = await TokenAsync(stranger, email, guess);
            answers.Add((response.StatusCode, response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        for (var i = 0; i < 6; i++)
        {
            await TryAsync("wrong guess " + i);
        }
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await TryAsync("wrong guess 7");
        await TryAsync(password); // even the right password is refused unchecked while the address waits

        Assert.Equal(
            [.. Enumerable.Repeat((HttpStatusCode.Unauthorized, (string?)null), 5), (HttpStatusCode.TooManyRequests, "1"),
             (HttpStatusCode.Unauthorized, null), (HttpStatusCode.TooManyRequests, "2")],
            answers);
        app.Clock.Advance(TimeSpan.FromSeconds(2));
        (await TokenAsync(stranger, email, password)).StatusCode.ShouldBe(realAccount ? HttpStatusCode.OK : HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Token_ManyFailuresByAStranger_DoNotStopTheRightPasswordFromTheStaffMembersDesk()
    {
        var (email, password) = await CreateStaffAsync();
        var stranger = app.From(NewAddress());
        for (var i = 0; i < 12; i++)
        {
            await TokenAsync(stranger, email, "wrong guess " + i);
        }
        (await TokenAsync(stranger, email, password)).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);

        var desk = app.From(NewAddress());
        (await TokenAsync(desk, email, password)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await SignInPageAsync(desk, email, password);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/console", page.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Token_FailuresSpreadOverManyAddresses_HoldBackThoseAddresses_NotANewOne()
    {
        var (email, password) = await CreateStaffAsync();
        var botnet = Enumerable.Range(0, 12).Select(_ => app.From(NewAddress())).ToList();
        foreach (var bot in botnet)
        {
            (await TokenAsync(bot, email, "one guess each")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        // A second guess from any of them waits for the account's count (12 failures: 4 s)...
        var again = await TokenAsync(botnet[0], email, "another guess");
        again.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        Assert.Equal(TimeSpan.FromSeconds(4), again.Headers.RetryAfter?.Delta);
        // ...while the staff member, from an address that has not failed, signs in.
        (await TokenAsync(app.From(NewAddress()), email, password)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Token_OneAddressTryingManyAccounts_IsSlowedForEveryAccount()
    {
        var (email, password) = await CreateStaffAsync();
        var sprayer = app.From(NewAddress());
        for (var i = 0; i < 20; i++)
        {
            (await TokenAsync(sprayer, $"guess-{i}-{Guid.NewGuid():N}@test.local", "Summer2026!!")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        (await TokenAsync(sprayer, email, password)).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await TokenAsync(app.From(NewAddress()), email, password)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ConsoleSignIn_AfterRepeatedFailures_SaysHowLongToWait_WithoutCheckingThePassword()
    {
        var (email, password) = await CreateStaffAsync();
        var stranger = app.From(NewAddress());
        for (var i = 0; i < 5; i++)
        {
            (await SignInPageAsync(stranger, email, "wrong guess " + i)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var refused = await SignInPageAsync(stranger, email, password);

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        Assert.Contains("Wait 1 second and try again", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(refused.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("FairShot.Staff=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Token_WrongPassword_TakesAsLongForAnUnknownEmailAsForARealAccount()
    {
        var (email, _) = await CreateStaffAsync();
        var unknown = $"nobody-{Guid.NewGuid():N}@test.local";
        var real = new List<double>();
        var missing = new List<double>();
        // Interleaved, each from a fresh address (no throttle), after a warm-up of both paths.
        for (var i = -2; i < 16; i++)
        {
            foreach (var (target, times) in i % 2 == 0 ? new[] { (email, real), (unknown, missing) } : [(unknown, missing), (email, real)])
            {
                var client = app.From(NewAddress());
                var watch = Stopwatch.StartNew();
                var response = await TokenAsync(client, target, "a wrong password");
                watch.Stop();
                response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
                if (i >= 0)
                {
                    times.Add(watch.Elapsed.TotalMilliseconds);
                }
            }
        }

        static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
        var ratio = Median(missing) / Median(real);
        // Without the dummy hash the unknown e-mail answers in a small fraction of the time (~2 vs ~70 ms).
        Assert.True(ratio is > 0.5 and < 2, $"median {Median(missing):0.0} ms for an unknown e-mail, {Median(real):0.0} ms for a real account");
    }

    /// <summary>Signs in on the console page and sets up an authenticator; returns its key and the recovery codes shown.</summary>
    private static async Task<(string Key, IReadOnlyList<string> RecoveryCodes)> EnrolAsync(HttpClient signedIn)
    {
        var page = await signedIn.GetStringAsync("/console/two-factor");
        var key = KeyPattern().Match(page).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(key), "The enrolment page shows no key.");
        Assert.Contains($"otpauth://totp/FairShot:", page, StringComparison.Ordinal);
        Assert.Contains("data:image/png;base64,", page, StringComparison.Ordinal);

        var wrong = await Forms.PostAsync(signedIn, "/console/two-factor", "/console/two-factor", ("Code", "000000" == Totp.Code(key, DateTimeOffset.UtcNow) ? "111111" : "000000"));
        Assert.Contains("That code does not match", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var done = await Forms.PostAsync(signedIn, "/console/two-factor", "/console/two-factor", ("Code", Totp.Code(key, DateTimeOffset.UtcNow)));
        var html = await done.Content.ReadAsStringAsync();
        Assert.Contains("Two-factor sign-in is on", html, StringComparison.Ordinal);
        var codes = RecoveryCodePattern().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(10, codes.Count);
        return (key, codes);
    }

    [Fact]
    public async Task Token_ForAnAccountWithTwoFactorOn_NeedsTheAuthenticatorCode()
    {
        var (email, password) = await CreateStaffAsync();
        var desk = app.From(NewAddress());
        (await SignInPageAsync(desk, email, password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var (key, _) = await EnrolAsync(desk);

        var api = app.From(NewAddress());
        var noCode = await TokenAsync(api, email, password);
        var problem = await noCode.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("totp", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await (await TokenAsync(api, email, password, Totp.Code(key, DateTimeOffset.UtcNow.AddMinutes(10)))).AssertProblemAsync(HttpStatusCode.Unauthorized);
        (await TokenAsync(api, email, password, Totp.Code(key, DateTimeOffset.UtcNow))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ConsoleSignIn_WithTwoFactorOn_AsksForTheCodeAfterThePassword_AndTakesARecoveryCodeOnce()
    {
        var (email, password) = await CreateStaffAsync();
        var (key, recoveryCodes) = await EnrolAsync(await SignedInAsync(email, password));

        var desk = app.From(NewAddress());
        var afterPassword = await SignInPageAsync(desk, email, password);
        Assert.Equal(HttpStatusCode.Redirect, afterPassword.StatusCode);
        Assert.StartsWith("/console/login/code", afterPassword.Headers.Location!.OriginalString, StringComparison.Ordinal);
        // Only the password so far: the console stays closed.
        Assert.StartsWith("/console/login", (await desk.GetAsync("/console")).Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        var wrong = await Forms.PostAsync(desk, "/console/login/code", "/console/login/code", ("Code", Totp.Code(key, DateTimeOffset.UtcNow.AddMinutes(10))));
        Assert.Contains("That code is not right", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var signedIn = await Forms.PostAsync(desk, "/console/login/code", "/console/login/code", ("Code", Totp.Code(key, DateTimeOffset.UtcNow)));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await desk.GetAsync("/console")).StatusCode);

        // A recovery code instead of the app's code works once.
        var phoneless = app.From(NewAddress());
        await SignInPageAsync(phoneless, email, password);
        (await Forms.PostAsync(phoneless, "/console/login/code", "/console/login/code", ("Code", recoveryCodes[0].ToLowerInvariant()))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var again = app.From(NewAddress());
        await SignInPageAsync(again, email, password);
        (await Forms.PostAsync(again, "/console/login/code", "/console/login/code", ("Code", recoveryCodes[0]))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private async Task<HttpClient> SignedInAsync(string email, string password)
    {
        var client = app.From(NewAddress());
        (await SignInPageAsync(client, email, password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return client;
    }
}

/// <summary>Outside Development and Testing, admins must use an authenticator app.</summary>
public sealed partial class AdminTwoFactorInProductionTests
{
    [GeneratedRegex(@"id=""authenticator-key"">([a-z2-7 ]+)<")]
    private static partial Regex KeyPattern();

    [Fact]
    public async Task InProduction_AnAdminWithoutAnAuthenticator_GetsNoToken_AndAfterThePasswordCanOnlySetOneUp()
    {
        await using var app = new StaffSignInApp().InEnvironment("Production");
        app.With("Security:RequireHttps", "false"); // TestServer speaks plain HTTP
        app.With("Audit:ChainKey", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))); // Production wants one
        await app.InitializeAsync();
        var desk = app.From("192.0.2.50");

        var token = await desk.PostAsJsonAsync("/api/v1/auth/token", new { email = FairShotApp.AdminEmail, password = FairShotApp.AdminPassword });
        var problem = await token.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("Two-factor sign-in required.", problem.GetProperty("title").GetString());

        var afterPassword = await Forms.PostAsync(desk, "/console/login", "/console/login", ("Email", FairShotApp.AdminEmail), ("Password", FairShotApp.AdminPassword));
        Assert.Equal(HttpStatusCode.Redirect, afterPassword.StatusCode);
        Assert.StartsWith("/console/two-factor", afterPassword.Headers.Location!.OriginalString, StringComparison.Ordinal);
        foreach (var path in new[] { "/console", "/console/staff", "/console/audit" })
        {
            var closed = await desk.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
            Assert.StartsWith("/console/login", closed.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }

        var setup = await desk.GetStringAsync("/console/two-factor");
        Assert.Contains("Admins must use two-factor sign-in", setup, StringComparison.Ordinal);
        var key = KeyPattern().Match(setup).Groups[1].Value;
        var done = await Forms.PostAsync(desk, "/console/two-factor", "/console/two-factor", ("Code", Totp.Code(key, DateTimeOffset.UtcNow)));
        Assert.Contains("Two-factor sign-in is on", await done.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await desk.GetAsync("/console/staff")).StatusCode);

        (await desk.PostAsJsonAsync("/api/v1/auth/token", new { email = FairShotApp.AdminEmail, password = FairShotApp.AdminPassword }))
            .StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await desk.PostAsJsonAsync("/api/v1/auth/token", new { email = FairShotApp.AdminEmail, password = FairShotApp.AdminPassword, totp = Totp.Code(key, DateTimeOffset.UtcNow) }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
