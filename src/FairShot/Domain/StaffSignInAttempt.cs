namespace FairShot.Domain;

/// <summary>
/// One staff sign-in attempt (password or authenticator code), written before the secret is
/// checked and deleted again when it was right: what stays is the failures, counted per account,
/// per client address and per both, in the database so that every instance sees the same counts.
/// The account and the address are kept only as SHA-256 hashes (an e-mail field can hold a
/// mistyped password, and an address is personal data); unknown e-mails are counted like real ones.
/// </summary>
public sealed class StaffSignInAttempt
{
    public const int KeyLength = 64;

    private StaffSignInAttempt() { }

    public StaffSignInAttempt(string accountKey, string addressKey, DateTime attemptedAt)
    {
        AccountKey = accountKey;
        AddressKey = addressKey;
        AttemptedAt = attemptedAt;
    }

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public string AccountKey { get; private set; } = "";
    public string AddressKey { get; private set; } = "";
    public DateTime AttemptedAt { get; private set; }
}
