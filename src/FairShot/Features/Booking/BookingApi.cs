using System.Text;
using FairShot.Domain;
using FairShot.Features.Invitations;
using FairShot.Features.Staff;
using FairShot.Platform;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FairShot.Features.Booking;

public static class BookingApi
{
    public static IEndpointRouteBuilder MapBookingApi(this IEndpointRouteBuilder routes)
    {
        var residents = routes.MapGroup("/api/v1/invitations/{token}").WithTags("Booking").AllowAnonymous().RequireRateLimiting(InvitationsApi.InvitationRateLimit);
        residents.MapGet("/slots", SlotsAsync).WithSummary("With Authorization: Bearer {sessionToken}: slots with free seats for this invitation.");
        residents.MapPost("/appointments", BookAsync).WithSummary("Book with an Idempotency-Key header: 201 {confirmationCode, startsAt, clinic, secondDose?}; 409 with alternatives when full; 410 used/expired/revoked; 401 without a session.")
            .Produces<BookedResponse>(StatusCodes.Status201Created);
        routes.MapPost("/api/v1/admin/people/{personId:guid}/appointments", BookForPersonAsync).WithTags("Booking")
            .RequireAuthorization(Staff.StaffPolicies.ApiRegistering)
            .WithSummary("A call-centre agent books for a named person, with a reason; the appointment records the agent. Optional Idempotency-Key.")
            .Produces<BookedResponse>(StatusCodes.Status201Created);
        return routes;
    }

    private static async Task<Results<Ok<IReadOnlyList<OpenSlot>>, ProblemHttpResult>> SlotsAsync(string token, InvitationAccess access, BookAppointment booking, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var invitation = await access.FindAsync(token, ct);
        if (InvitationAccess.Usability(invitation, clock.GetUtcNow().UtcDateTime) is { } unusable)
        {
            return unusable.ToProblem();
        }
        if (await access.SessionAsync(invitation!, BearerToken(http), ct) is null)
        {
            return new UnauthorizedError("Confirm it is you first: ask for a code and enter it with your date of birth.").ToProblem();
        }
        var slots = await booking.OpenSlotsAsync(invitation!, ct);
        return TypedResults.Ok(slots.Value!);
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> BookAsync(string token, BookRequest request, BookAppointment booking,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, HttpContext http, CancellationToken ct)
    {
        var result = await booking.BookAsync(token, BearerToken(http), request, idempotencyKey, ct);
        return result.Succeeded
            ? TypedResults.Text(result.Value!.Body, "application/json", Encoding.UTF8, result.Value.StatusCode)
            : result.Error!.ToProblem();
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> BookForPersonAsync(Guid personId, StaffBookRequest request, BookAppointment booking,
        [Microsoft.AspNetCore.Mvc.FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, HttpContext http, CancellationToken ct)
    {
        var result = await booking.BookForPersonAsync(Staff.StaffAccessSetup.ToActor(http.User), personId, request, idempotencyKey, ct);
        return result.Succeeded
            ? TypedResults.Text(result.Value!.Body, "application/json", System.Text.Encoding.UTF8, result.Value.StatusCode)
            : result.Error!.ToProblem();
    }

    private static string? BearerToken(HttpContext http) => InvitationsApi.BearerToken(http);
}
