using System.Security.Cryptography;
using System.Text.Json.Nodes;
using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Audit;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Records.HealthCards;

/// <summary>The key that signs new cards, opened from its row; dispose it after signing.</summary>
public sealed record SigningKey(string Kid, ECDsa Key) : IDisposable
{
    public void Dispose() => Key.Dispose();
}

public sealed record RotatedKey(string Kid, string? RetiredKid, DateTime CreatedAt);

/// <summary>
/// The issuer's signing keys, all in the database so every instance signs with the same one: the
/// first is created on first use (the unique generation decides between instances that race; the
/// loser reads the winner's), a rotation adds the next generation and retires the one before, which
/// stays published so the cards it signed still verify. The private key is Data Protection
/// ciphertext under the key ring every instance shares; nothing is kept on local disk.
/// </summary>
public sealed class HealthCardKeyRing(FairShotDb db, IDataProtectionProvider protection, AuditTrail audit, TimeProvider clock)
{
    private const string ProtectorPurpose = "FairShot.HealthCards.SigningKey.v1";

    private IDataProtector Protector => protection.CreateProtector(ProtectorPurpose);

    public async Task<SigningKey> CurrentAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var row = await db.HealthCardKeys.AsNoTracking().OrderByDescending(k => k.Generation).FirstOrDefaultAsync(cancellationToken);
            if (row is not null)
            {
                return Open(row);
            }
            if (await TryAddAsync(1, null, cancellationToken) is null && attempt >= 3)
            {
                throw new InvalidOperationException("Could not create or read the first health-card signing key.");
            }
        }
    }

    /// <summary>Every key ever used, newest first, as published at <c>/.well-known/jwks.json</c>.</summary>
    public async Task<IReadOnlyList<JsonNode>> PublishedAsync(CancellationToken cancellationToken)
    {
        var rows = await db.HealthCardKeys.AsNoTracking().Select(k => new { k.Generation, k.PublicJwk }).ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            (await CurrentAsync(cancellationToken)).Dispose();
            rows = await db.HealthCardKeys.AsNoTracking().Select(k => new { k.Generation, k.PublicJwk }).ToListAsync(cancellationToken);
        }
        return [.. rows.OrderByDescending(r => r.Generation).Select(r => JsonNode.Parse(r.PublicJwk)!)];
    }

    /// <summary>A new key signs from now on; the one before is retired and stays published. Audited.</summary>
    public async Task<Result<RotatedKey>> RotateAsync(Actor actor, CancellationToken cancellationToken)
    {
        var current = await db.HealthCardKeys.OrderByDescending(k => k.Generation).FirstOrDefaultAsync(cancellationToken);
        var added = await TryAddAsync((current?.Generation ?? 0) + 1, key =>
        {
            current?.Retire(key.CreatedAt);
            audit.Record(actor, "health-card-key.rotated", "HealthCardKey", key.Kid, new { kid = key.Kid, retiredKid = current?.Kid, generation = key.Generation });
        }, cancellationToken);
        return added is null
            ? new ConflictError("Another rotation of the health-card key happened at the same moment. Look at the published keys and rotate again if you still need to.")
            : new RotatedKey(added.Kid, current?.Kid, added.CreatedAt);
    }

    /// <summary>Writes a new key of this generation; null when another instance wrote that generation first.</summary>
    private async Task<HealthCardKey?> TryAddAsync(int generation, Action<HealthCardKey>? alongside, CancellationToken cancellationToken)
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var jwk = Jwk.Public(ec.ExportParameters(false));
        var key = new HealthCardKey(generation, jwk["kid"]!.GetValue<string>(), jwk.ToJsonString(),
            Convert.ToBase64String(Protector.Protect(ec.ExportPkcs8PrivateKey())), clock.GetUtcNow().UtcDateTime);
        db.HealthCardKeys.Add(key);
        alongside?.Invoke(key);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return key;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return null;
        }
    }

    private SigningKey Open(HealthCardKey row)
    {
        var ec = ECDsa.Create();
        ec.ImportPkcs8PrivateKey(Protector.Unprotect(Convert.FromBase64String(row.ProtectedPrivateKey)), out _);
        return new SigningKey(row.Kid, ec);
    }
}
