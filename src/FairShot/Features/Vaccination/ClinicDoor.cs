namespace FairShot.Features.Vaccination;

/// <summary>The door: walk-ins, the no-show job, opened vials and the end of the day.</summary>
internal static class ClinicDoor
{
    public static void AddServices(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<NoShows>();
        services.AddScoped<DayDoses>();
        services.AddScoped<WalkIns>();
        services.AddScoped<EndOfDay>();
        if (builder.Configuration.GetValue("Jobs:Enabled", true))
        {
            services.AddHostedService<NoShowService>();
        }
    }

    public static void MapEndpoints(IEndpointRouteBuilder routes) => routes.MapClinicDoorApi();
}
