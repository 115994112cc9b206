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
    public const string CodeRateLimit = "resident-codes";

    public static IEndpointRouteBuilder MapRegistrationApi(this IEndpointRouteBuilder routes)
    {
        var residents = routes.MapGroup("/api/v1/registrations").WithTags("Registration");
        residents.MapPost("/", RegisterAsync).AllowAnonymous()
            .WithSummary("Register for a vaccine. 201 with the priority group and phase; 409 when the person is already registered (the contact on file is told).");
        residents.MapPost("/status/code", SendStatusCodeAsync).AllowAnonymous().RequireRateLimiting(CodeRateLimit)
            .WithSummary("Send a one-time code to a registered contact. Answers 202 whether or not the contact is on file.");
        residents.MapPost("/status", StatusAsync).AllowAnonymous().RequireRateLimiting(CodeRateLimit)
            .WithSummary("With the code: status, group, whether the phase is open, and how many people are ahead.");

        var staff = routes.MapGroup("/api/v1/admin").WithTags("Registration");
        staff.MapPost("/registrations", AssistedRegisterAsync).RequireAuthorization(StaffPolicies.ApiRegistering)
            .WithSummary("A call-centre agent registers someone; the registration records the agent.");
        staff.MapPut("/registrations/{id:guid}", CorrectAsync).RequireAuthorization(StaffPolicies.ApiRegistering)
            .WithSummary("Correct a registration (audited); the place in line is kept.");
        staff.MapGet("/line", LineAsync).RequireAuthorization(StaffPolicies.ApiAnyStaff)
            .WithSummary("The line in order, with filters: phase, group, zip, status.");
        staff.MapGet("/eligibility", async (EligibilityRules rules, CancellationToken ct) => TypedResults.Ok(await rules.GetAsync(ct)))
            .RequireAuthorization(StaffPolicies.ApiAdmin).WithSummary("The eligibility rules: phases in order with their priority groups.");
        staff.MapPut("/eligibility", ReplaceRulesAsync).RequireAuthorization(StaffPolicies.ApiAdmin)
            .WithSummary("Replace the rules; every waiting registrant is regrouped in the database and the change is audited.");
        staff.MapPost("/phases/{code}/open", (string code, PhaseSwitch phases, HttpContext http, CancellationToken ct) => SwitchAsync(phases, http, code, true, ct))
            .RequireAuthorization(StaffPolicies.ApiAdmin).WithSummary("Open a phase: its people can be invited.");
        staff.MapPost("/phases/{code}/close", (string code, PhaseSwitch phases, HttpContext http, CancellationToken ct) => SwitchAsync(phases, http, code, false, ct))
            .RequireAuthorization(StaffPolicies.ApiAdmin).WithSummary("Close a phase.");
        return routes;
    }

    private static async Task<Results<Created<RegistrationResponse>, ProblemHttpResult>> RegisterAsync(RegisterRequest request, RegistrationService service, CancellationToken ct)
    {
        var result = await service.RegisterAsync(Actor.Resident, request, RegistrationSource.Self, ct);
        return result.Succeeded ? TypedResults.Created($"/api/v1/registrations/{result.Value!.Id}", result.Value) : result.Error!.ToProblem();
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

    private static async Task<Results<Accepted<object>, ProblemHttpResult>> SendStatusCodeAsync(StatusCodeRequest request, StatusLookup lookup, CancellationToken ct)
    {
        var result = await lookup.SendCodeAsync(request, ct);
        return result.Succeeded
            ? TypedResults.Accepted((string?)null, (object)new { message = "If this contact is registered, we have sent it a 6-digit code. It works for 10 minutes." })
            : result.Error!.ToProblem();
    }

    private static async Task<Results<Ok<StatusAnswer>, ProblemHttpResult>> StatusAsync(StatusRequest request, StatusLookup lookup, CancellationToken ct)
    {
        var result = await lookup.LookUpAsync(request, ct);
        return result.Succeeded ? TypedResults.Ok(result.Value!) : result.Error!.ToProblem();
    }

    private static async Task<Results<Ok<EligibilityRules.RecomputeResult>, ProblemHttpResult>> ReplaceRulesAsync(EligibilityRuleSet rules, EligibilityRules service, HttpContext http, CancellationToken ct)
    {
        var result = await service.ReplaceAsync(http.User.ToActor(), rules, ct);
        return result.Succeeded ? TypedResults.Ok(result.Value!) : result.Error!.ToProblem();
    }

    private static async Task<Results<Ok<PhaseInfo>, ProblemHttpResult>> SwitchAsync(PhaseSwitch phases, HttpContext http, string code, bool open, CancellationToken ct)
    {
        var result = await phases.SwitchAsync(http.User.ToActor(), code, open, ct);
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

/// <summary>Opens and closes phases, audited.</summary>
public sealed class PhaseSwitch(FairShotDb db, Features.Audit.AuditTrail audit)
{
    public async Task<Result<PhaseInfo>> SwitchAsync(Actor actor, string code, bool open, CancellationToken ct)
    {
        var phase = await db.Phases.SingleOrDefaultAsync(p => p.Code == code, ct);
        if (phase is null)
        {
            return new NotFoundError($"There is no phase '{(code.Length > 40 ? code[..40] : code)}'.");
        }
        if (phase.IsOpen != open)
        {
            phase.SetOpen(open);
            audit.Record(actor, open ? "phase.opened" : "phase.closed", "Phase", phase.Code, new { phase.Code, open });
            await db.SaveChangesAsync(ct);
        }
        return new PhaseInfo(phase.Code, phase.Name, phase.IsOpen);
    }
}

/// <summary>First start: the default rules and the county's settings, when there are none yet.</summary>
public sealed class EligibilitySeed(FairShotDb db, IConfiguration configuration)
{
    public async Task SeedAsync(CancellationToken ct)
    {
        try
        {
            if (!await db.CountySettings.AnyAsync(ct))
            {
                var zone = configuration["County:TimeZone"];
                db.CountySettings.Add(new CountySettings(configuration["County:Name"] ?? "County Health Department",
                    TimeZones.Find(zone)?.Id ?? "America/Chicago"));
                await db.SaveChangesAsync(ct);
            }
            if (!await db.Phases.AnyAsync(ct))
            {
                db.Phases.AddRange(DefaultEligibilityRules.Phases);
                db.PriorityGroups.AddRange(DefaultEligibilityRules.Groups);
                await db.SaveChangesAsync(ct);
            }
        }
        catch (DbUpdateException)
        {
            // another instance seeded first
            db.ChangeTracker.Clear();
        }
    }
}
