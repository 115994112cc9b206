using FairShot.Features.Records.Fhir;
using FairShot.Features.Records.HealthCards;
using FairShot.Features.Records.SchedulingLinks;

namespace FairShot.Features.Records;

/// <summary>Records: every dose reported to the state registry (the queue, its sender, the console page and API), FHIR R4 reads and export, SMART Health Cards, and the SMART Scheduling Links feed.</summary>
public static class RecordsFeature
{
    public static WebApplicationBuilder AddRecords(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<RegistryOptions>(builder.Configuration.GetSection("Registry"));
        services.AddScoped<RegistryQueue>();
        services.AddScoped<RegistryMessages>();
        services.AddScoped<SchedulingFeed>();
        services.AddHttpClient(RegistryDispatcher.HttpClientName);
        services.AddSingleton<RegistryDispatcher>();
        services.AddHealthCards();
        if (builder.Configuration.GetValue("Registry:Dispatcher:Enabled", true))
        {
            services.AddHostedService<RegistryDispatcherService>();
        }
        builder.AddFhir();
        return builder;
    }

    public static IEndpointRouteBuilder MapRecords(this IEndpointRouteBuilder routes)
    {
        routes.MapRegistryApi();
        routes.MapSchedulingLinksApi();
        routes.MapHealthCards();
        routes.MapFhirApi();
        return routes;
    }
}
