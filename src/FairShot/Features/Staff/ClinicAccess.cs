using System.Security.Claims;
using FairShot.Data;
using FairShot.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Staff;

/// <summary>
/// Which clinics a staff member may act on. Admins, schedulers and the call centre work for the
/// whole county; someone who is only <see cref="StaffRoles.ClinicStaff"/> acts on, and sees, only
/// the clinics an admin assigned them (<see cref="StaffClinic"/>), and none before they are
/// assigned. Read from the database on every request, so a change of assignment applies at once.
/// </summary>
public sealed class ClinicAccess(FairShotDb db)
{
    public const string NotYourClinic = "You can act only on the clinics you belong to. Ask an admin to add you to this clinic.";

    /// <summary>True when every role the user holds is ClinicStaff: their reach is their clinics.</summary>
    public static bool IsClinicStaffOnly(ClaimsPrincipal user) =>
        user.IsInRole(StaffRoles.ClinicStaff) && !StaffRoles.All.Any(r => r != StaffRoles.ClinicStaff && user.IsInRole(r));

    /// <summary>The clinics the user may act on, or null for every clinic.</summary>
    public async Task<IReadOnlySet<Guid>?> ClinicsOfAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!IsClinicStaffOnly(user))
        {
            return null;
        }
        var staffId = StaffId(user);
        return (await db.StaffClinics.AsNoTracking().Where(s => s.StaffUserId == staffId).Select(s => s.ClinicId).ToListAsync(cancellationToken)).ToHashSet();
    }

    /// <summary>The one rule: admins (and the other county-wide roles) everything; ClinicStaff only their clinics.</summary>
    public async Task<bool> CanActOnAsync(ClaimsPrincipal user, Guid clinicId, CancellationToken cancellationToken)
    {
        if (!IsClinicStaffOnly(user))
        {
            return true;
        }
        var staffId = StaffId(user);
        return await db.StaffClinics.AnyAsync(s => s.StaffUserId == staffId && s.ClinicId == clinicId, cancellationToken);
    }

    /// <summary>The same rule for a clinic day (its clinic). An unknown day passes, so the handler answers 404 for it.</summary>
    public async Task<bool> CanActOnDayAsync(ClaimsPrincipal user, Guid clinicDayId, CancellationToken cancellationToken)
    {
        if (!IsClinicStaffOnly(user))
        {
            return true;
        }
        var clinicId = await db.ClinicDays.AsNoTracking().Where(d => d.Id == clinicDayId).Select(d => (Guid?)d.ClinicId).SingleOrDefaultAsync(cancellationToken);
        return clinicId is null || await CanActOnAsync(user, clinicId.Value, cancellationToken);
    }

    /// <summary>The API's 403 for another clinic's clinic or day.</summary>
    public static ProblemHttpResult Forbidden() => TypedResults.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status403Forbidden,
        Title = "Not your clinic.",
        Detail = NotYourClinic,
    });

    private static Guid StaffId(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : Guid.Empty;
}

/// <summary>
/// Marks an any-staff endpoint or page that limits what it shows and does to the caller's clinics
/// (through <see cref="ClinicAccess"/>). Only such endpoints let in someone who is only ClinicStaff:
/// every other one (the line, a person's registration) answers 403, so a new any-staff endpoint is
/// closed to clinic staff until it says how it limits them.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = false)]
public sealed class ClinicScopedAttribute : Attribute;

public static class ClinicScopedEndpoints
{
    /// <summary>See <see cref="ClinicScopedAttribute"/>.</summary>
    public static TBuilder ClinicScoped<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ClinicScopedAttribute());
}

/// <summary>Part of every staff policy: see <see cref="ClinicScopedAttribute"/>.</summary>
internal sealed class ClinicScopedRequirement : IAuthorizationRequirement;

internal sealed class ClinicScopedHandler : AuthorizationHandler<ClinicScopedRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ClinicScopedRequirement requirement)
    {
        var endpoint = (context.Resource as HttpContext)?.GetEndpoint() ?? context.Resource as Endpoint;
        if (!ClinicAccess.IsClinicStaffOnly(context.User) || endpoint?.Metadata.GetMetadata<ClinicScopedAttribute>() is not null)
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
