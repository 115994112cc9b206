namespace FairShot.Features.Vaccination;

/// <summary>The desk: the day's queue, check-in, recording doses, corrections and voids, the day's summary.</summary>
internal static class ClinicDesk
{
    public static void AddServices(IServiceCollection services)
    {
    }

    public static void MapEndpoints(IEndpointRouteBuilder routes)
    {
    }
}
