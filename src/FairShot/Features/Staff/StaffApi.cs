using FairShot.Domain;
using FairShot.Platform;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace FairShot.Features.Staff;

public sealed record TokenRequest(string? Email, string? Password);

public sealed record TokenResponse(string AccessToken, DateTimeOffset ExpiresAt);

public static class StaffApi
{
    public const string TokenRateLimit = "staff-token";

    public static IEndpointRouteBuilder MapStaffApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/v1/auth/token", IssueTokenAsync)
            .WithTags("Staff")
            .WithSummary("Exchange a staff e-mail and password for a bearer token (1 hour).")
            .AllowAnonymous()
            .RequireRateLimiting(TokenRateLimit);

        var staff = routes.MapGroup("/api/v1/admin/staff").WithTags("Staff").RequireAuthorization(StaffPolicies.ApiAdmin);
        staff.MapGet("/", async (StaffDirectory directory, CancellationToken ct) => TypedResults.Ok(await directory.ListAsync(ct)))
            .WithSummary("List staff accounts.");
        staff.MapPost("/", CreateAsync).WithSummary("Create a staff account; the initial password is returned once.");
        staff.MapPost("/{id:guid}/disable", DisableAsync).WithSummary("Disable a staff account; its sessions and tokens stop working at once.");
        staff.MapPut("/{id:guid}/clinics", SetClinicsAsync)
            .WithSummary("Replace the clinics a staff member belongs to {clinicIds}; ClinicStaff act only on these (none until assigned).");
        return routes;
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> IssueTokenAsync(
        TokenRequest request, UserManager<StaffUser> users, SignInManager<StaffUser> signIn, IServiceProvider services)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(request.Email) || request.Email.Length > 254)
        {
            errors.Add("email", "Enter your staff e-mail address.");
        }
        if (string.IsNullOrEmpty(request.Password) || request.Password.Length > 200)
        {
            errors.Add("password", "Enter your password.");
        }
        if (errors.Any)
        {
            return errors.ToError().ToProblem();
        }

        var user = await users.FindByEmailAsync(request.Email!.Trim());
        if (user is null || !user.IsActive)
        {
            return Unauthorized();
        }
        var check = await signIn.CheckPasswordSignInAsync(user, request.Password!, lockoutOnFailure: true);
        if (!check.Succeeded)
        {
            // One answer for a wrong password, a locked account and an unknown e-mail: no probing.
            return Unauthorized();
        }
        var principal = await signIn.CreateUserPrincipalAsync(user);
        var (token, expiresAt) = StaffAccessSetup.IssueToken(services, principal);
        return TypedResults.Ok(new TokenResponse(token, expiresAt));
    }

    private static ProblemHttpResult Unauthorized() => TypedResults.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status401Unauthorized,
        Title = "Sign-in failed.",
        Detail = "The e-mail or password is not right, or the account is locked after too many tries. Wait 15 minutes or ask an admin.",
    });

    private static async Task<Results<Created<NewStaffMember>, ProblemHttpResult>> CreateAsync(
        CreateStaffRequest request, StaffDirectory directory, HttpContext http, CancellationToken ct)
    {
        var result = await directory.CreateAsync(http.User.ToActor(), request, ct);
        return result.Succeeded
            ? TypedResults.Created($"/api/v1/admin/staff/{result.Value!.Staff.Id}", result.Value)
            : result.Error!.ToProblem();
    }

    private static async Task<Results<Ok<StaffSummary>, ProblemHttpResult>> SetClinicsAsync(
        Guid id, StaffClinicsRequest request, StaffDirectory directory, HttpContext http, CancellationToken ct)
    {
        var result = await directory.SetClinicsAsync(http.User.ToActor(), id, request, ct);
        return result.Succeeded ? TypedResults.Ok(result.Value!) : result.Error!.ToProblem();
    }

    private static async Task<Results<Ok<StaffSummary>, ProblemHttpResult>> DisableAsync(
        Guid id, StaffDirectory directory, HttpContext http, CancellationToken ct)
    {
        var result = await directory.DisableAsync(http.User.ToActor(), id, ct);
        return result.Succeeded ? TypedResults.Ok(result.Value!) : result.Error!.ToProblem();
    }
}
