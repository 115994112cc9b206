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
/// 5 wrong tries, bound to its purpose and subject; no new code while one has not expired (nor been
/// used), so a repeat request never stops the code being typed. Only a keyed hash
/// (HMAC-SHA256, its key outside this table) is stored. Attempts and use are counted by conditional
/// updates in the database, so parallel guesses on any number of app instances share one counter.
/// Issued (under the live-code rule and caps) and redeemed by <c>FairShot.Features.OneTimeCodes.OneTimeCodeService</c>.
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

    /// <summary>Subjects that are contacts are stored hashed: the table must not be a contact list.</summary>
    public static string HashSubject(string contact) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("contact\n" + contact)));
}

/// <summary>
/// One row per thing codes are issued for (an invitation, an appointment, a contact, …): issuing a
/// code first takes this row's lock, so requests for one subject take turns and each sees what
/// the one before it committed. Without it two requests on PostgreSQL (READ COMMITTED) both see no
/// live code and both send one.
/// </summary>
public sealed class OneTimeCodeGate
{
    public const int ScopeMaxLength = 40;
    public const int SubjectMaxLength = 100;

    private OneTimeCodeGate() { }

    public string Scope { get; private set; } = "";
    public string Subject { get; private set; } = "";

    /// <summary>The last request that took the gate, sent or not.</summary>
    public DateTime TouchedAt { get; private set; }
}

/// <summary>
/// The key one-time codes are hashed with when none is configured (<c>Security:OneTimeCodeKey</c>):
/// random, made once by whichever instance starts first, and stored encrypted with the shared
/// Data Protection key ring, so a copy of the code table (or of this one alone) gives no code.
/// </summary>
public sealed class OneTimeCodeSecret
{
    public const int NameMaxLength = 40;

    private OneTimeCodeSecret() { }

    public string Name { get; private set; } = "";
    public string ProtectedKey { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
}
