using FairShot.Features.Staff;
using FairShot.Platform;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FairShot.Features.Backfill;

public static class BackfillApi
{
    public static IEndpointRouteBuilder MapBackfillApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/admin").WithTags("Backfill").RequireAuthorization(StaffPolicies.ApiScheduling);
        group.MapPost("/clinic-days/{id:guid}/backfill", async (Guid id, BackfillRequest request, TargetedBackfill backfill, HttpContext http, CancellationToken ct) =>
                Answer(await backfill.FillNowAsync(http.User.ToActor(), id, request, ct)))
            .WithSummary("Fill now: invite eligible people (open phases) of the named groups or occupations, or the next in line, for the day's free seats.");
        group.MapPut("/clinic-days/{id:guid}/autofill", async (Guid id, AutofillRequest request, TargetedBackfill backfill, HttpContext http, CancellationToken ct) =>
                Answer(await backfill.SetAutofillAsync(http.User.ToActor(), id, request, ct)))
            .WithSummary("Switch the fill monitor on or off for a day (null follows the county default), and how many days ahead it starts.");
        group.MapPut("/settings/autofill", async (AutofillRequest request, TargetedBackfill backfill, HttpContext http, CancellationToken ct) =>
                Answer(await backfill.SetCountyDefaultAsync(http.User.ToActor(), request, ct)))
            .RequireAuthorization(StaffPolicies.ApiAdmin).WithSummary("The county-wide autofill default.");
        group.MapGet("/clinic-days/{id:guid}/fill", async (Guid id, FillMonitor monitor, CancellationToken ct) => Answer(await monitor.StateAsync(id, ct)))
            .WithSummary("Capacity, booked, outstanding, acceptance, expected fill, and what the fill monitor did and why.");
        group.MapPost("/rosters", async (RosterRequest request, RosterImport import, HttpContext http, CancellationToken ct) =>
                Answer(await import.ImportAsync(http.User.ToActor(), request, ct)))
            .RequireAuthorization(StaffPolicies.ApiAdmin)
            .WithSummary("Import an employer's roster: {employer, occupation, zipCode, csv}. Any bad line: 400 naming every bad line by number, nothing imported.");
        return routes;
    }

    private static Results<Ok<T>, ProblemHttpResult> Answer<T>(Domain.Result<T> result) =>
        result.Succeeded ? TypedResults.Ok(result.Value!) : result.Error!.ToProblem();
}
