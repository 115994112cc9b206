namespace FairShot.Features.Integrity;

/// <summary>One county view of every booking: partner imports, the integrity report, selective cancellation, the call list, one person's story.</summary>
public static class IntegrityFeature
{
    public static WebApplicationBuilder AddIntegrity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<AppointmentImport>();
        services.AddScoped<IntegrityReport>();
        services.AddScoped<IntegrityCancellation>();
        services.AddScoped<CallList>();
        services.AddScoped<PersonStory>();
        services.AddScoped<IntegrityThresholds>();
        return builder;
    }

    public static IEndpointRouteBuilder MapIntegrity(this IEndpointRouteBuilder routes) => routes.MapIntegrityApi();
}
