using FairShot.Platform;

namespace FairShot.Features.Eligibility;

/// <summary>Phases and priority groups as data, the regrouping they imply, and the daily birthday job.</summary>
public static class EligibilityFeature
{
    public static WebApplicationBuilder AddEligibility(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<EligibilityRules>();
        services.AddScoped<PhaseSwitch>();
        services.AddScoped<EligibilitySeed>();
        services.AddStartupStep<EligibilitySeed>();
        services.AddSingleton<BirthdayRegrouping>();
        if (builder.Configuration.GetValue("Jobs:Enabled", true))
        {
            services.AddHostedService<BirthdayRegroupingService>();
        }
        return builder;
    }

    public static IEndpointRouteBuilder MapEligibility(this IEndpointRouteBuilder routes) => routes.MapEligibilityApi();
}
