using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using FairShot.Data;
using FairShot.Domain;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Staff;

/// <summary>
/// Whether admins must use an authenticator app to sign in: on outside Development and Testing
/// (<c>Security:RequireAdminTwoFactor</c> overrides it, as the benchmark does for its throwaway server).
/// </summary>
public sealed record AdminTwoFactor(bool Required)
{
    public static AdminTwoFactor From(IConfiguration configuration, IHostEnvironment environment) =>
        new(configuration.GetValue<bool?>("Security:RequireAdminTwoFactor") ?? !(environment.IsDevelopment() || environment.IsEnvironment("Testing")));
}

/// <summary>
/// How failed staff sign-ins slow down, instead of a lockout a stranger could trigger. Every
/// attempt (a password, or an authenticator code) is written down before it is checked and deleted
/// again when it was right, so what the table holds is failures of the last hour, and parallel
/// attempts see each other. Three counts, each allowing some failures free and then doubling a wait
/// from one second up to <see cref="MaxDelay"/> after the latest failure:
/// <list type="bullet">
/// <item>this account from this address (<see cref="PairFree"/> free): someone guessing one password;</item>
/// <item>this address, any account (<see cref="AddressFree"/> free, for an office behind one NAT): someone trying many accounts;</item>
/// <item>this account, any address (<see cref="AccountFree"/> free), applied only to addresses that
/// have already failed on this account: guessing spread over many addresses.</item>
/// </list>
/// An address with no failure on the account is never held back by the account's count, so the
/// real person, signing in from their own desk, gets through with the right password however many
/// strangers fail elsewhere. What a stranger can do: slow their own address, and an address they
/// share (the same IPv4 address, or the same IPv6 /64). A refused attempt is answered without
/// checking the password, so waiting is not a way to guess faster. Unknown e-mails are counted
/// exactly like real ones: the throttle tells nobody which accounts exist.
/// </summary>
public static class SignInThrottle
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(15);
    public const int PairFree = 5;
    public const int AddressFree = 20;
    public const int AccountFree = 10;

    /// <summary>The wait after <paramref name="failures"/> recent failures of which <paramref name="free"/> cost nothing.</summary>
    public static TimeSpan Delay(int failures, int free) =>
        failures < free ? TimeSpan.Zero
        : failures - free >= 20 ? MaxDelay
        : TimeSpan.FromSeconds(Math.Min(MaxDelay.TotalSeconds, Math.Pow(2, failures - free)));
}

/// <summary>The sign-in attempt being made; deleted by <see cref="StaffSignIn.SucceededAsync"/> when it was right.</summary>
public sealed record SignInAttempt(Guid Id, string AccountKey, string AddressKey);

/// <summary>Refused before checking anything: too many recent failures. Wait <see cref="RetryAfter"/>.</summary>
public sealed record SignInThrottled(TimeSpan RetryAfter)
{
    public int RetryAfterSeconds => (int)Math.Ceiling(Math.Max(1, RetryAfter.TotalSeconds));

    /// <summary>"30 seconds", "4 minutes": for a sentence on the sign-in page.</summary>
    public string WaitInWords => RetryAfterSeconds switch
    {
        1 => "1 second",
        < 90 => $"{RetryAfterSeconds} seconds",
        _ => $"{Math.Ceiling(RetryAfterSeconds / 60.0):0} minutes",
    };
}

/// <summary>
/// Staff sign-in, shared by the console page and the token API: the throttle, the password check
/// (the same work for an unknown e-mail as for a real account: one look-up and one password-hash
/// verification, against a dummy hash when there is no account) and the authenticator code.
/// </summary>
public sealed class StaffSignIn(FairShotDb db, UserManager<StaffUser> users, IPasswordHasher<StaffUser> hasher, TimeProvider clock, AdminTwoFactor adminTwoFactor)
{
    private static string? s_dummyHash;
    private static readonly StaffUser DummyUser = new();

    /// <summary>Writes the attempt down, then refuses it if this account or address has failed too often lately.</summary>
    public async Task<(SignInAttempt? Attempt, SignInThrottled? Throttled)> BeginAsync(string email, IPAddress? address, CancellationToken cancellationToken)
    {
        var attempts = db.Set<StaffSignInAttempt>();
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now - SignInThrottle.Window;
        await attempts.Where(a => a.AttemptedAt <= since).ExecuteDeleteAsync(cancellationToken);

        var row = new StaffSignInAttempt(AccountKey(email), AddressKey(address), now);
        attempts.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        db.Entry(row).State = EntityState.Detached;

        // Everyone else's recent attempts, including ones still being checked (counted as failures
        // until they are deleted), so a burst of parallel guesses cannot all pass the same check.
        var others = attempts.AsNoTracking().Where(a => a.Id != row.Id && a.AttemptedAt > since);
        var pair = await RecentAsync(others.Where(a => a.AccountKey == row.AccountKey && a.AddressKey == row.AddressKey), SignInThrottle.PairFree, cancellationToken);
        var byAddress = await RecentAsync(others.Where(a => a.AddressKey == row.AddressKey), SignInThrottle.AddressFree, cancellationToken);
        var byAccount = await RecentAsync(others.Where(a => a.AccountKey == row.AccountKey), SignInThrottle.AccountFree, cancellationToken);

        var allowedAt = Max(pair.AllowedAt, byAddress.AllowedAt, pair.Count > 0 ? byAccount.AllowedAt : DateTime.MinValue);
        if (allowedAt > now)
        {
            await attempts.Where(a => a.Id == row.Id).ExecuteDeleteAsync(cancellationToken);
            return (null, new SignInThrottled(allowedAt - now));
        }
        return (new SignInAttempt(row.Id, row.AccountKey, row.AddressKey), null);
    }

