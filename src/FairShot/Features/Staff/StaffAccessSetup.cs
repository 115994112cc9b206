using System.Security.Claims;
using FairShot.Data;
using FairShot.Domain;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace FairShot.Features.Staff;

/// <summary>
/// Authorisation policies. The console signs in with a cookie; the API takes only
/// <c>Authorization: Bearer</c> tokens, so a cookie can never be ridden across sites to the API.
/// Every policy also requires the account to be active with an unchanged security stamp, checked
/// in the database on each request: disabling a staff member ends their access at once, on every
/// instance. Someone who is only ClinicStaff passes an any-staff policy only on an endpoint marked
/// <see cref="ClinicScopedAttribute"/>, which then limits them to their clinics (<see cref="ClinicAccess"/>).
/// Where admins must use two-factor sign-in (<see cref="AdminTwoFactor"/>), an admin
/// without an authenticator passes no policy.
/// </summary>
public static class StaffPolicies
{
    public const string ConsoleAdmin = "console:admin";
    public const string ConsoleScheduling = "console:scheduling";
    public const string ConsoleAnyStaff = "console:staff";
    public const string ApiAdmin = "api:admin";
    public const string ApiScheduling = "api:scheduling";
    public const string ApiAnyStaff = "api:staff";
    public const string ConsoleRegistering = "console:registering";
    public const string ApiRegistering = "api:registering";

    /// <summary>The clinic day (queue, check-in, doses, walk-ins): clinic staff and admins; mark endpoints ClinicScoped.</summary>
    public const string ConsoleClinic = "console:clinic";
    public const string ApiClinic = "api:clinic";

    internal static void Register(AuthorizationBuilder auth)
    {
        void Add(string name, string scheme, params string[] roles) => auth.AddPolicy(name, p =>
        {
            p.AddAuthenticationSchemes(scheme).RequireAuthenticatedUser().RequireRole(roles);
            p.AddRequirements(new ActiveStaffRequirement(), new ClinicScopedRequirement());
        });
        var cookie = IdentityConstants.ApplicationScheme;
        var bearer = IdentityConstants.BearerScheme;
        Add(ConsoleAdmin, cookie, StaffRoles.Admin);
        Add(ConsoleScheduling, cookie, StaffRoles.Admin, StaffRoles.Scheduler);
        Add(ConsoleAnyStaff, cookie, [.. StaffRoles.All]);
        Add(ApiAdmin, bearer, StaffRoles.Admin);
        Add(ApiScheduling, bearer, StaffRoles.Admin, StaffRoles.Scheduler);
        Add(ApiAnyStaff, bearer, [.. StaffRoles.All]);
        Add(ConsoleRegistering, cookie, StaffRoles.Admin, StaffRoles.CallCentre);
        Add(ApiRegistering, bearer, StaffRoles.Admin, StaffRoles.CallCentre);
        Add(ConsoleClinic, cookie, StaffRoles.Admin, StaffRoles.ClinicStaff);
        Add(ApiClinic, bearer, StaffRoles.Admin, StaffRoles.ClinicStaff);
    }
}

internal sealed class ActiveStaffRequirement : IAuthorizationRequirement;

internal sealed class ActiveStaffHandler(UserManager<StaffUser> users, Microsoft.Extensions.Options.IOptions<IdentityOptions> identity, AdminTwoFactor adminTwoFactor)
    : AuthorizationHandler<ActiveStaffRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, ActiveStaffRequirement requirement)
    {
        var id = users.GetUserId(context.User);
        if (id is null)
        {
            return;
        }
        var user = await users.FindByIdAsync(id);
        var stamp = context.User.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        // Where admins must use an authenticator, an admin session without one is worth nothing
        // (sign-in sends them to set it up; this holds for anything issued before that rule).
        var missingTwoFactor = adminTwoFactor.Required && context.User.IsInRole(StaffRoles.Admin) && user is { TwoFactorEnabled: false };
        if (user is { IsActive: true } && stamp is not null && stamp == user.SecurityStamp && !missingTwoFactor)
        {
            context.Succeed(requirement);
        }
    }
}

public static class StaffAccessSetup
{
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(1);

    public static WebApplicationBuilder AddStaffAccess(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddIdentityCore<StaffUser>(o =>
            {
                // NIST 800-63B: length over composition rules.
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                // No lockout: anyone who knows an e-mail could trigger it. Failures slow down the
                // account and the address instead (SignInThrottle); only disabling locks an account.
                o.Lockout.AllowedForNewUsers = false;
                o.User.RequireUniqueEmail = true;
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<FairShotDb>()
            .AddSignInManager()
            .AddDefaultTokenProviders();

        services.AddAuthentication(IdentityConstants.ApplicationScheme)
            .AddBearerToken(IdentityConstants.BearerScheme, o => o.BearerTokenExpiration = TokenLifetime)
            .AddIdentityCookies();

        var transport = Platform.TransportSecurity.From(builder.Configuration, builder.Environment);
        services.AddSingleton(transport);
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/console/login";
            o.LogoutPath = "/console/logout";
            o.AccessDeniedPath = "/console/denied";
            o.Cookie.Name = "FairShot.Staff";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = transport.CookiePolicy;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
        });
        // The step between password and full sign-in (PendingSignIn): as strict as the session cookie.
        services.Configure<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme, o =>
        {
            o.Cookie.Name = "FairShot.StaffPending";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = transport.CookiePolicy;
            o.ExpireTimeSpan = TimeSpan.FromMinutes(5);
            o.SlidingExpiration = false;
        });
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "FairShot.Antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = transport.CookiePolicy;
        });

        StaffPolicies.Register(services.AddAuthorizationBuilder());
        services.AddScoped<IAuthorizationHandler, ActiveStaffHandler>();
        services.AddSingleton<IAuthorizationHandler, ClinicScopedHandler>();
        services.AddScoped<ClinicAccess>();
        services.AddScoped<StaffDirectory>();
        services.AddSingleton(AdminTwoFactor.From(builder.Configuration, builder.Environment));
        services.AddScoped<StaffSignIn>();
        services.AddScoped<StaffTwoFactor>();
        return builder;
    }

    /// <summary>Issues a bearer token the API accepts, protected by the shared key ring.</summary>
    internal static (string Token, DateTimeOffset ExpiresAt) IssueToken(IServiceProvider services, ClaimsPrincipal principal)
    {
        var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<BearerTokenOptions>>().Get(IdentityConstants.BearerScheme);
        var clock = services.GetRequiredService<TimeProvider>();
        var expiresAt = clock.GetUtcNow() + TokenLifetime;
        var properties = new Microsoft.AspNetCore.Authentication.AuthenticationProperties { IssuedUtc = clock.GetUtcNow(), ExpiresUtc = expiresAt };
        var ticket = new Microsoft.AspNetCore.Authentication.AuthenticationTicket(principal, properties, IdentityConstants.BearerScheme);
        return (options.BearerTokenProtector.Protect(ticket), expiresAt);
    }

    public static Actor ToActor(this ClaimsPrincipal user)
    {
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier);
        return Guid.TryParse(id, out var staffId) ? Actor.Staff(staffId) : throw new InvalidOperationException("The request has no signed-in staff member.");
    }
}
