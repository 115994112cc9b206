using FairShot.Features.Invitations;
using FairShot.Platform;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FairShot.Features.Appointments;

public static class ManageAppointmentApi
{
    public static IEndpointRouteBuilder MapManageAppointmentApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/appointments/{confirmationCode}").WithTags("Appointments").AllowAnonymous()
            .RequireRateLimiting(InvitationsApi.InvitationRateLimit);
        group.MapPost("/code", async (string confirmationCode, ManageAppointment manage, CancellationToken ct) =>
            Answer(await manage.SendCodeAsync(confirmationCode, ct), v => TypedResults.Accepted((string?)null, v)))
            .WithSummary("Send a one-time code to the contact on file for managing this appointment.");
        group.MapPost("/verify", async (string confirmationCode, VerifyRequest request, ManageAppointment manage, CancellationToken ct) =>
            Answer(await manage.VerifyAsync(confirmationCode, request.Code, ct), TypedResults.Ok))
            .WithSummary("Code -> {sessionToken, expiresAt} for the calls below (Authorization: Bearer).");
        group.MapGet("/", async (string confirmationCode, ManageAppointment manage, HttpContext http, CancellationToken ct) =>
            Answer(await manage.ViewAsync(confirmationCode, Bearer(http), ct), TypedResults.Ok)).WithSummary("The appointment.");
        group.MapPost("/cancel", async (string confirmationCode, ManageAppointment manage, HttpContext http, CancellationToken ct) =>
            Answer(await manage.CancelAsync(confirmationCode, Bearer(http), ct), TypedResults.Ok))
            .WithSummary("Cancel; the seat is released once and can be booked by someone else at once. Cancelling dose 1 cancels the dose 2 booked with it.");
        group.MapGet("/slots", async (string confirmationCode, ManageAppointment manage, HttpContext http, CancellationToken ct) =>
            Answer(await manage.MoveChoicesAsync(confirmationCode, Bearer(http), ct), TypedResults.Ok))
            .WithSummary("With the session: the future slots with a free seat for the same vaccine that the appointment can move to.");
        group.MapPost("/move", async (string confirmationCode, MoveRequest request, ManageAppointment manage, HttpContext http, CancellationToken ct) =>
            Answer(await manage.MoveAsync(confirmationCode, Bearer(http), request, ct), TypedResults.Ok))
            .WithSummary("Move to another future slot of the same vaccine.");
        return routes;
    }

    private static Results<T, ProblemHttpResult> Answer<TValue, T>(Domain.Result<TValue> result, Func<TValue, T> ok) where T : IResult =>
        result.Succeeded ? ok(result.Value!) : result.Error!.ToProblem();

    private static string? Bearer(HttpContext http) => InvitationsApi.BearerToken(http);
}
