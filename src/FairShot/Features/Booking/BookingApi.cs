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
        var residents = routes.MapGroup("/api/v1/invitations/{token}").WithTags("Booking").AllowAnonymous()
            .RequireRateLimiting(InvitationsApi.InvitationRateLimit).ProducesRateLimit();
        residents.MapGet("/slots", SlotsAsync).WithSummary("With Authorization: Bearer {sessionToken}: slots with free seats for this invitation.");
        residents.MapPost("/appointments", BookAsync).WithSummary("Book with an Idempotency-Key header: 201 {confirmationCode, startsAt, clinic, secondDose?}; a retry with the same key gets the same answer; 409 with alternatives when full; 410 used/expired/revoked; 401 without a session.");
        routes.MapPost("/api/v1/admin/people/{personId:guid}/appointments", BookForPersonAsync).WithTags("Booking")
            .RequireAuthorization(StaffPolicies.ApiRegistering)
            .WithSummary("A call-centre agent books for a named person, with a reason; the appointment records the agent. Optional Idempotency-Key.");
        return routes;
    }

    private static async Task<Results<Ok<IReadOnlyList<OpenSlot>>, UnauthorizedProblem, NotFoundProblem, GoneProblem>> SlotsAsync(
        InvitationLink link, BookAppointment booking, CancellationToken ct)
    {
        switch (link.Unusable)
        {
            case NotFoundError missing:
                return missing.ToNotFound();
            case { } unusable:
                return unusable.ToGone();
        }
        if (link.Session is null)
        {
            return new UnauthorizedError("Confirm it is you first: ask for a code and enter it with your date of birth.").ToUnauthorized();
        }
        return TypedResults.Ok(await booking.OpenSlotsAsync(link.Invitation!, ct));
    }

    private static async Task<Results<Created<BookedResponse>, BadRequestProblem, UnauthorizedProblem, NotFoundProblem, ConflictProblem, GoneProblem>> BookAsync(
        InvitationLink link, BookRequest request, BookAppointment booking, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, CancellationToken ct)
    {
        // The replay first: a retry of a booking that succeeded finds the invitation used.
        if (link is { Invitation: { } invitation, Session: not null } && await booking.EarlierBookingAsync(invitation, idempotencyKey, ct) is { } earlier)
        {
            return Created(earlier);
        }
        var result = await booking.BookAsync(link, request, idempotencyKey, ct);
        return result.Error switch
        {
            null => Created(result.Value!),
            ValidationError invalid => invalid.ToBadRequest(),
            UnauthorizedError unverified => unverified.ToUnauthorized(),
            NotFoundError missing => missing.ToNotFound(),
            ConflictError full => full.ToConflict(),
            GoneError gone => gone.ToGone(),
            var other => throw other.Unlisted(),
        };
    }

    private static async Task<Results<Created<BookedResponse>, BadRequestProblem, NotFoundProblem, ConflictProblem>> BookForPersonAsync(
        Guid personId, StaffBookRequest request, BookAppointment booking, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, HttpContext http, CancellationToken ct)
    {
        var result = await booking.BookForPersonAsync(http.User.ToActor(), personId, request, idempotencyKey, ct);
        return result.Error switch
        {
            null => Created(result.Value!),
            ValidationError invalid => invalid.ToBadRequest(),
            NotFoundError missing => missing.ToNotFound(),
            ConflictError conflict => conflict.ToConflict(),
            var other => throw other.Unlisted(),
        };
    }

    private static Created<BookedResponse> Created(BookedResponse booked) =>
        TypedResults.Created($"/api/v1/appointments/{booked.ConfirmationCode}", booked);
}