    /// <summary>The attempt was right: it is not a failure.</summary>
    public async Task SucceededAsync(SignInAttempt attempt, CancellationToken cancellationToken) =>
        await db.Set<StaffSignInAttempt>().Where(a => a.Id == attempt.Id).ExecuteDeleteAsync(cancellationToken);

    /// <summary>
    /// The active account with this e-mail and password, or null. An unknown e-mail costs what a
    /// real one does (one query, one hash verification), so the time taken does not say which it was.
    /// </summary>
    public async Task<StaffUser?> CheckPasswordAsync(string email, string password)
    {
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            s_dummyHash ??= hasher.HashPassword(DummyUser, Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)));
            hasher.VerifyHashedPassword(DummyUser, s_dummyHash, password);
            return null;
        }
        var right = await users.CheckPasswordAsync(user, password);
        return right && user.IsActive ? user : null;
    }

    /// <summary>A 6-digit authenticator code, or one of the account's unused recovery codes (used up by this).</summary>
    public async Task<bool> CheckCodeAsync(StaffUser user, string? code)
    {
        var compact = (code ?? "").Replace(" ", "", StringComparison.Ordinal).Trim();
        if (compact.Length == 0 || compact.Length > 40 || !user.TwoFactorEnabled)
        {
            return false;
        }
        if (compact.Length == 6 && compact.All(char.IsAsciiDigit))
        {
            return await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, compact);
        }
        return (await users.RedeemTwoFactorRecoveryCodeAsync(user, compact.ToUpperInvariant())).Succeeded;
    }

    /// <summary>An admin without an authenticator, where one is required: may only set one up.</summary>
    public async Task<bool> MustEnrolAsync(StaffUser user) =>
        adminTwoFactor.Required && !user.TwoFactorEnabled && await users.IsInRoleAsync(user, StaffRoles.Admin);

    /// <summary>The e-mail as the throttle counts it: normalised as Identity does, hashed (an e-mail
    /// field sometimes holds a mistyped password).</summary>
    private string AccountKey(string email) => Hash("account\n" + users.NormalizeEmail(email.Trim()));

    /// <summary>The client address as the throttle counts it: an IPv4 address, or an IPv6 /64 (one
    /// household or phone gets a whole /64, so a single address means nothing there).</summary>
    internal static string AddressKey(IPAddress? address)
    {
        if (address is null)
        {
            return Hash("address\nunknown");
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        var bytes = address.GetAddressBytes();
        var prefix = address.AddressFamily == AddressFamily.InterNetworkV6 ? bytes[..8] : bytes;
        return Hash("address\n" + Convert.ToHexString(prefix));
    }

    private static async Task<(int Count, DateTime AllowedAt)> RecentAsync(IQueryable<StaffSignInAttempt> failures, int free, CancellationToken cancellationToken)
    {
        // Past free + 20 failures the wait is at its longest; more rows would change nothing.
        var times = await failures.OrderByDescending(a => a.AttemptedAt).Select(a => a.AttemptedAt).Take(free + 21).ToListAsync(cancellationToken);
        var delay = SignInThrottle.Delay(times.Count, free);
        return (times.Count, delay == TimeSpan.Zero ? DateTime.MinValue : times[0] + delay);
    }

    private static DateTime Max(params DateTime[] values) => values.Max();

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}

/// <summary>
/// Between the password and the full sign-in: a short-lived cookie (Identity's two-factor user-id
/// scheme, 5 minutes) naming the account and what is still to do, the authenticator code or setting
/// one up. It grants nothing else: every console page and API wants the full cookie or a token.
/// </summary>
public static class PendingSignIn
{
    public const string EnterCode = "code";
    public const string SetUpAuthenticator = "enrol";
    private const string PurposeClaim = "fairshot:pending";
    private const string StampClaim = "fairshot:stamp";

    public static Task StartAsync(HttpContext http, StaffUser user, string purpose) =>
        http.SignInAsync(IdentityConstants.TwoFactorUserIdScheme, new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()), new Claim(PurposeClaim, purpose), new Claim(StampClaim, user.SecurityStamp ?? "")],
            IdentityConstants.TwoFactorUserIdScheme)));

    /// <summary>The account waiting for <paramref name="purpose"/>, if it is still active and unchanged.</summary>
    public static async Task<StaffUser?> FindAsync(HttpContext http, UserManager<StaffUser> users, string purpose)
    {
        var result = await http.AuthenticateAsync(IdentityConstants.TwoFactorUserIdScheme);
        if (!result.Succeeded || result.Principal.FindFirstValue(PurposeClaim) != purpose)
        {
            return null;
        }
        var id = result.Principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var user = id is null ? null : await users.FindByIdAsync(id);
        return user is { IsActive: true } && user.SecurityStamp == result.Principal.FindFirstValue(StampClaim) ? user : null;
    }

    public static Task EndAsync(HttpContext http) => http.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
}
