namespace FairShot.Features.Registration;

/// <summary>Signing up (by oneself or through the call centre), corrections, and the line.</summary>
public static class RegistrationFeature
{
    public static WebApplicationBuilder AddRegistration(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<RegistrationService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapRegistration(this IEndpointRouteBuilder routes) => routes.MapRegistrationApi();
}
