using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Staff;
using FairShot.Platform;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Audit;

public sealed record AuditEntryResponse(Guid Id, long? Sequence, DateTime RecordedAt, string Actor, string Action, string EntityType, string EntityId, string Summary, string? Hash);

public sealed record AuditPage(int Page, int PageSize, long Total, IReadOnlyList<AuditEntryResponse> Entries);

public static class AuditApi
{
    public const int MaxPageSize = 200;

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder routes)
    {
        var audit = routes.MapGroup("/api/v1/admin/audit").WithTags("Audit").RequireAuthorization(StaffPolicies.ApiAdmin);
        audit.MapGet("/", ListAsync).WithSummary("Audit entries, newest first; filter by entity type and id.");
        audit.MapGet("/verify", VerifyAsync)
            .WithSummary("Recompute the keyed hash chain: {valid, entries, sealedEntries, firstBrokenEntry?, keyedFrom, checkpoint}; with ?checkpoint=sequence:hash (from the sealer's log or an earlier answer) also confirm the chain still holds that entry.");
        return routes;
    }

    public static async Task<Results<Ok<AuditVerification>, ProblemHttpResult>> VerifyAsync(AuditVerifier verifier, string? checkpoint, CancellationToken ct)
    {
        (long Sequence, string Hash)? kept = null;
        if (checkpoint is not null)
        {
            if (!AuditVerifier.TryParseCheckpoint(checkpoint, out var parsed))
            {
                var errors = new ValidationErrors();
                errors.Add("checkpoint", "A checkpoint is the sequence and the 64-character hash the sealer logged, as sequence:hash.");
                return errors.ToError().ToProblem();
            }
            kept = parsed;
        }
        return TypedResults.Ok(await verifier.VerifyAsync(kept, ct));
    }

    public static async Task<Results<Ok<AuditPage>, ProblemHttpResult>> ListAsync(
        FairShotDb db, string? entityType, string? entityId, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (page is < 1)
        {
            errors.Add("page", "Pages start at 1.");
        }
        if (pageSize is < 1 or > MaxPageSize)
        {
            errors.Add("pageSize", $"A page holds between 1 and {MaxPageSize} entries.");
        }
        if (entityType is { Length: > AuditEntry.EntityTypeMaxLength } || entityId is { Length: > AuditEntry.EntityIdMaxLength })
        {
            errors.Add("entityType", "The filter is too long.");
        }
        if (errors.Any)
        {
            return errors.ToError().ToProblem();
        }
        var result = await QueryAsync(db, entityType, entityId, page ?? 1, pageSize ?? 50, ct);
        return TypedResults.Ok(result);
    }

    /// <summary>The entity types the log holds, for a filter list (served by the EntityType, EntityId index).</summary>
    public static async Task<IReadOnlyList<string>> EntityTypesAsync(FairShotDb db, CancellationToken ct) =>
        await db.AuditEntries.AsNoTracking().Select(e => e.EntityType).Distinct().OrderBy(t => t).ToListAsync(ct);

    public static async Task<AuditPage> QueryAsync(FairShotDb db, string? entityType, string? entityId, int page, int pageSize, CancellationToken ct)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(entityType))
        {
            query = query.Where(e => e.EntityType == entityType);
        }
        if (!string.IsNullOrWhiteSpace(entityId))
        {
            query = query.Where(e => e.EntityId == entityId);
        }
        var total = await query.LongCountAsync(ct);
        var rows = await query.OrderByDescending(e => e.RecordedAt).ThenByDescending(e => e.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new AuditPage(page, pageSize, total, rows.Select(e => new AuditEntryResponse(
            e.Id, e.Sequence, e.RecordedAt, new Actor(e.ActorKind, e.ActorId).ToString(), e.Action, e.EntityType, e.EntityId, e.Summary, e.Hash)).ToList());
    }
}
