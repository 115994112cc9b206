using FairShot.Domain;
using FairShot.Features.Backfill;
using FairShot.Features.Staff;
using FairShot.Platform;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FairShot.Features.Vaccination;

/// <summary>The door's endpoints: walk-ins, opened vials, the end of the day, and the county's no-show rules.</summary>
public static class ClinicDoorApi
{
    public static IEndpointRouteBuilder MapClinicDoorApi(this IEndpointRouteBuilder routes)
    {
        var clinic = routes.MapGroup("/api/v1/clinic").WithTags("Clinic day").RequireAuthorization(StaffPolicies.ApiClinic);

        clinic.MapPost("/walk-ins", async (WalkInRequest request, WalkIns walkIns, ClinicAccess access, HttpContext http, CancellationToken ct) =>
                request.ClinicDayId is { } dayId && !await access.CanActOnDayAsync(http.User, dayId, ct)
                    ? ClinicAccess.Forbidden()
                    : Created(await walkIns.RegisterAsync(http.User.ToActor(), request, ct), w => $"/api/v1/clinic/days/{request.ClinicDayId}/appointments"))
            .ClinicScoped()
            .WithSummary("Register (or find) and seat a person at the door, checked in at once; 409 with a reason (notInOpenPhase, outsideEarmark, alreadyVaccinated, "
                + "alreadyBooked, tooEarlyForNextDose, notToday, noDoseLeft) otherwise. Standby offers are served first.");
        clinic.MapGet("/days/{id:guid}/vials", async (Guid id, EndOfDay end, ClinicAccess access, HttpContext http, CancellationToken ct) =>
                await access.CanActOnDayAsync(http.User, id, ct) ? Ok(await end.VialsAsync(id, ct)) : ClinicAccess.Forbidden())
            .ClinicScoped()
            .WithSummary("The day's open vials (lot, opened, usable until, doses left), the doses left in all, those still needed today, and the leftovers.");
        clinic.MapPost("/days/{id:guid}/offer-vial-doses", async (Guid id, EndOfDay end, ClinicAccess access, HttpContext http, CancellationToken ct) =>
                await access.CanActOnDayAsync(http.User, id, ct) ? Ok(await end.OfferVialDosesAsync(http.User.ToActor(), id, ct)) : ClinicAccess.Forbidden())
            .ClinicScoped()
            .WithSummary("Offer the opened vials' leftover doses to standby at once: seats in the closing slot, each backed by a dose of the day.");
        clinic.MapPost("/days/{id:guid}/close", async (Guid id, EndOfDay end, ClinicAccess access, HttpContext http, CancellationToken ct) =>
                await access.CanActOnDayAsync(http.User, id, ct) ? Ok(await end.CloseAsync(http.User.ToActor(), id, ct)) : ClinicAccess.Forbidden())
            .ClinicScoped()
            .WithSummary("Close the day: doses left in open vials are recorded as wasted (open-vial-unused) and the vials closed; a second close changes nothing.");

        var settings = routes.MapGroup("/api/v1/admin/settings").WithTags("Clinic day");
        settings.MapGet("/no-shows", async (NoShows noShows, CancellationToken ct) => TypedResults.Ok(await noShows.RulesAsync(ct)))
            .RequireAuthorization(StaffPolicies.ApiAnyStaff).WithSummary("The county's no-show rules.");
        settings.MapPut("/no-shows", async (NoShowRulesRequest request, NoShows noShows, HttpContext http, CancellationToken ct) =>
                Ok(await noShows.SetRulesAsync(http.User.ToActor(), request, ct)))
            .RequireAuthorization(StaffPolicies.ApiAdmin)
            .WithSummary("Minutes after a slot ends before a booked appointment is a no-show (0 to 1440), and whether no-shows of a first dose are invited again.");
        return routes;
    }

    private static Results<Created<T>, ProblemHttpResult> Created<T>(Result<T> result, Func<T, string> location) =>
        result.Succeeded ? TypedResults.Created(location(result.Value!), result.Value) : result.Error!.ToProblem();

    private static Results<Ok<T>, ProblemHttpResult> Ok<T>(Result<T> result) =>
        result.Succeeded ? TypedResults.Ok(result.Value!) : result.Error!.ToProblem();
}
