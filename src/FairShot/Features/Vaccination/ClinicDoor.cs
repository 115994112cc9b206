namespace FairShot.Features.Vaccination;

/// <summary>The door: walk-ins, the no-show job, opened vials and the end of the day.</summary>
internal static class ClinicDoor
{
    public static void AddServices(WebApplicationBuilder builder)
    {
    }

    public static void MapEndpoints(IEndpointRouteBuilder routes)
    {
    }
}
