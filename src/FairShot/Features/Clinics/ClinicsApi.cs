using FairShot.Features.Staff;
using FairShot.Platform;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FairShot.Features.Clinics;

public static class ClinicsApi
{
    public static IEndpointRouteBuilder MapClinicsApi(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/api/v1/admin").WithTags("Clinics");

        admin.MapPost("/clinics", CreateClinicAsync).RequireAuthorization(StaffPolicies.ApiAdmin)
            .WithSummary("Create a clinic (a vaccination site) in an IANA time zone.");
        admin.MapPatch("/clinics/{clinicId:guid}", UpdateClinicAsync).RequireAuthorization(StaffPolicies.ApiAdmin)
            .WithSummary("Change a clinic's listing for slot finders: isPublic, city, state, postalCode, phone (a field left out keeps its value).");
        admin.MapGet("/clinics", ListClinicsAsync)
            .RequireAuthorization(StaffPolicies.ApiAnyStaff).ClinicScoped().WithSummary("List clinics (clinic staff: their clinics).");
        admin.MapGet("/clinics/{clinicId:guid}", GetClinicAsync).RequireAuthorization(StaffPolicies.ApiAnyStaff).ClinicScoped()
            .WithSummary("One clinic (clinic staff: 403 for a clinic that is not theirs).");
        admin.MapPost("/clinics/{clinicId:guid}/days", ScheduleDayAsync).RequireAuthorization(StaffPolicies.ApiScheduling)
            .WithSummary("Plan a clinic day; times are the clinic's local time and slots are returned as UTC instants.");
        admin.MapGet("/clinic-days/{id:guid}", GetDayAsync).RequireAuthorization(StaffPolicies.ApiAnyStaff).ClinicScoped()
            .WithSummary("A clinic day with its capacity, bookings and slots (clinic staff: 403 for another clinic's day).");
        return routes;
    }

    private static async Task<Results<Created<ClinicResponse>, ProblemHttpResult>> CreateClinicAsync(
        CreateClinicRequest request, ClinicScheduling scheduling, HttpContext http, CancellationToken ct)
    {
        var result = await scheduling.CreateClinicAsync(http.User.ToActor(), request, ct);
        return result.Succeeded ? TypedResults.Created($"/api/v1/admin/clinics/{result.Value!.Id}", result.Value) : result.Error!.ToProblem();
    }

    private static async Task<Results<Ok<ClinicResponse>, ProblemHttpResult>> UpdateClinicAsync(
        Guid clinicId, UpdateClinicRequest request, ClinicScheduling scheduling, HttpContext http, CancellationToken ct)
    {
        var result = await scheduling.UpdateClinicAsync(http.User.ToActor(), clinicId, request, ct);
        return result.Succeeded ? TypedResults.Ok(result.Value!) : result.Error!.ToProblem();
    }

    private static async Task<Ok<IReadOnlyList<ClinicResponse>>> ListClinicsAsync(ClinicScheduling scheduling, ClinicAccess access, HttpContext http, CancellationToken ct)
    {
        var clinics = await scheduling.ListClinicsAsync(ct);
        var mine = await access.ClinicsOfAsync(http.User, ct);
        return TypedResults.Ok(mine is null ? clinics : clinics.Where(c => mine.Contains(c.Id)).ToList());
    }

    private static async Task<Results<Ok<ClinicResponse>, ProblemHttpResult>> GetClinicAsync(Guid clinicId, ClinicScheduling scheduling, ClinicAccess access, HttpContext http,
        CancellationToken ct)
    {
        if (!await access.CanActOnAsync(http.User, clinicId, ct))
        {
            return ClinicAccess.Forbidden();
        }
        var result = await scheduling.GetClinicAsync(clinicId, ct);
        return result.Succeeded ? TypedResults.Ok(result.Value!) : result.Error!.ToProblem();
    }

    private static async Task<Results<Created<ClinicDayResponse>, ProblemHttpResult>> ScheduleDayAsync(
        Guid clinicId, CreateClinicDayRequest request, ClinicScheduling scheduling, HttpContext http, CancellationToken ct)
    {
        var result = await scheduling.ScheduleDayAsync(http.User.ToActor(), clinicId, request, ct);
        return result.Succeeded ? TypedResults.Created($"/api/v1/admin/clinic-days/{result.Value!.Id}", result.Value) : result.Error!.ToProblem();
    }

    private static async Task<Results<Ok<ClinicDayResponse>, ProblemHttpResult>> GetDayAsync(Guid id, ClinicScheduling scheduling, ClinicAccess access, HttpContext http,
        CancellationToken ct)
    {
        if (!await access.CanActOnDayAsync(http.User, id, ct))
        {
            return ClinicAccess.Forbidden();
        }
        var result = await scheduling.GetDayAsync(id, ct);
        return result.Succeeded ? TypedResults.Ok(result.Value!) : result.Error!.ToProblem();
    }
}
