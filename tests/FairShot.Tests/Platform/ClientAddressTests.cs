using System.Net;
using System.Text;
using FairShot.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace FairShot.Tests.Platform;

/// <summary>
/// The address a per-address limit counts: the connection's, unless it is a configured proxy, in
/// which case the client it forwards for; an IPv6 client by its /64. Every 429 says when to retry.
/// </summary>
public sealed class ClientAddressTests
{
    private const int Limit = 2;

    private static async Task<FairShotApp> StartAsync(string? knownProxies = null)
    {
        var app = new ConnectionAddressApp();
        app.With("RateLimits:SignInsPerMinute", Limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (knownProxies is not null)
        {
            app.With("ForwardedHeaders:KnownProxies", knownProxies);
        }
        await app.InitializeAsync();
        return app;
    }

    /// <summary>A wrong sign-in from a given connection address, optionally with an X-Forwarded-For.</summary>
    private static async Task<HttpResponseMessage> SignInFromAsync(FairShotApp app, string remote, string? forwardedFor = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/token")
        {
            // A different account each time: only the per-address limit can refuse.
            Content = new StringContent($$"""{"email":"x{{Guid.NewGuid():N}}@test.local","password":"wrong password"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(ConnectionAddressApp.Header, remote);
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }
        return await app.CreateClient().SendAsync(request);
    }

    private static async Task<bool> LimitedAsync(FairShotApp app, string remote, string? forwardedFor = null) =>
        (await SignInFromAsync(app, remote, forwardedFor)).StatusCode == HttpStatusCode.TooManyRequests;

    /// <summary>The app with the connection's address set from a test header before anything else runs (TestServer has none).</summary>
    private sealed class ConnectionAddressApp : FairShotApp
    {
        public const string Header = "X-Test-Connection-Address";

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, SetConnectionAddress>());
        }

        private sealed class SetConnectionAddress : IStartupFilter
        {
            public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
            {
                app.Use((context, nextMiddleware) =>
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(context.Request.Headers[Header].ToString());
                    return nextMiddleware(context);
                });
                next(app);
            };
        }
    }

    [Fact]
    public async Task PastThePerAddressLimit_Every429_CarriesRetryAfter()
    {
        await using var app = await StartAsync();

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < Limit + 3; i++)
        {
            answers.Add(await SignInFromAsync(app, "198.51.100.7"));
        }

        var refused = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.Equal(3, refused.Count);
        Assert.All(refused, r =>
        {
            var seconds = r.Headers.RetryAfter?.Delta?.TotalSeconds;
            Assert.NotNull(seconds);
            Assert.InRange(seconds.Value, 1, 60);
        });
    }

    [Fact]
    public async Task ASpoofedXForwardedFor_WithNoProxyConfigured_IsIgnored_AndTheLimitHolds()
    {
        await using var app = await StartAsync();

        var statuses = new List<bool>();
        for (var i = 0; i < Limit + 2; i++)
        {
            // From loopback, a fresh made-up client address each time.
            statuses.Add(await LimitedAsync(app, "127.0.0.1", $"203.0.113.{i + 1}"));
        }

        Assert.Equal([false, false, true, true], statuses);
    }

    [Fact]
    public async Task BehindAConfiguredProxy_TheForwardedClientIsCounted_AndOtherSendersAreNotBelieved()
    {
        await using var app = await StartAsync("10.0.0.5, 192.0.2.0/24");

        var client = new List<bool>();
        for (var i = 0; i < Limit + 1; i++)
        {
            client.Add(await LimitedAsync(app, "10.0.0.5", "203.0.113.9"));
        }
        // Other clients behind the same proxies are counted on their own.
        var anotherClient = await LimitedAsync(app, "10.0.0.5", "203.0.113.10");
        var throughTheNetwork = new List<bool>();
        for (var i = 0; i < Limit + 1; i++)
        {
            throughTheNetwork.Add(await LimitedAsync(app, "192.0.2.77", $"203.0.113.{20 + i}"));
        }
        // Not a proxy: its header is ignored, so it is counted as itself, and uses up its own limit.
        var stranger = new List<bool>();
        for (var i = 0; i < Limit + 1; i++)
        {
            stranger.Add(await LimitedAsync(app, "198.51.100.20", $"203.0.113.{50 + i}"));
        }

        Assert.Equal([false, false, true], client);
        Assert.False(anotherClient);
        Assert.Equal([false, false, false], throughTheNetwork);
        Assert.Equal([false, false, true], stranger);
    }

    [Fact]
    public async Task IPv6Clients_AreLimitedByTheir64()
    {
        await using var app = await StartAsync();

        var sameSubnet = new List<bool>();
        foreach (var address in new[] { "2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2:ffff:ffff:ffff:3" })
        {
            sameSubnet.Add(await LimitedAsync(app, address));
        }
        var nextSubnet = await LimitedAsync(app, "2001:db8:1:3::1");

        Assert.Equal([false, false, true], sameSubnet);
        Assert.False(nextSubnet);
    }
}
