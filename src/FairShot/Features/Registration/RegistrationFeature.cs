using System.Threading.RateLimiting;
using FairShot.Platform;
using Microsoft.AspNetCore.RateLimiting;

namespace FairShot.Features.Registration;

/// <summary>Signing up (by oneself or through the call centre), corrections, and the line.</summary>
public static class RegistrationFeature
{
    /// <summary>The sign-up form's last step (<c>/register?handler=Confirm</c>), limited like the API; its other steps register nobody.</summary>
    public const string SignUpRateLimit = "resident-sign-up-form";

    public static WebApplicationBuilder AddRegistration(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<RegistrationService>();
        // Generous: a library's shared computer or a carrier's NAT is many people on one address.
        // The per-contact cap (RegistrationService.PerContactPerDayKey) is counted in the database.
        var perMinute = builder.Configuration.GetValue("RateLimits:RegistrationsPerMinute", 30);
        builder.Services.AddPerAddressLimit(RegistrationApi.RateLimit, perMinute);
        builder.Services.Configure<RateLimiterOptions>(o => o.AddPolicy(SignUpRateLimit, http =>
            string.Equals(http.Request.Query["handler"], "Confirm", StringComparison.OrdinalIgnoreCase) && HttpMethods.IsPost(http.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1) })
                : RateLimitPartition.GetNoLimiter("")));
        return builder;
    }

    public static IEndpointRouteBuilder MapRegistration(this IEndpointRouteBuilder routes) => routes.MapRegistrationApi();
}
