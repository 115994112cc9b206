namespace FairShot.Features.Records.HealthCards;

/// <summary>SMART Health Cards: the signing keys, the card, its QR, and the pages and API that hand it out.</summary>
public static class HealthCardsFeature
{
    public static IServiceCollection AddHealthCards(this IServiceCollection services)
    {
        services.AddScoped<HealthCardKeyRing>();
        services.AddScoped<HealthCardIssuer>();
        return services;
    }

    public static IEndpointRouteBuilder MapHealthCards(this IEndpointRouteBuilder routes) => routes.MapHealthCardsApi();
}
