using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Audit;
using Microsoft.AspNetCore.Identity;
using QRCoder;

namespace FairShot.Features.Staff;

/// <summary>What a staff member types or scans into an authenticator app.</summary>
public sealed record AuthenticatorSetup(string Key, string OtpAuthUri, string QrPngDataUri)
{
    /// <summary>The key in groups of four, lower case, as authenticator apps show it.</summary>
    public string KeyInGroups => string.Join(' ', Key.ToLowerInvariant().Chunk(4).Select(c => new string(c)));
}

/// <summary>
/// Two-factor sign-in with an authenticator app (RFC 6238 TOTP, through Identity's authenticator
/// token provider): the key is made once and kept in Identity's user tokens until the person proves
/// with a code that their app has it; then two-factor is on, ten single-use recovery codes are shown
/// once, and an audit entry records it in the same transaction.
/// </summary>
public sealed class StaffTwoFactor(FairShotDb db, UserManager<StaffUser> users, IUserStore<StaffUser> store, AuditTrail audit)
{
    public const string Issuer = "FairShot";
    public const int RecoveryCodeCount = 10;

    public async Task<AuthenticatorSetup> SetupAsync(StaffUser user, CancellationToken cancellationToken)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            // Through the store, not ResetAuthenticatorKeyAsync: that also renews the security stamp,
            // which would end the session (or the pending sign-in) showing this page.
            await ((IUserAuthenticatorKeyStore<StaffUser>)store).SetAuthenticatorKeyAsync(user, users.GenerateNewAuthenticatorKey(), cancellationToken);
            await users.UpdateAsync(user);
            key = (await users.GetAuthenticatorKeyAsync(user))!;
        }
        var uri = $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(user.Email ?? "")}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6";
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(6, drawQuietZones: true);
        return new AuthenticatorSetup(key, uri, "data:image/png;base64," + Convert.ToBase64String(png));
    }

    /// <summary>Turns two-factor on when <paramref name="code"/> matches the key; the recovery codes, or null for a wrong code.</summary>
    public async Task<IReadOnlyList<string>?> EnableAsync(StaffUser user, string? code, CancellationToken cancellationToken)
    {
        var compact = (code ?? "").Replace(" ", "", StringComparison.Ordinal).Trim();
        if (compact.Length != 6 || !compact.All(char.IsAsciiDigit)
            || !await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, compact))
        {
            return null;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await users.SetTwoFactorEnabledAsync(user, true);
        var recoveryCodes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))?.ToList() ?? [];
        audit.Record(Actor.Staff(user.Id), "staff.two-factor-enabled", "Staff", user.Id.ToString(), new { email = user.Email });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return recoveryCodes;
    }
}
