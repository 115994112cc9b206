using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Registration;
using FairShot.Features.Staff;
using FairShot.Platform;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Eligibility;

public static class EligibilityApi
{
    public static IEndpointRouteBuilder MapEligibilityApi(this IEndpointRouteBuilder routes)
    {
        var staff = routes.MapGroup("/api/v1/admin").WithTags("Eligibility");
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
public sealed class EligibilitySeed(FairShotDb db, IConfiguration configuration) : IStartupStep
{
    public Task RunAsync(CancellationToken cancellationToken) => SeedAsync(cancellationToken);

    public async Task SeedAsync(CancellationToken ct)
    {
        try
        {
            if (!await db.CountySettings.AnyAsync(ct))
            {
                var zone = configuration["County:TimeZone"];
                db.CountySettings.Add(new CountySettings(configuration["County:Name"] ?? "County Health Department",
                    ClinicClock.TryFind(zone, out var clock) ? clock.ZoneId : "America/Chicago"));
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
