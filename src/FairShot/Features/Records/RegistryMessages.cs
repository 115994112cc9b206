using System.Globalization;
using System.Text.Json.Serialization;
using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Audit;
using FairShot.Features.Records.Hl7;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FairShot.Features.Records;

public sealed record RegistryErrorView(string Severity, string Location, string Code, string Text, string Words);

public sealed record RegistryMessageView(Guid Id, Guid AdministrationId, int AdministrationVersion, Guid PersonId, Guid ClinicDayId, string Action, string ControlId,
    string State, string Hl7, string? AckCode, string? Ack, IReadOnlyList<RegistryErrorView> Errors, int Attempts, DateTime CreatedAt, DateTime NextAttemptAt,
    DateTime? SentAt, string? LastError, string? BatchId);

public sealed record ResentView(RegistryMessageView Resent, RegistryMessageView Queued);

/// <summary>A batch file of the waiting messages: the text, its file control id and how many messages it holds.</summary>
public sealed record RegistryBatch(string BatchId, string Text, int Count, bool Marked)
{
    [JsonIgnore]
    public string FileName => $"fairshot-vxu-{BatchId}.hl7";
}

/// <summary>
/// What staff do with the registry queue: list the messages (of a person, a clinic day, a state),
/// send a rejected or given-up one again (rebuilt from the administration as it is now, with a new
/// control id), and export what waits as an HL7 batch file (FHS, BHS, the VXUs, BTS, FTS) for a
/// registry that takes files, marking those messages Exported in the same transaction so that the
/// sender never sends them too (a dry run previews the file and marks nothing).
/// </summary>
public sealed class RegistryMessages(FairShotDb db, RegistryQueue queue, AuditTrail audit, TimeProvider clock, IOptions<RegistryOptions> options)
{
    public const int MaxTake = 500;

    public static readonly IReadOnlyDictionary<string, RegistryMessageState> States = Enum.GetValues<RegistryMessageState>()
        .ToDictionary(StateName, s => s, StringComparer.OrdinalIgnoreCase);

    public static string StateName(RegistryMessageState state) => JsonNamingPolicy(state.ToString());

    private static string JsonNamingPolicy(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    public async Task<Result<IReadOnlyList<RegistryMessageView>>> ListAsync(Guid? personId, Guid? clinicDayId, string? state, int? take, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        RegistryMessageState? wanted = null;
        if (!string.IsNullOrWhiteSpace(state))
        {
            if (States.TryGetValue(state.Trim(), out var s))
            {
                wanted = s;
            }
            else
            {
                errors.Add("state", $"The state is one of {string.Join(", ", States.Keys)}.");
            }
        }
        if (take is < 1 or > MaxTake)
        {
            errors.Add("take", $"take is between 1 and {MaxTake}.");
        }
        if (errors.Any)
        {
            return errors.ToError();
        }
        var query = db.RegistryMessages.AsNoTracking();
        if (personId is { } p)
        {
            query = query.Where(m => m.PersonId == p);
        }
        if (clinicDayId is { } d)
        {
            query = query.Where(m => m.ClinicDayId == d);
        }
        if (wanted is { } w)
        {
            query = query.Where(m => m.State == w);
        }
        var rows = await query.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.AdministrationVersion).Take(take ?? 200).ToListAsync(cancellationToken);
        return rows.Select(View).ToList();
    }

    public static RegistryMessageView View(RegistryMessage m) => new(m.Id, m.AdministrationId, m.AdministrationVersion, m.PersonId, m.ClinicDayId, m.Action.ToString(),
        m.ControlId, StateName(m.State), m.Hl7, m.AckCode, m.Ack, ErrorsOf(m.AckErrors), m.Attempts, m.CreatedAt, m.NextAttemptAt, m.SentAt, m.LastError, m.BatchId);

    /// <summary>The ERR segments as kept by the sender (severity|location|code|text, one per line), each also said in words.</summary>
    public static IReadOnlyList<RegistryErrorView> ErrorsOf(string? kept) =>
        string.IsNullOrEmpty(kept) ? [] : kept.Split('\n').Select(line =>
        {
            var parts = line.Split('|', 4);
            string Part(int i) => i < parts.Length ? parts[i] : "";
            return new RegistryErrorView(Part(0), Part(1), Part(2), Part(3), AckWords.Describe(Part(0), Part(1), Part(3)));
        }).ToList();

