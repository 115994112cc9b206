namespace FairShot.Domain;

/// <summary>
/// One ES256 (P-256) key that signs SMART Health Cards. <see cref="Kid"/> is the RFC 7638 thumbprint
/// of the public key, which is published at <c>/.well-known/jwks.json</c> for as long as the row
/// exists (cards signed with it stay verifiable after a rotation). The private key is kept only as
/// ASP.NET Data Protection ciphertext. <see cref="Generation"/> is unique: the first key is
/// generation 1 and each rotation adds the next one, so two instances that race to create or rotate
/// write one key and the loser reads the winner's.
/// </summary>
public sealed class HealthCardKey
{
    public const int KidLength = 43;
    public const int PublicJwkMaxLength = 500;
    public const int ProtectedKeyMaxLength = 4000;

    private HealthCardKey() { }

    public HealthCardKey(int generation, string kid, string publicJwk, string protectedPrivateKey, DateTime createdAt)
    {
        Generation = generation;
        Kid = kid;
        PublicJwk = publicJwk;
        ProtectedPrivateKey = protectedPrivateKey;
        CreatedAt = createdAt;
    }

    public string Kid { get; private set; } = "";

    /// <summary>1 for the first key, one more for each rotation; the highest one signs new cards.</summary>
    public int Generation { get; private set; }

    /// <summary>The public JWK as published (kty, crv, x, y, kid, use, alg).</summary>
    public string PublicJwk { get; private set; } = "";

    /// <summary>The PKCS#8 private key, protected with the shared Data Protection key ring.</summary>
    public string ProtectedPrivateKey { get; private set; } = "";

    public DateTime CreatedAt { get; private set; }

    /// <summary>When a newer key took over; a retired key signs nothing new but stays published.</summary>
    public DateTime? RetiredAt { get; private set; }

    public void Retire(DateTime now) => RetiredAt ??= now;
}
