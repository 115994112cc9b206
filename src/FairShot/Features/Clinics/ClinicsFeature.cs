namespace FairShot.Features.Clinics;

/// <summary>Clinics and their days and slots, planned in the clinic's own time zone.</summary>
public static class ClinicsFeature
{
    public static WebApplicationBuilder AddClinics(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ClinicScheduling>();
        return builder;
    }

    public static IEndpointRouteBuilder MapClinics(this IEndpointRouteBuilder routes) => routes.MapClinicsApi();
}