    /// <summary>Sends a rejected or given-up message again, rebuilt from the administration's current version; 409 for any other.</summary>
    public async Task<Result<ResentView>> ResendAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        var message = await db.RegistryMessages.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (message is null)
        {
            return new NotFoundError("There is no registry message with this id.");
        }
        if (!message.CanResend)
        {
            return new ConflictError($"This message is {StateName(message.State)}: only a rejected message, or one the registry never answered (gaveUp), is sent again.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var record = await db.Administrations.AsNoTracking().SingleAsync(a => a.Id == message.AdministrationId, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Conditional: of two staff pressing "send again" at once, one resends.
        var taken = await db.RegistryMessages
            .Where(m => m.Id == id && (m.State == RegistryMessageState.Rejected || m.State == RegistryMessageState.GaveUp))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.State, RegistryMessageState.Superseded).SetProperty(m => m.ClosedAt, now), cancellationToken);
        if (taken != 1)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            return new ConflictError("This message was sent again already.");
        }
        var queued = await queue.RebuildAsync(record, now, cancellationToken);
        if (queued is null)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            return new ConflictError("The record was voided and the registry never took it: there is nothing to send.");
        }
        audit.Record(actor, "registry.resent", "RegistryMessage", id.ToString(), new
        {
            administrationId = record.Id,
            administrationVersion = record.Version,
            queuedId = queued.Id,
            action = queued.Action.ToString(),
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var resent = await db.RegistryMessages.AsNoTracking().SingleAsync(m => m.Id == id, cancellationToken);
        return new ResentView(View(resent), View(queued));
    }

    /// <summary>
    /// The waiting messages (of one clinic day, or all) as one HL7 batch file, oldest first. Unless
    /// <paramref name="dryRun"/>, they are marked Exported (with the file's id) in the same
    /// transaction, by a conditional update: what the sender holds at that moment is left out.
    /// </summary>
    public async Task<Result<RegistryBatch>> ExportAsync(Actor actor, Guid? clinicDayId, bool dryRun, CancellationToken cancellationToken)
    {
        if (clinicDayId is { } dayId && !await db.ClinicDays.AnyAsync(d => d.Id == dayId, cancellationToken))
        {
            return new NotFoundError("There is no clinic day with this id.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var batchId = "FSB" + Guid.CreateVersion7().ToString("N");
        var waiting = db.RegistryMessages.Where(m => m.State == RegistryMessageState.Waiting && (m.LeaseExpiresAt == null || m.LeaseExpiresAt < now));
        if (clinicDayId is { } day)
        {
            waiting = waiting.Where(m => m.ClinicDayId == day);
        }
        List<RegistryMessage> messages;
        if (dryRun)
        {
            messages = await waiting.AsNoTracking().ToListAsync(cancellationToken);
        }
        else
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await waiting.ExecuteUpdateAsync(s => s
                .SetProperty(m => m.State, RegistryMessageState.Exported)
                .SetProperty(m => m.BatchId, batchId)
                .SetProperty(m => m.ClosedAt, now), cancellationToken);
            messages = await db.RegistryMessages.AsNoTracking().Where(m => m.BatchId == batchId).ToListAsync(cancellationToken);
            audit.Record(actor, "registry.exported", "RegistryBatch", batchId, new { clinicDayId, count = messages.Count });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        messages = messages.OrderBy(m => m.CreatedAt).ThenBy(m => m.AdministrationVersion).ToList();
        return new RegistryBatch(batchId, Batch(batchId, now, messages.Select(m => m.Hl7).ToList()), messages.Count, !dryRun);
    }

    /// <summary>FHS, BHS, each message, BTS (the message count), FTS (one batch): HL7 v2.5.1 batch protocol, segments ended by CR.</summary>
    private string Batch(string batchId, DateTime now, IReadOnlyList<string> messages)
    {
        var settings = options.Value;
        var at = Hl7Segment.Timestamp(new DateTimeOffset(now, TimeSpan.Zero));
        Hl7Segment Header(string id) => new Hl7Segment(id)
            .Set(3, settings.SendingApplication)
            .Set(4, settings.FacilityId)
            .Set(5, settings.ReceivingApplication)
            .Set(6, settings.ReceivingFacility)
            .Set(7, at)
            .Set(11, batchId);
        var text = new System.Text.StringBuilder();
        text.Append(Header("FHS")).Append('\r');
        text.Append(Header("BHS")).Append('\r');
        foreach (var message in messages)
        {
            text.Append(message);
        }
        text.Append(new Hl7Segment("BTS").Set(1, messages.Count.ToString(CultureInfo.InvariantCulture))).Append('\r');
        text.Append(new Hl7Segment("FTS").Set(1, "1")).Append('\r');
        return text.ToString();
    }
}
