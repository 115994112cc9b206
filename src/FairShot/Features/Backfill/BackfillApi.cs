using FairShot.Features.Staff;
using FairShot.Features.Vaccination;
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
        group.MapPost("/clinic-days/{id:guid}/standby-offers", async (Guid id, OfferRequest request, StandbyOffers standby, HttpContext http, CancellationToken ct) =>
                Answer(await standby.OfferAsync(http.User.ToActor(), id, request, ct)))
            .WithSummary("Offer free seats of a day to people on standby for its clinic: 4 people per seat, short expiry, first to confirm gets the seat.");
        routes.MapPost("/api/v1/admin/clinic-days/{id:guid}/leftover-doses", async (Guid id, LeftoverRequest request, EndOfDay endOfDay, ClinicAccess access, HttpContext http,
                CancellationToken ct) =>
                await access.CanActOnDayAsync(http.User, id, ct) ? Answer(await endOfDay.OfferCountedDosesAsync(http.User.ToActor(), id, request, ct)) : ClinicAccess.Forbidden())
            .WithTags("Backfill").RequireAuthorization(StaffPolicies.ApiAnyStaff).ClinicScoped()
            .WithSummary("Clinic staff report doses left in opened vials on the day itself (clinic's time zone; 409 otherwise), at their own clinic (403 otherwise): "
                + "a closing slot with that many seats, each backed by a dose of the day (409 when the opened vials recorded hold fewer), offered to standby at once.");
        routes.MapPut("/api/v1/admin/people/{id:guid}/standby", async (Guid id, StandbyRequest request, StandbyOffers standby, HttpContext http, CancellationToken ct) =>
                Answer(await standby.SetStandbyAsync(http.User.ToActor(), id, request, ct)))
            .WithTags("Backfill").RequireAuthorization(StaffPolicies.ApiRegistering)
            .WithSummary("Put a person on standby for the clinics they can reach within an hour (an empty list takes them off).");
        group.MapPost("/rosters", async (RosterRequest request, RosterImport import, HttpContext http, CancellationToken ct) =>
                Answer(await import.ImportAsync(http.User.ToActor(), request, ct)))
            .RequireAuthorization(StaffPolicies.ApiAdmin)
            .WithSummary("Import an employer's roster: {employer, occupation, zipCode, csv}. Any bad line: 400 naming every bad line by number, nothing imported.");
        return routes;
    }

    private static Results<Ok<T>, ProblemHttpResult> Answer<T>(Domain.Result<T> result) =>
        result.Succeeded ? TypedResults.Ok(result.Value!) : result.Error!.ToProblem();
}
