using FairShot.Domain;
using FairShot.Features.Booking;
using FairShot.Features.Invitations;
using FairShot.Platform;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FairShot.Features.Appointments;

/// <summary>
/// A booked resident's own appointment, behind its confirmation code and a one-time code sent to
/// the contact on file. Each signature lists every answer the endpoint gives.
/// </summary>
public static class ManageAppointmentApi
{
    public static IEndpointRouteBuilder MapManageAppointmentApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/appointments/{confirmationCode}").WithTags("Appointments").AllowAnonymous()
            .RequireRateLimiting(InvitationsApi.InvitationRateLimit).ProducesRateLimit();
        group.MapPost("/code", SendCodeAsync).WithSummary("Send a one-time code to the contact on file for managing this appointment.");
        group.MapPost("/verify", VerifyAsync).WithSummary("Code -> {sessionToken, expiresAt} for the calls below (Authorization: Bearer).");
        group.MapGet("/", ViewAsync).WithSummary("The appointment.");
        group.MapPost("/cancel", CancelAsync)
            .WithSummary("Cancel; the seat is released once and can be booked by someone else at once. Cancelling dose 1 cancels the dose 2 booked with it.");
        group.MapGet("/slots", MoveChoicesAsync)
            .WithSummary("With the session: the future slots with a free seat for the same vaccine that the appointment can move to.");
        group.MapPost("/move", MoveAsync).WithSummary("Move to another future slot of the same vaccine.");
        return routes;
    }

    private static async Task<Results<Accepted<CodeSent>, NotFoundProblem, TooManyRequestsProblem>> SendCodeAsync(
        string confirmationCode, ManageAppointment manage, CancellationToken ct)
    {
        var result = await manage.SendCodeAsync(confirmationCode, ct);
        return result.Error switch
        {
            null => TypedResults.Accepted((string?)null, result.Value!),
            NotFoundError unknown => unknown.ToNotFound(),
            TooManyRequestsError limit => limit.ToTooManyRequests(),
            var other => throw other.Unlisted(),
        };
    }

    private static async Task<Results<Ok<SessionIssued>, BadRequestProblem, UnauthorizedProblem, NotFoundProblem>> VerifyAsync(
        string confirmationCode, VerifyRequest request, ManageAppointment manage, CancellationToken ct)
    {
        var result = await manage.VerifyAsync(confirmationCode, request.Code, ct);
        return result.Error switch
        {
            null => TypedResults.Ok(result.Value!),
            ValidationError invalid => invalid.ToBadRequest(),
            UnauthorizedError wrong => wrong.ToUnauthorized(),
            NotFoundError unknown => unknown.ToNotFound(),
            var other => throw other.Unlisted(),
        };
    }

    private static async Task<Results<Ok<AppointmentView>, UnauthorizedProblem, NotFoundProblem>> ViewAsync(
        string confirmationCode, ManageAppointment manage, HttpContext http, CancellationToken ct)
    {
        var result = await manage.ViewAsync(confirmationCode, Bearer(http), ct);
        return result.Error switch
        {
            null => TypedResults.Ok(result.Value!),
            UnauthorizedError unverified => unverified.ToUnauthorized(),
            NotFoundError unknown => unknown.ToNotFound(),
            var other => throw other.Unlisted(),
        };
    }

    private static async Task<Results<Ok<AppointmentView>, UnauthorizedProblem, NotFoundProblem, ConflictProblem>> CancelAsync(
        string confirmationCode, ManageAppointment manage, HttpContext http, CancellationToken ct) =>
        Changed(await manage.CancelAsync(confirmationCode, Bearer(http), ct));

    private static async Task<Results<Ok<IReadOnlyList<OpenSlot>>, UnauthorizedProblem, NotFoundProblem, ConflictProblem>> MoveChoicesAsync(
        string confirmationCode, ManageAppointment manage, HttpContext http, CancellationToken ct)
    {
        var result = await manage.MoveChoicesAsync(confirmationCode, Bearer(http), ct);
        return result.Error switch
        {
            null => TypedResults.Ok(result.Value!),
            UnauthorizedError unverified => unverified.ToUnauthorized(),
            NotFoundError unknown => unknown.ToNotFound(),
            ConflictError notBooked => notBooked.ToConflict(),
            var other => throw other.Unlisted(),
        };
    }

    private static async Task<Results<Ok<AppointmentView>, BadRequestProblem, UnauthorizedProblem, NotFoundProblem, ConflictProblem>> MoveAsync(
        string confirmationCode, MoveRequest request, ManageAppointment manage, HttpContext http, CancellationToken ct)
    {
        var result = await manage.MoveAsync(confirmationCode, Bearer(http), request, ct);
        return result.Error switch
        {
            null => TypedResults.Ok(result.Value!),
            ValidationError invalid => invalid.ToBadRequest(),
            UnauthorizedError unverified => unverified.ToUnauthorized(),
            NotFoundError unknown => unknown.ToNotFound(),
            ConflictError conflict => conflict.ToConflict(),
            var other => throw other.Unlisted(),
        };
    }

    private static Results<Ok<AppointmentView>, UnauthorizedProblem, NotFoundProblem, ConflictProblem> Changed(Result<AppointmentView> result) => result.Error switch
    {
        null => TypedResults.Ok(result.Value!),
        UnauthorizedError unverified => unverified.ToUnauthorized(),
        NotFoundError unknown => unknown.ToNotFound(),
        ConflictError conflict => conflict.ToConflict(),
        var other => throw other.Unlisted(),
    };

    private static string? Bearer(HttpContext http) => InvitationLink.BearerToken(http);
}
