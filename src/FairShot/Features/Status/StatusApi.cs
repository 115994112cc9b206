using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Staff;
using FairShot.Platform;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Status;

/// <summary>The answer to a status-code request: the same whether or not the contact is on file.</summary>
public sealed record StatusCodeSent(string Message);

public static class StatusApi
{
    public const string CodeRateLimit = "resident-codes";

    public static IEndpointRouteBuilder MapStatusApi(this IEndpointRouteBuilder routes)
    {
        var residents = routes.MapGroup("/api/v1/registrations").WithTags("Status").ProducesRateLimit();
        residents.MapPost("/status/code", SendStatusCodeAsync).AllowAnonymous().RequireRateLimiting(CodeRateLimit)
            .WithSummary("Send a one-time code to a registered contact. Answers 202 whether or not the contact is on file.");
        residents.MapPost("/status", StatusAsync).AllowAnonymous().RequireRateLimiting(CodeRateLimit)
            .WithSummary("With the code: status, group, whether the phase is open, and how many people are ahead.");
        return routes;
    }

    private static async Task<Results<Accepted<StatusCodeSent>, BadRequestProblem>> SendStatusCodeAsync(StatusCodeRequest request, StatusLookup lookup, CancellationToken ct)
    {
        var result = await lookup.SendCodeAsync(request, ct);
        return result.Error switch
        {
            null => TypedResults.Accepted((string?)null, new StatusCodeSent("If this contact is registered, we have sent it a 6-digit code. It works for 10 minutes.")),
            ValidationError invalid => invalid.ToBadRequest(),
            var other => throw other.Unlisted(),
        };
    }

    private static async Task<Results<Ok<StatusAnswer>, BadRequestProblem>> StatusAsync(StatusRequest request, StatusLookup lookup, CancellationToken ct)
    {
        var result = await lookup.LookUpAsync(request, ct);
        return result.Error switch
        {
            null => TypedResults.Ok(result.Value!),
            ValidationError invalid => invalid.ToBadRequest(),
            var other => throw other.Unlisted(),
        };
    }
}
