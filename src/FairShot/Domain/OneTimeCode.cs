using System.Security.Cryptography;
using System.Text;

namespace FairShot.Domain;

public enum CodePurpose
{
    StatusLookup = 1,
    Invitation = 2,
    ManageAppointment = 3,
}

/// <summary>
/// A 6-digit code sent to a contact on file (NIST 800-63B): valid 10 minutes, usable once, at most
/// 5 wrong tries, bound to its purpose and subject; a new code replaces the old. Only a keyed hash
/// is stored. Attempts and use are counted by conditional updates in the database, so parallel
/// guesses on any number of app instances share one counter.
/// </summary>
public sealed class OneTimeCode
{
    public const int MaxAttempts = 5;
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private OneTimeCode() { }

    public OneTimeCode(CodePurpose purpose, string subject, string codeHash, DateTime now)
    {
        Id = Guid.CreateVersion7();
        Purpose = purpose;
        Subject = subject;
        CodeHash = codeHash;
        CreatedAt = now;
        ExpiresAt = now + Lifetime;
    }

    public Guid Id { get; private set; }
    public CodePurpose Purpose { get; private set; }

    /// <summary>What the code proves: a hashed contact for status look-ups, an invitation id, …</summary>
    public string Subject { get; private set; } = "";
    public string CodeHash { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public DateTime ExpiresAt { get; private set; }
    public int Attempts { get; private set; }
    public DateTime? UsedAt { get; private set; }
    public DateTime? ReplacedAt { get; private set; }

    public static string NewCode() => RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>SHA-256 of purpose, subject and code: a stolen table does not give codes for other subjects.</summary>
    public static string Hash(CodePurpose purpose, string subject, string code) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{(int)purpose}\n{subject}\n{code}")));

    /// <summary>Subjects that are contacts are stored hashed: the table must not be a contact list.</summary>
    public static string HashSubject(string contact) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("contact\n" + contact)));
}
