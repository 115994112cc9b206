using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Staff;
using FairShot.Platform;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Registration;

public sealed record LineEntry(Guid Id, int Position, string FirstName, string LastName, DateOnly DateOfBirth, string ZipCode, string Phase, string Group, string Status, DateTime RegisteredAt, string Source);

public sealed record LinePage(int Page, int PageSize, int Total, IReadOnlyList<LineEntry> People);

public static class RegistrationApi
{
    /// <summary>Sign-ups per client address per minute (<c>RateLimits:RegistrationsPerMinute</c>), for the API and the sign-up form's last step.</summary>
    public const string RateLimit = "resident-registrations";

    public static IEndpointRouteBuilder MapRegistrationApi(this IEndpointRouteBuilder routes)
    {
        var residents = routes.MapGroup("/api/v1/registrations").WithTags("Registration");
        residents.MapPost("/", RegisterAsync).AllowAnonymous().RequireRateLimiting(RateLimit).ProducesRateLimit()
            .WithSummary("Register for a vaccine. One answer, 201 with the priority group and phase the answers qualify for, whether the person is new, " +
                "already registered or their contact's household is full; what differs is sent only to the contact on file. 429 past the per-address or per-contact limit.");

        var staff = routes.MapGroup("/api/v1/admin").WithTags("Registration");
        staff.MapPost("/registrations", AssistedRegisterAsync).RequireAuthorization(StaffPolicies.ApiRegistering)
            .WithSummary("A call-centre agent registers someone; the registration records the agent.");
        staff.MapPut("/registrations/{id:guid}", CorrectAsync).RequireAuthorization(StaffPolicies.ApiRegistering)
            .WithSummary("Correct a registration (audited); the place in line is kept.");
        staff.MapGet("/line", LineAsync).RequireAuthorization(StaffPolicies.ApiAnyStaff)
            .WithSummary("The line in order, with filters: phase, group, zip, status.");
        return routes;
    }

    private static async Task<Results<Created<RegistrationResponse>, BadRequestProblem, TooManyRequestsProblem>> RegisterAsync(RegisterRequest request, RegistrationService service, CancellationToken ct)
    {
        var result = await service.RegisterResidentAsync(request, ct);
        return result.Error switch
        {
            null => TypedResults.Created($"/api/v1/registrations/{result.Value!.Id}", result.Value),
            ValidationError invalid => invalid.ToBadRequest(),
            TooManyRequestsError tooMany => tooMany.ToTooManyRequests(),
            var other => throw other.Unlisted(),
        };
    }

    private static async Task<Results<Created<RegistrationResponse>, ProblemHttpResult>> AssistedRegisterAsync(RegisterRequest request, RegistrationService service, HttpContext http, CancellationToken ct)
    {
        var result = await service.RegisterAsync(http.User.ToActor(), request, RegistrationSource.Staff, ct);
        return result.Succeeded ? TypedResults.Created($"/api/v1/registrations/{result.Value!.Id}", result.Value) : result.Error!.ToProblem();
    }

    private static async Task<Results<Ok<RegistrationResponse>, ProblemHttpResult>> CorrectAsync(Guid id, RegisterRequest request, RegistrationService service, HttpContext http, CancellationToken ct)
    {
        var result = await service.CorrectAsync(http.User.ToActor(), id, request, ct);
        return result.Succeeded ? TypedResults.Ok(result.Value!) : result.Error!.ToProblem();
    }

    public static async Task<Results<Ok<LinePage>, ProblemHttpResult>> LineAsync(
        FairShotDb db, string? phase, string? group, string? zip, string? status, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        PersonStatus? wanted = null;
        if (status is { Length: > 0 })
        {
            if (Enum.TryParse<PersonStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(status, out _))
            {
                wanted = parsed;
            }
            else
            {
                errors.Add("status", "Status is one of waiting, booked, vaccinated, withdrawn.");
            }
        }
        if (page is < 1 || pageSize is < 1 or > 500)
        {
            errors.Add("page", "Pages start at 1 and hold 1 to 500 people.");
        }
        if (errors.Any)
        {
            return errors.ToError().ToProblem();
        }
        return TypedResults.Ok(await QueryLineAsync(db, phase, group, zip, wanted ?? PersonStatus.Waiting, page ?? 1, pageSize ?? 50, ct));
    }

    /// <summary>The line in order: phase, group rank, registration time, tie-breaker.</summary>
    public static async Task<LinePage> QueryLineAsync(FairShotDb db, string? phase, string? group, string? zip, PersonStatus status, int page, int pageSize, CancellationToken ct)
    {
        var query = db.People.AsNoTracking().Where(p => p.Status == status);
        if (!string.IsNullOrWhiteSpace(phase))
        {
            query = query.Where(p => p.PhaseCode == phase);
        }
        if (!string.IsNullOrWhiteSpace(group))
        {
            query = query.Where(p => p.GroupCode == group);
        }
        if (!string.IsNullOrWhiteSpace(zip))
        {
            query = query.Where(p => p.ZipCode == zip);
        }
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(p => p.PhaseRank).ThenBy(p => p.GroupRank).ThenBy(p => p.RegisteredAt).ThenBy(p => p.TieBreaker)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new LinePage(page, pageSize, total, rows.Select((p, i) => new LineEntry(p.Id, (page - 1) * pageSize + i + 1, p.FirstName, p.LastName, p.DateOfBirth,
            p.ZipCode, p.PhaseCode, p.GroupCode, RegistrationService.StatusName(p.Status), p.RegisteredAt, p.Source.ToString())).ToList());
    }
}
