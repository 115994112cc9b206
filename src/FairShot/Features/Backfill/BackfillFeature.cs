namespace FairShot.Features.Backfill;

/// <summary>Filling empty seats: the fill monitor, targeted waves, rosters, standby and leftover doses.</summary>
public static class BackfillFeature
{
    public static WebApplicationBuilder AddBackfill(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<FillMonitor>();
        services.AddScoped<TargetedBackfill>();
        services.AddScoped<RosterImport>();
        services.AddScoped<StandbyOffers>();
        if (builder.Configuration.GetValue("Jobs:Enabled", true))
        {
            services.AddHostedService<FillMonitorService>();
        }
        return builder;
    }

    public static IEndpointRouteBuilder MapBackfill(this IEndpointRouteBuilder routes) => routes.MapBackfillApi();
}
