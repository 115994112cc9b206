using System.Text.Json.Nodes;
using FairShot.Domain;
using FairShot.Features.Staff;
using FairShot.Platform;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FairShot.Features.Records.HealthCards;

/// <summary>The <c>.smart-health-card</c> file's body.</summary>
public sealed record HealthCardFile(IReadOnlyList<string> VerifiableCredential);

public static class HealthCardsApi
{
    public static IEndpointRouteBuilder MapHealthCardsApi(this IEndpointRouteBuilder routes)
    {
        // Verifiers anywhere fetch the issuer's keys from iss + "/.well-known/jwks.json", often from a browser.
        routes.MapGet("/.well-known/jwks.json", async (HealthCardKeyRing keys, HttpContext http, CancellationToken ct) =>
            {
                var published = await keys.PublishedAsync(ct);
                http.Response.Headers.AccessControlAllowOrigin = "*";
                http.Response.Headers.CacheControl = "public, max-age=300";
                return TypedResults.Ok(new JsonObject { ["keys"] = new JsonArray([.. published.Select(k => k.DeepClone())]) });
            })
            .AllowAnonymous().WithTags("Records")
            .WithSummary("The keys that sign this county's SMART Health Cards (ES256, kid = RFC 7638 thumbprint), retired ones included so older cards still verify.");

        routes.MapGet("/api/v1/admin/people/{id:guid}/smart-health-card", async Task<Results<Ok<HealthCardFile>, NotFoundProblem, ConflictProblem>> (
                Guid id, HealthCardIssuer issuer, HttpContext http, CancellationToken ct) =>
            {
                var card = await issuer.IssueForStaffAsync(http.User.ToActor(), id, "api", ct);
                return card.Error switch
                {
                    null => TypedResults.Ok(new HealthCardFile([card.Value!.Jws])),
                    NotFoundError e => e.ToNotFound(),
                    ConflictError e => e.ToConflict(),
                    var e => throw e.Unlisted(),
                };
            })
            .RequireAuthorization(StaffPolicies.ApiRegistering).WithTags("Records")
            .WithSummary("A person's SMART Health Card for a caller: {\"verifiableCredential\":[jws]}, every dose given; 404 for an unknown person, 409 when no dose was given. Audited.");

        routes.MapPost("/api/v1/admin/health-cards/keys/rotate", async Task<Results<Ok<RotatedKey>, ConflictProblem>> (
                HealthCardKeyRing keys, HttpContext http, CancellationToken ct) =>
            {
                var rotated = await keys.RotateAsync(http.User.ToActor(), ct);
                return rotated.Succeeded ? TypedResults.Ok(rotated.Value!) : rotated.Error!.ToConflict();
            })
            .RequireAuthorization(StaffPolicies.ApiAdmin).WithTags("Records")
            .WithSummary("A new signing key for SMART Health Cards; the old one is retired and stays published so the cards it signed still verify. Audited.");
        return routes;
    }
}
