namespace FairShot.Features.Audit;

/// <summary>The append-only, chained audit log: every feature writes to it through <see cref="AuditTrail"/>.</summary>
public static class AuditFeature
{
    public static WebApplicationBuilder AddAudit(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<AuditTrail>();
        services.AddScoped<AuditVerifier>();
        services.AddSingleton<AuditSealer>();
        // Read now: outside Development a missing or bad Audit:ChainKey stops start-up with a clear message.
        services.AddSingleton(AuditChainKey.From(builder.Configuration, builder.Environment));
        services.Configure<AuditOptions>(builder.Configuration.GetSection("Audit"));
        if (builder.Configuration.GetValue("Audit:Sealer:Enabled", true))
        {
            services.AddHostedService<AuditSealerService>();
        }
        return builder;
    }

    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder routes) => routes.MapAuditApi();
}
