using System.Security.Cryptography;
using System.Text;
using FairShot.Data;
using FairShot.Domain;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.OneTimeCodes;

/// <summary>
/// Hashes one-time codes with HMAC-SHA256. A code has a million values, so an unkeyed hash in the
/// table would give every live code to whoever copies the table; the key lives elsewhere:
/// <c>Security:OneTimeCodeKey</c> (base64, at least 32 bytes) when configured, otherwise a random key
/// made once and kept in <c>OneTimeCodeSecrets</c>, encrypted with the Data Protection key ring
/// every instance shares, so all instances hash alike.
/// </summary>
public sealed class OneTimeCodeHasher(IConfiguration configuration, IServiceScopeFactory scopes, IDataProtectionProvider dataProtection, TimeProvider clock)
{
    public const string ConfigurationKey = "Security:OneTimeCodeKey";
    public const int MinimumKeyBytes = 32;
    internal const string SecretName = "one-time-code-hmac";
    internal const string ProtectorPurpose = "FairShot.OneTimeCodes.HmacKey.v1";

    private readonly Lock _lock = new();
    private Task<byte[]>? _key;

    public async Task<string> HashAsync(CodePurpose purpose, string subject, string code, CancellationToken cancellationToken) =>
        Hash(await KeyAsync(cancellationToken), purpose, subject, code);

    public async Task<bool> MatchesAsync(string storedHash, CodePurpose purpose, string subject, string code, CancellationToken cancellationToken) =>
        Matches(await KeyAsync(cancellationToken), storedHash, purpose, subject, code);

    /// <summary>HMAC of purpose, subject and code: a code proves only what it was issued for.</summary>
    public static string Hash(byte[] key, CodePurpose purpose, string subject, string code) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Message(purpose, subject, code)));

    /// <summary>Compares in constant time, so the answer's timing says nothing about how close a guess was.</summary>
    public static bool Matches(byte[] key, string storedHash, CodePurpose purpose, string subject, string code)
    {
        var expected = HMACSHA256.HashData(key, Message(purpose, subject, code));
        Span<byte> stored = stackalloc byte[HMACSHA256.HashSizeInBytes];
        return storedHash.Length == 2 * HMACSHA256.HashSizeInBytes
            && Convert.FromHexString(storedHash, stored, out _, out var written) == System.Buffers.OperationStatus.Done
            && written == stored.Length
            && CryptographicOperations.FixedTimeEquals(expected, stored);
    }

    private static byte[] Message(CodePurpose purpose, string subject, string code) =>
        Encoding.UTF8.GetBytes($"{(int)purpose}\n{subject}\n{code}");

    /// <summary>The key, read once per instance; a failed read is tried again by the next caller.</summary>
    public Task<byte[]> KeyAsync(CancellationToken cancellationToken)
    {
        Task<byte[]> key;
        lock (_lock)
        {
            if (_key is null || _key.IsFaulted || _key.IsCanceled)
            {
                _key = LoadAsync();
            }
            key = _key;
        }
        return key.WaitAsync(cancellationToken);
    }

    private async Task<byte[]> LoadAsync()
    {
        var configured = configuration[ConfigurationKey];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Parse(configured);
        }
        var protector = dataProtection.CreateProtector(ProtectorPurpose);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FairShotDb>();
        var stored = await ReadAsync(db);
        if (stored is null)
        {
            // Insert if absent, then read again: of instances starting together, the first insert
            // wins and every instance uses the key it holds.
            var fresh = Convert.ToBase64String(protector.Protect(RandomNumberGenerator.GetBytes(MinimumKeyBytes)));
            var now = clock.GetUtcNow().UtcDateTime;
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "OneTimeCodeSecrets" ("Name", "ProtectedKey", "CreatedAt") VALUES ({SecretName}, {fresh}, {now})
                ON CONFLICT ("Name") DO NOTHING
                """, CancellationToken.None);
            stored = await ReadAsync(db) ?? throw new InvalidOperationException("The one-time-code key was not stored.");
        }
        return protector.Unprotect(Convert.FromBase64String(stored));
    }

    private static Task<string?> ReadAsync(FairShotDb db) =>
        db.OneTimeCodeSecrets.AsNoTracking().Where(s => s.Name == SecretName).Select(s => s.ProtectedKey).SingleOrDefaultAsync(CancellationToken.None);

    private static byte[] Parse(string configured)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(configured.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{ConfigurationKey} must be base64 (at least {MinimumKeyBytes} random bytes).");
        }
        return key.Length >= MinimumKeyBytes ? key
            : throw new InvalidOperationException($"{ConfigurationKey} must hold at least {MinimumKeyBytes} bytes; it holds {key.Length}.");
    }
}
