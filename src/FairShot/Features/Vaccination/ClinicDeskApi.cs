using FairShot.Domain;
using FairShot.Features.Staff;
using FairShot.Platform;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FairShot.Features.Vaccination;

/// <summary>
/// The clinic desk's API for admins and clinic staff: each endpoint is clinic-scoped and its
/// service checks the clinic concerned (403 for another clinic's day, appointment or record).
/// Refusals are 409 ProblemDetails with a <c>reason</c> and a sentence a nurse can act on.
/// </summary>
public static class ClinicDeskApi
{
    public static IEndpointRouteBuilder MapClinicDeskApi(this IEndpointRouteBuilder routes)
    {
        var clinic = routes.MapGroup("/api/v1/clinic").WithTags("Clinic day");

        clinic.MapGet("/days/{id:guid}/appointments", async (Guid id, string? state, string? q, DayQueue queue, HttpContext http, CancellationToken ct) =>
                Ok(await queue.ListAsync(http.User, id, state, q, ct)))
            .RequireAuthorization(StaffPolicies.ApiClinic).ClinicScoped()
            .WithSummary("The day's queue in slot order with counts per state; state= filters (booked, checkedIn, vaccinated, noShow, cancelled), q= finds a name or confirmation code.");
        clinic.MapPost("/check-ins", async (CheckInRequest request, CheckIns checkIns, HttpContext http, CancellationToken ct) =>
                Ok(await checkIns.CheckInAsync(http.User, request, ct)))
            .RequireAuthorization(StaffPolicies.ApiClinic).ClinicScoped()
            .WithSummary("Check a person in by confirmation code and date of birth on the appointment's day; 409 with reason cancelled, alreadyVaccinated, anotherDay, anotherClinic, dateOfBirthMismatch or tooManyAttempts; 404 for an unknown code.");
        clinic.MapPost("/administrations", async (RecordDoseRequest request, DoseRecording recording, HttpContext http, CancellationToken ct) =>
                Created(await recording.RecordAsync(http.User, request, ct)))
            .RequireAuthorization(StaffPolicies.ApiClinic).ClinicScoped()
            .WithSummary("Record a dose given (one dose from the lot through the ledger), refused or not given; needs the appointment's site code (400 without it).");
        clinic.MapGet("/administrations/{id:guid}", async (Guid id, DoseRecording recording, HttpContext http, CancellationToken ct) =>
                Ok(await recording.GetAsync(http.User, id, ct)))
            .RequireAuthorization(StaffPolicies.ApiClinic).ClinicScoped()
            .WithSummary("A recorded dose with the next dose to hand over.");
        clinic.MapPost("/administrations/{id:guid}/correction", async (Guid id, CorrectionRequest request, DoseCorrections corrections, HttpContext http, CancellationToken ct) =>
                Ok(await corrections.CorrectAsync(http.User, id, request, ct)))
            .RequireAuthorization(StaffPolicies.ApiClinic).ClinicScoped()
            .WithSummary("A clinic lead (or admin) corrects lot, route, body site or time, with a reason; a lot change moves the dose between lots.");
        clinic.MapPost("/administrations/{id:guid}/void", async (Guid id, VoidRequest request, DoseCorrections corrections, HttpContext http, CancellationToken ct) =>
                Ok(await corrections.VoidAsync(http.User, id, request, ct)))
            .RequireAuthorization(StaffPolicies.ApiClinic).ClinicScoped()
            .WithSummary("A clinic lead (or admin) voids a record made in error, with a reason; returnToStock puts the dose back on hand, otherwise it is counted as wasted.");
        clinic.MapGet("/days/{id:guid}/summary", async (Guid id, DaySummary summary, HttpContext http, CancellationToken ct) =>
                Ok(await summary.OfAsync(http.User, id, ct)))
            .RequireAuthorization(StaffPolicies.ApiClinic).ClinicScoped()
            .WithSummary("The day's totals (booked, checked in, vaccinated, refused, not given, no-shows, walk-ins, cancelled, doses) and the same per clinic-local hour.");
        return routes;
    }

    /// <summary>The desk's errors as HTTP: 403 for another clinic or a non-lead, the rest as every feature maps them.</summary>
    public static ProblemHttpResult ToDeskProblem(this Error error) => error switch
    {
        NotYourClinicError => ClinicAccess.Forbidden(),
        NotALeadError n => TypedResults.Problem(new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = "Clinic leads only.", Detail = n.Detail }),
        _ => error.ToProblem(),
    };

    private static Results<Created<AdministrationView>, ProblemHttpResult> Created(Result<AdministrationView> result) =>
        result.Succeeded ? TypedResults.Created($"/api/v1/clinic/administrations/{result.Value!.AdministrationId}", result.Value) : result.Error!.ToDeskProblem();

    private static Results<Ok<T>, ProblemHttpResult> Ok<T>(Result<T> result) =>
        result.Succeeded ? TypedResults.Ok(result.Value!) : result.Error!.ToDeskProblem();
}
