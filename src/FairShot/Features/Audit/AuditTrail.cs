using System.Text.Json;
using FairShot.Data;
using FairShot.Domain;

namespace FairShot.Features.Audit;

/// <summary>
/// Adds an audit entry to the unit of work, so it commits (or not) with the change it describes.
/// Call it before <c>SaveChanges</c>; nothing here writes on its own.
/// </summary>
public sealed class AuditTrail(FairShotDb db, TimeProvider clock)
{
    private static readonly JsonSerializerOptions SummaryJson = new(JsonSerializerDefaults.Web);

    public AuditEntry Record(Actor actor, string action, string entityType, string entityId, object summary)
    {
        var text = summary as string ?? JsonSerializer.Serialize(summary, SummaryJson);
        var entry = new AuditEntry(actor, action, entityType, entityId, text, clock.GetUtcNow().UtcDateTime);
        db.AuditEntries.Add(entry);
        return entry;
    }
}
