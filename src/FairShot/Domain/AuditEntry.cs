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

    /// <param name="chainKey">The chain's HMAC key; null only for entries sealed before the chain was keyed.</param>
    public void Seal(long sequence, string previousHash, DateTime sealedAt, byte[]? chainKey)
    {
        if (IsSealed)
        {
            throw new InvalidOperationException($"Audit entry {Id} is already sealed.");
        }
        Sequence = sequence;
        PreviousHash = previousHash;
        Hash = ComputeHash(sequence, previousHash, chainKey);
        SealedAt = sealedAt;
    }

    /// <summary>
    /// HMAC-SHA256 under the chain key over every recorded field and the previous entry's hash; plain
    /// SHA-256 (<paramref name="chainKey"/> null) for the entries sealed before the chain was keyed,
    /// which anyone who can write to the database could recompute.
    /// </summary>
    public string ComputeHash(long sequence, string previousHash, byte[]? chainKey)
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
        var bytes = Encoding.UTF8.GetBytes(text);
        return Convert.ToHexStringLower(chainKey is null ? SHA256.HashData(bytes) : HMACSHA256.HashData(chainKey, bytes));
    }

    /// <summary>The hash the first entry chains to.</summary>
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";
}

/// <summary>
/// The head of the sealed chain: one row, moved forward only by a conditional update, so two
/// app instances can never seal the same entries twice. Its MAC (under the chain key) covers
/// every field the sealer relies on, so pointing the head back to an earlier entry, or moving where
/// the keyed chain starts, is noticed by the sealer (which then stops) and by verify.
/// </summary>
public sealed class AuditSeal
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;
    public long LastSequence { get; set; }
    public string LastHash { get; set; } = AuditEntry.GenesisHash;
    public DateTime? SealedAt { get; set; }

    /// <summary>The first sequence sealed under the chain key; entries before it are the unkeyed
    /// prefix of a log that existed before the key. Null until the first keyed round.</summary>
    public long? KeyedFrom { get; set; }

    /// <summary>When a sealer last looked for entries (every entry it could seal then, it sealed).
    /// An entry recorded more than the late-entry limit before this look was inserted behind the
    /// log's back; one recorded during an outage of the sealer is not.</summary>
    public DateTime? CheckedAt { get; set; }

    public string? Mac { get; set; }

    public static DateTime Truncate(DateTime at) => new(at.Ticks - (at.Ticks % 10), DateTimeKind.Utc);

    public string ComputeMac(byte[] chainKey)
    {
        var text = string.Join('\n', "seal",
            LastSequence.ToString(CultureInfo.InvariantCulture),
            LastHash,
            KeyedFrom?.ToString(CultureInfo.InvariantCulture) ?? "",
            CheckedAt?.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture) ?? "");
        return Convert.ToHexStringLower(HMACSHA256.HashData(chainKey, Encoding.UTF8.GetBytes(text)));
    }

    public bool MacMatches(byte[] chainKey) =>
        Mac is { Length: 64 } mac && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(mac), Encoding.ASCII.GetBytes(ComputeMac(chainKey)));

    /// <summary>Never keyed: a log from before the chain key (or a fresh one).</summary>
    public bool IsUnkeyed => KeyedFrom is null && Mac is null;
}
