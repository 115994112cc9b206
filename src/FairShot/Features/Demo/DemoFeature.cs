using FairShot.Platform;

namespace FairShot.Features.Demo;

/// <summary>The demo county, written into an empty database when <c>Demo:Seed</c> is on (Development by default).</summary>
public static class DemoFeature
{
    public static WebApplicationBuilder AddDemo(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<DemoData>();
        if (builder.Configuration.GetValue("Demo:Seed", false))
        {
            builder.Services.AddStartupStep<DemoData>();
        }
        return builder;
    }
}
