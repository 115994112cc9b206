using FairShot.Platform;

namespace FairShot.Features.Status;

/// <summary>A resident's own place in line, behind a one-time code sent to the contact on file.</summary>
public static class StatusFeature
{
    public static WebApplicationBuilder AddStatus(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<StatusLookup>();
        // Code requests and guesses per address; the per-contact caps and per-code tries live in the database.
        builder.Services.AddPerAddressLimit(StatusApi.CodeRateLimit, builder.Configuration.GetValue("RateLimits:CodesPerMinute", 30));
        return builder;
    }

    public static IEndpointRouteBuilder MapStatus(this IEndpointRouteBuilder routes) => routes.MapStatusApi();
}
