using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Booking;
using FairShot.Features.Staff;
using FairShot.Platform;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Invitations;

public sealed record VerifyRequest(string? Code, string? DateOfBirth);

public sealed record InvitationSignals(Guid Id, Guid PersonId, Guid WaveId, string State, DateTime IssuedAt, DateTime ExpiresAt,
    int Visits, int Devices, int Networks, int FailedCodes, int WrongBirthDates, bool PossiblyShared);

public static class InvitationsApi
{
    public const string InvitationRateLimit = "invitation-actions";

    /// <summary>More than this many devices or networks on one personal link looks like sharing.</summary>
    public const int SharedDevices = 2;

    public static IEndpointRouteBuilder MapInvitationsApi(this IEndpointRouteBuilder routes)
    {
        var staff = routes.MapGroup("/api/v1/admin").WithTags("Invitations");
        staff.MapPost("/clinic-days/{id:guid}/invitations", IssueAsync).RequireAuthorization(StaffPolicies.ApiScheduling)
            .WithSummary("Invite the next people in line for a clinic day (or, with fromDate and toDate, for any day of its product in that range). Without count the wave is sized from free seats, outstanding invitations and the observed acceptance rate.");
        staff.MapPost("/invitations/{id:guid}/revoke", (Guid id, InvitationWaves waves, HttpContext http, CancellationToken ct) => RevokeAsync(waves, http, id, null, ct))
            .RequireAuthorization(StaffPolicies.ApiScheduling).WithSummary("Revoke one invitation.");
        staff.MapPost("/waves/{waveId:guid}/revoke", (Guid waveId, InvitationWaves waves, HttpContext http, CancellationToken ct) => RevokeAsync(waves, http, null, waveId, ct))
            .RequireAuthorization(StaffPolicies.ApiScheduling).WithSummary("Revoke every outstanding invitation of a wave.");
        staff.MapGet("/invitations", ListAsync).RequireAuthorization(StaffPolicies.ApiScheduling)
            .WithSummary("Invitations with their sharing signals; flagged=true lists those that look shared.");

        var residents = routes.MapGroup("/api/v1/invitations/{token}").WithTags("Invitations").AllowAnonymous().RequireRateLimiting(InvitationRateLimit).ProducesRateLimit();
        residents.MapPost("/code", SendCodeAsync).WithSummary("Send a 6-digit code to the contact on file (never to one in the request). 202 {sentTo} masked.");
        residents.MapPost("/verify", VerifyAsync).WithSummary("Code + date of birth -> 200 {sessionToken, expiresAt}; 401 when either is wrong (the answer does not say which).");
        return routes;
    }

    private static async Task<Results<Created<WaveResponse>, ProblemHttpResult>> IssueAsync(Guid id, IssueInvitationsRequest? request, InvitationWaves waves, HttpContext http, CancellationToken ct)
    {
        var result = await waves.IssueForDayAsync(http.User.ToActor(), id, request ?? new IssueInvitationsRequest(null, null, null, null), InvitationKind.Wave, ct);
        return result.Succeeded ? TypedResults.Created($"/api/v1/admin/invitations?waveId={result.Value!.WaveId}", result.Value) : result.Error!.ToProblem();
    }

    private static async Task<Results<Ok<object>, ProblemHttpResult>> RevokeAsync(InvitationWaves waves, HttpContext http, Guid? id, Guid? waveId, CancellationToken ct)
    {
        var result = await waves.RevokeAsync(http.User.ToActor(), id, waveId, ct);
        return result.Succeeded ? TypedResults.Ok((object)new { revoked = result.Value }) : result.Error!.ToProblem();
    }

    public static async Task<Ok<IReadOnlyList<InvitationSignals>>> ListAsync(FairShotDb db, TimeProvider clock, bool? flagged, Guid? waveId, Guid? personId, CancellationToken ct)
    {
        var query = db.Invitations.AsNoTracking();
        if (waveId is { } w)
        {
            query = query.Where(i => i.WaveId == w);
        }
        if (personId is { } p)
        {
            query = query.Where(i => i.PersonId == p);
        }
        if (flagged == true)
        {
            query = query.Where(i => i.FailedCodes >= 3 || i.WrongBirthDates >= 2
                || db.InvitationVisits.Where(v => v.InvitationId == i.Id).Select(v => v.DeviceHash).Distinct().Count() > SharedDevices
                || db.InvitationVisits.Where(v => v.InvitationId == i.Id).Select(v => v.NetworkHash).Distinct().Count() > SharedDevices);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = await query.OrderByDescending(i => i.IssuedAt).Take(500)
            .Select(i => new
            {
                Invitation = i,
                Devices = db.InvitationVisits.Where(v => v.InvitationId == i.Id).Select(v => v.DeviceHash).Distinct().Count(),
                Networks = db.InvitationVisits.Where(v => v.InvitationId == i.Id).Select(v => v.NetworkHash).Distinct().Count(),
            }).ToListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<InvitationSignals>>(rows.Select(r => new InvitationSignals(r.Invitation.Id, r.Invitation.PersonId, r.Invitation.WaveId,
            r.Invitation.State == InvitationState.Outstanding && r.Invitation.ExpiresAt <= now ? "expired" : r.Invitation.State.ToString().ToLowerInvariant(),
            r.Invitation.IssuedAt, r.Invitation.ExpiresAt, r.Invitation.Visits, r.Devices, r.Networks, r.Invitation.FailedCodes, r.Invitation.WrongBirthDates,
            r.Devices > SharedDevices || r.Networks > SharedDevices || r.Invitation.FailedCodes >= 3 || r.Invitation.WrongBirthDates >= 2)).ToList());
    }

    private static async Task<Results<Accepted<CodeSent>, NotFoundProblem, GoneProblem, TooManyRequestsProblem>> SendCodeAsync(
        InvitationLink link, InvitationAccess access, HttpContext http, CancellationToken ct)
    {
        switch (link.Unusable)
        {
            case NotFoundError missing:
                return missing.ToNotFound();
            case { } unusable:
                return unusable.ToGone();
        }
        var result = await access.SendCodeAsync(link.Invitation!, Visitor.From(http), ct);
        return result.Error switch
        {
            null => TypedResults.Accepted((string?)null, result.Value!),
            TooManyRequestsError limit => limit.ToTooManyRequests(),
            GoneError gone => gone.ToGone(),
            var other => throw other.Unlisted(),
        };
    }

    private static async Task<Results<Ok<SessionIssued>, BadRequestProblem, UnauthorizedProblem, NotFoundProblem, GoneProblem>> VerifyAsync(
        InvitationLink link, VerifyRequest request, InvitationAccess access, HttpContext http, CancellationToken ct)
    {
        switch (link.Unusable)
        {
            case NotFoundError missing:
                return missing.ToNotFound();
            case { } unusable:
                return unusable.ToGone();
        }
        var result = await access.VerifyAsync(link.Invitation!, request.Code, request.DateOfBirth, Visitor.From(http), ct);
        return result.Error switch
        {
            null => TypedResults.Ok(result.Value!),
            ValidationError invalid => invalid.ToBadRequest(),
            UnauthorizedError failed => failed.ToUnauthorized(),
            GoneError gone => gone.ToGone(),
            var other => throw other.Unlisted(),
        };
    }

}
