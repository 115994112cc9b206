using FairShot.Platform;

namespace FairShot.Features.Invitations;

/// <summary>Waves of personal invitations, and a resident proving the link is theirs (code + date of birth).</summary>
public static class InvitationsFeature
{
    public static WebApplicationBuilder AddInvitations(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<InvitationWaves>();
        services.AddScoped<InvitationAccess>();
        services.AddSingleton<VisitNotes>();
        // A brake per address on the invitation steps; the real limits are per code and per contact, in the database.
        services.AddPerAddressLimit(InvitationsApi.InvitationRateLimit, builder.Configuration.GetValue("RateLimits:InvitationActionsPerMinute", 120));
        return builder;
    }

    public static IEndpointRouteBuilder MapInvitations(this IEndpointRouteBuilder routes) => routes.MapInvitationsApi();
}
