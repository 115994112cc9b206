using FairShot.Features.Records.Fhir;

namespace FairShot.Features.Records;

/// <summary>Records: every dose reported to the state registry (the queue, its sender, the console page and API).</summary>
public static class RecordsFeature
{
    public static WebApplicationBuilder AddRecords(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<RegistryOptions>(builder.Configuration.GetSection("Registry"));
        services.AddScoped<RegistryQueue>();
        services.AddScoped<RegistryMessages>();
        services.AddHttpClient(RegistryDispatcher.HttpClientName);
        services.AddSingleton<RegistryDispatcher>();
        if (builder.Configuration.GetValue("Registry:Dispatcher:Enabled", true))
        {
            services.AddHostedService<RegistryDispatcherService>();
        }
        builder.AddFhir();
        return builder;
    }

    public static IEndpointRouteBuilder MapRecords(this IEndpointRouteBuilder routes) => routes.MapRegistryApi().MapFhirApi();
}
