using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FairShot.Domain;

/// <summary>
/// One line of the append-only audit log. It is written in the same transaction as the change it
/// describes, without a sequence; the sealer later gives it the next sequence number and a hash
/// chained to the previous entry. Writers never wait for each other, and any later edit, deletion
/// or back-dated insertion shows up when the chain is verified.
/// </summary>
public sealed class AuditEntry
{
    public const int ActionMaxLength = 80;
    public const int EntityTypeMaxLength = 80;
    public const int EntityIdMaxLength = 80;
    public const int ActorIdMaxLength = 80;
    public const int SummaryMaxLength = 4000;

    private AuditEntry() { }

    public AuditEntry(Actor actor, string action, string entityType, string entityId, string summary, DateTime recordedAt)
    {
        Id = Guid.CreateVersion7();
        // PostgreSQL keeps microseconds; the hash must survive the round trip on both providers.
        RecordedAt = new DateTime(recordedAt.Ticks - (recordedAt.Ticks % 10), DateTimeKind.Utc);
        ActorKind = actor.Kind;
        ActorId = actor.Id;
        Action = action;
        EntityType = entityType;
        EntityId = entityId;
        Summary = summary.Length > SummaryMaxLength ? summary[..SummaryMaxLength] : summary;
    }

    public Guid Id { get; private set; }
    public DateTime RecordedAt { get; private set; }
    public ActorKind ActorKind { get; private set; }
    public string ActorId { get; private set; } = "";
    public string Action { get; private set; } = "";
    public string EntityType { get; private set; } = "";
    public string EntityId { get; private set; } = "";

    /// <summary>What changed, as compact JSON. Never holds a token, a code or a date of birth.</summary>
    public string Summary { get; private set; } = "";

    public long? Sequence { get; private set; }
    public string? PreviousHash { get; private set; }
    public string? Hash { get; private set; }
    public DateTime? SealedAt { get; private set; }

    public bool IsSealed => Sequence is not null;

    public void Seal(long sequence, string previousHash, DateTime sealedAt)
    {
        if (IsSealed)
        {
            throw new InvalidOperationException($"Audit entry {Id} is already sealed.");
        }
        Sequence = sequence;
        PreviousHash = previousHash;
        Hash = ComputeHash(sequence, previousHash);
        SealedAt = sealedAt;
    }

    /// <summary>SHA-256 over every recorded field and the previous entry's hash.</summary>
    public string ComputeHash(long sequence, string previousHash)
    {
        var text = string.Join('\n',
            sequence.ToString(CultureInfo.InvariantCulture),
            Id.ToString("N"),
            RecordedAt.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            ((int)ActorKind).ToString(CultureInfo.InvariantCulture),
            ActorId,
            Action,
            EntityType,
            EntityId,
            Summary,
            previousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>The hash the first entry chains to.</summary>
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";
}

/// <summary>
/// The head of the sealed chain: one row, moved forward only by a conditional update, so two
/// app instances can never seal the same entries twice.
/// </summary>
public sealed class AuditSeal
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;
    public long LastSequence { get; set; }
    public string LastHash { get; set; } = AuditEntry.GenesisHash;
    public DateTime? SealedAt { get; set; }
}
