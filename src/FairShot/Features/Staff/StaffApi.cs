using FairShot.Domain;
using FairShot.Platform;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace FairShot.Features.Staff;

/// <summary>A staff e-mail and password, and the authenticator code when the account has two-factor sign-in on.</summary>
public sealed record TokenRequest(string? Email, string? Password, string? Totp = null);

public sealed record TokenResponse(string AccessToken, DateTimeOffset ExpiresAt);

/// <summary>403: the password was right, but this admin must set up two-factor sign-in first.</summary>
public sealed class TwoFactorRequiredProblem(ProblemDetails problem) : ProblemResult(problem), Microsoft.AspNetCore.Http.Metadata.IEndpointMetadataProvider
{
    public override int StatusCode => StatusCodes.Status403Forbidden;

    public static void PopulateMetadata(System.Reflection.MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status403Forbidden, typeof(ProblemDetails), ["application/problem+json"]));
}

public static class StaffApi
{
    public const string TokenRateLimit = "staff-token";

    public static IEndpointRouteBuilder MapStaffApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/v1/auth/token", IssueTokenAsync)
            .WithTags("Staff")
            .WithSummary("Exchange a staff e-mail and password (and, with two-factor sign-in on, the authenticator code as totp) for a bearer token (1 hour).")
            .AllowAnonymous()
            .RequireRateLimiting(TokenRateLimit);

        var staff = routes.MapGroup("/api/v1/admin/staff").WithTags("Staff").RequireAuthorization(StaffPolicies.ApiAdmin);
        staff.MapGet("/", async (StaffDirectory directory, CancellationToken ct) => TypedResults.Ok(await directory.ListAsync(ct)))
            .WithSummary("List staff accounts.");
        staff.MapPost("/", CreateAsync).WithSummary("Create a staff account; the initial password is returned once.");
        staff.MapPost("/{id:guid}/disable", DisableAsync).WithSummary("Disable a staff account; its sessions and tokens stop working at once.");
        staff.MapPut("/{id:guid}/clinics", SetClinicsAsync)
            .WithSummary("Replace the clinics a staff member belongs to {clinicIds, leadClinicIds?}; ClinicStaff act only on these (none until assigned); leads (a subset) may correct or void recorded doses there.");
        return routes;
    }

    private static async Task<Results<Ok<TokenResponse>, BadRequestProblem, UnauthorizedProblem, TwoFactorRequiredProblem, TooManyRequestsProblem>> IssueTokenAsync(
        TokenRequest request, StaffSignIn staffSignIn, HttpContext http, IServiceProvider services, CancellationToken cancellationToken)
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
        if (request.Totp is { Length: > 40 })
        {
            errors.Add("totp", "Enter the 6-digit code from your authenticator app.");
        }
        if (errors.Any)
        {
            return ((ValidationError)errors.ToError()).ToBadRequest();
        }

        var email = request.Email!.Trim();
        var (attempt, throttled) = await staffSignIn.BeginAsync(email, http.Connection.RemoteIpAddress, cancellationToken);
        if (throttled is not null)
        {
            http.Response.Headers.RetryAfter = throttled.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return new TooManyRequestsError($"Too many failed sign-ins for this account from this address. Try again in {throttled.RetryAfterSeconds} seconds.").ToTooManyRequests();
        }
        var user = await staffSignIn.CheckPasswordAsync(email, request.Password!);
        if (user is null)
        {
            // One answer, in the same time, for a wrong password, a disabled account and an unknown e-mail.
            return SignInFailed("The e-mail or password is not right.");
        }
        if (user.TwoFactorEnabled)
        {
            if (string.IsNullOrWhiteSpace(request.Totp))
            {
                // The password was right; asking for the code is not a failure.
                await staffSignIn.SucceededAsync(attempt!, cancellationToken);
                return SignInFailed("This account uses two-factor sign-in: send the 6-digit code from the authenticator app as totp.");
            }
            if (!await staffSignIn.CheckCodeAsync(user, request.Totp))
            {
                return SignInFailed("The authenticator code is not right.");
            }
        }
        await staffSignIn.SucceededAsync(attempt!, cancellationToken);
        if (await staffSignIn.MustEnrolAsync(user))
        {
            return new TwoFactorRequiredProblem(new ProblemDetails
            {
                Title = "Two-factor sign-in required.",
                Detail = "Admins must use two-factor sign-in. Sign in at /console/login to set up an authenticator app, then send its code as totp.",
            });
        }
        var principal = await services.GetRequiredService<SignInManager<StaffUser>>().CreateUserPrincipalAsync(user);
        var (token, expiresAt) = StaffAccessSetup.IssueToken(services, principal);
        return TypedResults.Ok(new TokenResponse(token, expiresAt));
    }

    private static UnauthorizedProblem SignInFailed(string detail) => new(new ProblemDetails { Title = "Sign-in failed.", Detail = detail });

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
