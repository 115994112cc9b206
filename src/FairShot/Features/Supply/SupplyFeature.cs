namespace FairShot.Features.Supply;

/// <summary>Dose supply: products, stock lots and the ledger, capacity backed by doses, second-dose holds.</summary>
public static class SupplyFeature
{
    public static WebApplicationBuilder AddSupply(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<SupplyLedger>();
        services.AddScoped<StockKeeping>();
        services.AddScoped<StockQueries>();
        services.AddScoped<Products>();
        services.AddScoped<Allocations>();
        services.AddScoped<SupplyProjection>();
        services.AddScoped<PastDayRelease>();
        if (builder.Configuration.GetValue("Jobs:Enabled", true))
        {
            services.AddHostedService<PastDayReleaseService>();
        }
        return builder;
    }

    public static IEndpointRouteBuilder MapSupply(this IEndpointRouteBuilder routes) => routes.MapSupplyApi();
}
