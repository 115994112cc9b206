using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;

namespace FairShot.Platform;

/// <summary>
/// The floor every request stands on: errors as ProblemDetails, security headers, rate limiting, health,
/// OpenAPI, Razor Pages. It registers no feature: each feature adds itself from Program.cs.
/// </summary>
public static partial class WebPlatform
{
    public const long MaxRequestBodyBytes = 1024 * 1024;

    public static WebApplicationBuilder AddWebPlatform(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        if (!builder.Environment.IsDevelopment())
        {
            builder.Logging.AddJsonConsole(o => o.IncludeScopes = false);
        }

        services.AddSingleton(TimeProvider.System);
        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o => o.SerializerOptions.AllowTrailingCommas = false);
        services.AddOpenApi(o => o.AddOperationTransformer((operation, context, _) =>
        {
            // A parameter resolved from the route by a type of ours (an invitation link) is still
            // part of the address: every {name} of the route is a path parameter in the document.
            foreach (var name in RouteParameters().Matches(context.Description.RelativePath ?? "").Select(m => m.Groups[1].Value))
            {
                operation.Parameters ??= [];
                if (!operation.Parameters.Any(p => p.Name == name && p.In == ParameterLocation.Path))
                {
                    operation.Parameters.Add(new OpenApiParameter { Name = name, In = ParameterLocation.Path, Required = true, Schema = new OpenApiSchema { Type = JsonSchemaType.String } });
                }
            }
            return Task.CompletedTask;
        }));
        services.AddRazorPages(o => o.RootDirectory = "/Features");
        services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: ["ready"]);
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));

        // Each feature adds its own policies (AddPerAddressLimit); this is what every refusal shares:
        // 429 with Retry-After, so a client (or a person) knows when to try again instead of hammering.
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
            {
                var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Max(1, Math.Ceiling(wait.TotalSeconds))).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
        });
        services.AddSingleton(TrustedProxies.From(builder.Configuration));
        return builder;
    }

    public static WebApplication UseWebPlatform(this WebApplication app)
    {
        // X-Forwarded-For and X-Forwarded-Proto are believed only from the proxies configured
        // (ForwardedHeaders:KnownProxies): anyone else could name any address and dodge the
        // per-address limits. With none configured the headers are ignored.
        var proxies = app.Services.GetRequiredService<TrustedProxies>();
        if (proxies.Any)
        {
            app.UseForwardedHeaders(proxies.Options());
        }
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        if (app.Services.GetRequiredService<TransportSecurity>().RequireHttps)
        {
            app.UseHsts();
        }
        app.UseSecurityHeaders();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapGet("/robots.txt", () => Results.Text("User-agent: *\nDisallow: /i/\nDisallow: /appointments/\nDisallow: /console/\nDisallow: /api/\n", "text/plain"))
            .ExcludeFromDescription();
        return app;
    }

    /// <summary>A fixed-window limit per client address, for a feature's endpoints (the durable limits live in the database).</summary>
    public static IServiceCollection AddPerAddressLimit(this IServiceCollection services, string policy, int permitsPerMinute)
    {
        services.Configure<RateLimiterOptions>(o => o.AddPolicy(policy, http => RateLimitPartition.GetFixedWindowLimiter(
            AddressPartition(http.Connection.RemoteIpAddress),
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permitsPerMinute, Window = TimeSpan.FromMinutes(1) })));
        return services;
    }

    /// <summary>
    /// The client a per-address limit counts: an IPv4 address, or an IPv6 /64. One IPv6 subscriber
    /// is handed a whole /64 and can pick a new address in it for every request.
    /// </summary>
    public static string AddressPartition(System.Net.IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new System.Net.IPAddress(bytes).ToString() + "/64";
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\{([A-Za-z]+)(?::[^}]*)?\}")]
    private static partial System.Text.RegularExpressions.Regex RouteParameters();
}
