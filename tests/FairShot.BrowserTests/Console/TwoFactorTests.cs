using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FairShot.BrowserTests.Console;

/// <summary>
/// Features/Staff/TwoFactor and LoginCode: a staff member sets up an authenticator app from the key
/// the page shows (the test is the app: it computes the code, RFC 6238), then signs in with a code.
/// </summary>
public sealed partial class TwoFactorTests(ConsoleApp app)
{
    [Fact]
    public async Task SetUpAuthenticator_WithTheCodeFromTheShownKey_TurnsItOn_AndTheNextSignInAsksForTheCode()
    {
        var email = $"tess.{Guid.NewGuid().ToString()[..8]}@county.test";
        string password;
        await using (var admin = await app.OpenAsAdminAsync())
        {
            await StaffTests.AddStaffAsync(admin, "Tess Twofactor", email, "Scheduler");
            password = (await admin.Page.Locator("#one-time-password").InnerTextAsync()).Trim();
        }

        await using var tess = await PortalPages.OpenForAxeAsync(app);
        await tess.SignInAsync(email, password);
        await Expect(tess.Page).ToHaveURLAsync($"{app.BaseUrl}/console");
        await tess.Page.GetByRole(AriaRole.Navigation, new() { Name = "Primary navigation" }).GetByRole(AriaRole.Link, new() { Name = "Two-factor sign-in" }).ClickAsync();
        await Expect(tess.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Two-factor sign-in");
        var key = (await tess.Page.Locator("#authenticator-key").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal);
        Assert.Matches(Base32(), key);
        var uri = await tess.Page.Locator("#authenticator-uri").GetAttributeAsync("href");
        Assert.StartsWith("otpauth://totp/FairShot", uri, StringComparison.Ordinal);
        Assert.Contains($"secret={key}", uri, StringComparison.OrdinalIgnoreCase);
        await Expect(tess.Page.GetByRole(AriaRole.Img, new() { Name = "QR code for adding FairShot to an authenticator app" })).ToBeVisibleAsync();
        await PortalPages.AssertAccessibleAsync(tess.Page, "two-factor set-up");
        await tess.ScreenshotAsync("two-factor-setup");

        // A code that does not match says what to check, next to the field.
        await tess.Page.GetByLabel("6-digit code").FillAsync(WrongCode(key));
        await tess.Page.GetByRole(AriaRole.Button, new() { Name = "Turn on two-factor sign-in" }).ClickAsync();
        await Expect(tess.Page.Locator("#Code-error")).ToContainTextAsync("That code does not match");
        await Expect(tess.Page.Locator("#error-summary a[href='#Code']")).ToBeVisibleAsync();
        await Expect(tess.Page.GetByLabel("6-digit code")).ToHaveValueAsync(""); // a code is never echoed back
        await PortalPages.AssertAccessibleAsync(tess.Page, "two-factor set-up with a wrong code");
        await tess.ScreenshotAsync("two-factor-wrong-code");

        await tess.Page.GetByLabel("6-digit code").FillAsync(Totp(key));
        await tess.Page.GetByRole(AriaRole.Button, new() { Name = "Turn on two-factor sign-in" }).ClickAsync();

        await Expect(tess.Page.Locator("#two-factor-on")).ToContainTextAsync("Two-factor sign-in is on");
        var recovery = tess.Page.Locator("#recovery-codes li");
        Assert.True(await recovery.CountAsync() >= 5, "Too few recovery codes are shown.");
        await PortalPages.AssertAccessibleAsync(tess.Page, "two-factor recovery codes");
        await tess.ScreenshotAsync("two-factor-on");
        await tess.Page.GetByRole(AriaRole.Link, new() { Name = "Continue to the console" }).ClickAsync();
        await Expect(tess.Page).ToHaveURLAsync($"{app.BaseUrl}/console");
        await tess.Page.GotoAsync("/console/two-factor");
        await Expect(tess.Page.Locator("main")).ToContainTextAsync("Two-factor sign-in is on for your account");

        // Signing in again: the password alone no longer opens the console.
        await using var again = await PortalPages.OpenForAxeAsync(app);
        await again.SignInAsync(email, password);
        await Expect(again.Page).ToHaveURLAsync(new Regex("/console/login/code"));
        await Expect(again.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Enter your sign-in code");
        var closed = await again.Page.Context.APIRequest.GetAsync("/console", new() { MaxRedirects = 0 });
        Assert.NotEqual(200, closed.Status); // the pending sign-in opens nothing but this page
        await PortalPages.AssertAccessibleAsync(again.Page, "sign-in code");
        await again.ScreenshotAsync("login-code");

        await again.Page.GetByLabel("Code", new() { Exact = true }).FillAsync(WrongCode(key));
        await again.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(again.Page.Locator("#Code-error")).ToContainTextAsync("That code is not right");
        await Expect(again.Page.GetByLabel("Code", new() { Exact = true })).ToHaveValueAsync("");
        await PortalPages.AssertAccessibleAsync(again.Page, "sign-in code, wrong");
        await again.ScreenshotAsync("login-code-wrong");

        await again.Page.GetByLabel("Code", new() { Exact = true }).FillAsync(Totp(key));
        await again.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(again.Page).ToHaveURLAsync($"{app.BaseUrl}/console");
        await Expect(again.Page.GetByRole(AriaRole.Navigation, new() { Name = "Primary navigation" })).ToContainTextAsync("Signed in as Tess Twofactor");
    }

    /// <summary>What an authenticator app shows now for <paramref name="base32Key"/>: RFC 6238, HMAC-SHA1, 30-second steps, 6 digits.</summary>
    internal static string Totp(string base32Key, DateTimeOffset? at = null)
    {
        var step = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds() / 30;
        var counter = BitConverter.GetBytes(step);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(counter);
        }
        var hash = HMACSHA1.HashData(FromBase32(base32Key), counter);
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A 6-digit code no nearby time step gives (Identity accepts a step or two either side).</summary>
    private static string WrongCode(string key)
    {
        var near = Enumerable.Range(-3, 7).Select(i => Totp(key, DateTimeOffset.UtcNow.AddSeconds(30 * i))).ToHashSet();
        return Enumerable.Range(0, 1000).Select(i => i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).First(c => !near.Contains(c));
    }

    private static byte[] FromBase32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = 0;
        var value = 0;
        var bytes = new List<byte>();
        foreach (var c in text.ToUpperInvariant().TrimEnd('='))
        {
            value = (value << 5) | alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(value >> (bits - 8)));
                bits -= 8;
            }
        }
        return [.. bytes];
    }

    [GeneratedRegex("^[A-Za-z2-7]{16,}$")]
    private static partial Regex Base32();
}
