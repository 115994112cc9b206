namespace FairShot.Features.Vaccination;

/// <summary>
/// The clinic day: the queue at the door, check-in with the date of birth, recording each dose
/// from a lot through the supply ledger (the desk), and what happens around it (the door):
/// walk-ins, no-shows, opened vials and the end of the day.
/// </summary>
public static class VaccinationFeature
{
    public static WebApplicationBuilder AddVaccination(this WebApplicationBuilder builder)
    {
        ClinicDesk.AddServices(builder.Services);
        ClinicDoor.AddServices(builder);
        return builder;
    }

    public static IEndpointRouteBuilder MapVaccination(this IEndpointRouteBuilder routes)
    {
        ClinicDesk.MapEndpoints(routes);
        ClinicDoor.MapEndpoints(routes);
        return routes;
    }
}
