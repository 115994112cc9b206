using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace FairShot.Domain;

public enum InvitationState
{
    Outstanding = 0,
    Used = 1,
    Revoked = 2,

    /// <summary>Written when a newer invitation replaces one whose time ran out; until then expiry is read from <see cref="Invitation.ExpiresAt"/>.</summary>
    Expired = 3,
}

public enum InvitationKind
{
    Wave = 0,
    Backfill = 1,
    Roster = 2,
    Standby = 3,
}

/// <summary>
/// A personal invitation: one person, one dose, one clinic day or a date range. The link carries a
/// 256-bit random token; only its SHA-256 is stored. It is used once (a conditional update from
/// Outstanding to Used inside the booking transaction), expires, and can be revoked alone or with its
/// wave. Opening the link proves nothing: booking also needs a code sent to the contact on file and
/// the person's date of birth.
/// </summary>
public sealed class Invitation
{
    private Invitation() { }

    public Guid Id { get; private set; }
    public Guid PersonId { get; private set; }
    public Guid WaveId { get; private set; }
    public InvitationKind Kind { get; private set; }
    public int DoseNumber { get; private set; }
    public string ProductCvx { get; private set; } = "";

    /// <summary>Scope: one clinic day, or any day of the product between two dates.</summary>
    public Guid? ClinicDayId { get; private set; }
    public DateOnly? FromDate { get; private set; }
    public DateOnly? ToDate { get; private set; }

    public string TokenHash { get; private set; } = "";
    public DateTime IssuedAt { get; private set; }
    public DateTime ExpiresAt { get; private set; }
    public InvitationState State { get; private set; }
    public DateTime? UsedAt { get; private set; }
    public DateTime? RevokedAt { get; private set; }
    public string IssuedBy { get; private set; } = "";

    // Signals of sharing, counted in the database.
    public int Visits { get; private set; }
    public int FailedCodes { get; private set; }
    public int WrongBirthDates { get; private set; }

    public bool IsUsableAt(DateTime now) => State == InvitationState.Outstanding && ExpiresAt > now;

    public static (Invitation Invitation, string Token) Issue(Guid personId, Guid waveId, InvitationKind kind, int doseNumber, string productCvx,
        Guid? clinicDayId, DateOnly? fromDate, DateOnly? toDate, DateTime now, TimeSpan lifetime, Actor issuedBy)
    {
        var token = NewToken();
        return (new Invitation
        {
            Id = Guid.CreateVersion7(),
            PersonId = personId,
            WaveId = waveId,
            Kind = kind,
            DoseNumber = doseNumber,
            ProductCvx = productCvx,
            ClinicDayId = clinicDayId,
            FromDate = fromDate,
            ToDate = toDate,
            TokenHash = HashToken(token),
            IssuedAt = now,
            ExpiresAt = now + lifetime,
            State = InvitationState.Outstanding,
            IssuedBy = issuedBy.ToString(),
        }, token);
    }

    /// <summary>256 bits from the OS's cryptographic generator, base64url without padding (43 characters).</summary>
    public static string NewToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>A token has the shape we issue; anything else is refused before touching the database.</summary>
    public static bool LooksLikeToken(string? token) =>
        token is { Length: 43 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}

/// <summary>One device on one network that opened or tried an invitation: the raw material of "shared?".</summary>
public sealed class InvitationVisit
{
    private InvitationVisit() { }

    public InvitationVisit(Guid invitationId, string deviceHash, string networkHash, DateTime now)
    {
        Id = Guid.CreateVersion7();
        InvitationId = invitationId;
        DeviceHash = deviceHash;
        NetworkHash = networkHash;
        FirstSeenAt = now;
    }

    public Guid Id { get; private set; }
    public Guid InvitationId { get; private set; }
    public string DeviceHash { get; private set; } = "";
    public string NetworkHash { get; private set; } = "";
    public DateTime FirstSeenAt { get; private set; }
}

/// <summary>A short session proving that the holder of an invitation verified code and date of birth.</summary>
public sealed class InvitationSession
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    private InvitationSession() { }

    public InvitationSession(Guid invitationId, string tokenHash, string verifiedContact, DateTime now)
    {
        Id = Guid.CreateVersion7();
        InvitationId = invitationId;
        TokenHash = tokenHash;
        VerifiedContact = verifiedContact;
        CreatedAt = now;
        ExpiresAt = now + Lifetime;
    }

    public Guid Id { get; private set; }
    public Guid InvitationId { get; private set; }
    public string TokenHash { get; private set; } = "";

    /// <summary>The channel the code went to ("email" or "sms"): the booking's provenance.</summary>
    public string VerifiedContact { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public DateTime ExpiresAt { get; private set; }
}
