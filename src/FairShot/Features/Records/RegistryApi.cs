using FairShot.Features.Staff;
using FairShot.Platform;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FairShot.Features.Records;

public static class RegistryApi
{
    public static IEndpointRouteBuilder MapRegistryApi(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/api/v1/admin/registry").WithTags("Records").RequireAuthorization(StaffPolicies.ApiAdmin);

        admin.MapGet("/messages", async Task<Results<Ok<IReadOnlyList<RegistryMessageView>>, BadRequestProblem>> (
                Guid? personId, Guid? clinicDayId, string? state, int? take, RegistryMessages messages, CancellationToken ct) =>
            {
                var result = await messages.ListAsync(personId, clinicDayId, state, take, ct);
                return result.Succeeded ? TypedResults.Ok(result.Value!) : ((Domain.ValidationError)result.Error!).ToBadRequest();
            })
            .WithSummary("The VXU messages to the state registry, newest first, of a person, a clinic day or a state (waiting, accepted, acceptedWithErrors, rejected, exported, superseded, gaveUp): the HL7 text, the ACK and its errors, attempts and times.");

        admin.MapPost("/messages/{id:guid}/resend", async Task<Results<Ok<ResentView>, NotFoundProblem, ConflictProblem>> (
                Guid id, RegistryMessages messages, HttpContext http, CancellationToken ct) =>
            {
                var result = await messages.ResendAsync(http.User.ToActor(), id, ct);
                return result.Succeeded ? TypedResults.Ok(result.Value!)
                    : result.Error switch
                    {
                        Domain.NotFoundError e => e.ToNotFound(),
                        Domain.ConflictError e => e.ToConflict(),
                        var e => throw e!.Unlisted(),
                    };
            })
            .WithSummary("Send a rejected (or never answered) message again: rebuilt from the administration as it is now, with a new control id; 409 for any other message.");

        admin.MapGet("/batch", async Task<Results<FileContentHttpResult, NotFoundProblem>> (
                Guid? clinicDayId, bool? dryRun, RegistryMessages messages, HttpContext http, CancellationToken ct) =>
            {
                var result = await messages.ExportAsync(http.User.ToActor(), clinicDayId, dryRun ?? false, ct);
                if (!result.Succeeded)
                {
                    return result.Error!.ToNotFound();
                }
                var batch = result.Value!;
                http.Response.Headers["X-Batch-Id"] = batch.BatchId;
                http.Response.Headers["X-Message-Count"] = batch.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(batch.Text), "text/plain; charset=utf-8", batch.FileName);
            })
            .WithSummary("The waiting messages (of a clinic day, or all) as an HL7 batch file (FHS, BHS, VXUs, BTS, FTS), marked exported so they are not also sent; dryRun=true previews and marks nothing.");
        return routes;
    }
}
