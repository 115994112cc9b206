using System.Security.Cryptography;
using System.Text;

namespace FairShot.Features.Audit;

/// <summary>
/// The HMAC key the audit chain is sealed under (<c>Audit:ChainKey</c>, base64 of at least 32
/// bytes, the same on every instance). It is never stored in the database, so someone who can
/// write there can delete or change entries but cannot make a chain that verifies. Development and
/// Testing fall back to a fixed, public key; anywhere else FairShot refuses to start without one.
/// </summary>
public sealed class AuditChainKey
{
    public const string ConfigurationKey = "Audit:ChainKey";
    public const int MinimumKeyBytes = 32;

    private AuditChainKey(byte[] key, bool isDevelopmentKey)
    {
        Key = key;
        IsDevelopmentKey = isDevelopmentKey;
    }

    public byte[] Key { get; }

    /// <summary>The built-in key of Development and Testing: it proves nothing.</summary>
    public bool IsDevelopmentKey { get; }

    public static AuditChainKey From(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration[ConfigurationKey];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            byte[] key;
            try
            {
                key = Convert.FromBase64String(configured.Trim());
            }
            catch (FormatException)
            {
                throw new InvalidOperationException($"{ConfigurationKey} is not base64. Make one with: openssl rand -base64 32");
            }
            if (key.Length < MinimumKeyBytes)
            {
                throw new InvalidOperationException($"{ConfigurationKey} must hold at least {MinimumKeyBytes} bytes (it holds {key.Length}). Make one with: openssl rand -base64 32");
            }
            return new AuditChainKey(key, isDevelopmentKey: false);
        }
        if (environment.IsDevelopment() || environment.IsEnvironment("Testing"))
        {
            return new AuditChainKey(SHA256.HashData(Encoding.UTF8.GetBytes("FairShot development audit chain key: not a secret")), isDevelopmentKey: true);
        }
        throw new InvalidOperationException(
            $"{ConfigurationKey} is not set. The audit chain is sealed with this key, which must not be in the database and must be the same on every instance: " +
            $"make one with `openssl rand -base64 32` and set it as {ConfigurationKey} (environment variable Audit__ChainKey). See docs/operations.md.");
    }
}
