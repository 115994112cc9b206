using FairShot.Platform;

namespace FairShot.Features.Staff;

/// <summary>Staff accounts and roles, console sign-in, API tokens; the first admin on an empty database.</summary>
public static class StaffFeature
{
    public static WebApplicationBuilder AddStaff(this WebApplicationBuilder builder)
    {
        builder.AddStaffAccess();
        // A brake on request floods from one address; the sign-in throttle in the database (SignInThrottle) is the real limit.
        builder.Services.AddPerAddressLimit(StaffApi.TokenRateLimit, builder.Configuration.GetValue("RateLimits:SignInsPerMinute", 30));
        builder.Services.AddSingleton<BootstrapPasswordFile>();
        builder.Services.AddStartupStep<FirstAdmin>();
        return builder;
    }

    public static IEndpointRouteBuilder MapStaff(this IEndpointRouteBuilder routes) => routes.MapStaffApi();

    /// <summary>The bootstrap admin, created when there is no staff account; its generated password goes to an owner-only file.</summary>
    private sealed class FirstAdmin(StaffDirectory directory, BootstrapPasswordFile passwordFile) : IStartupStep
    {
        public async Task RunAsync(CancellationToken cancellationToken) => await directory.BootstrapAdminAsync(passwordFile, cancellationToken);
    }
}
