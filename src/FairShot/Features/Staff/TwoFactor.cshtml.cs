using System.Security.Claims;
using FairShot.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace FairShot.Features.Staff;

/// <summary>
/// Setting up an authenticator app: any signed-in staff member may, and an admin must where it is
/// required (after their password they land here with only the pending sign-in cookie, so there is
/// nothing else they can open). The page shows the key, its otpauth:// address and a QR code of it;
/// a right code turns two-factor on, shows the recovery codes once, and signs the person in fully.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(StaffApi.TokenRateLimit)]
public sealed class TwoFactorModel(SignInManager<StaffUser> signIn, UserManager<StaffUser> users, StaffTwoFactor twoFactor, IOptions<IdentityOptions> identity) : PageModel
{
    public const string WrongCodeMessage = "That code does not match. Check that the app shows FairShot, then enter the 6 digits it shows now.";

    [BindProperty]
    public string? Code { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public AuthenticatorSetup? Setup { get; private set; }
    public IReadOnlyList<string>? RecoveryCodes { get; private set; }
    public bool AlreadyOn { get; private set; }

    /// <summary>Signed in with the pending cookie only: an admin who must finish this first.</summary>
    public bool MustFinishFirst { get; private set; }

    public string Next => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/console";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var user = await WhoAsync();
        if (user is null)
        {
            return Redirect("/console/login?ReturnUrl=" + Uri.EscapeDataString("/console/two-factor"));
        }
        AlreadyOn = user.TwoFactorEnabled;
        if (!AlreadyOn)
        {
            Setup = await twoFactor.SetupAsync(user, cancellationToken);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var user = await WhoAsync();
        if (user is null)
        {
            return Redirect("/console/login?ReturnUrl=" + Uri.EscapeDataString("/console/two-factor"));
        }
        if (user.TwoFactorEnabled)
        {
            AlreadyOn = true;
            return Page();
        }
        // A code is never shown back, right or wrong: drop what was typed, not just the property.
        var code = Code;
        Code = null;
        ModelState.Remove(nameof(Code));
        var recoveryCodes = await twoFactor.EnableAsync(user, code, cancellationToken);
        if (recoveryCodes is null)
        {
            ModelState.AddModelError(nameof(Code), WrongCodeMessage);
            Setup = await twoFactor.SetupAsync(user, cancellationToken);
            return Page();
        }
        RecoveryCodes = recoveryCodes;
        // Turning two-factor on renewed the security stamp: sign in afresh with the new one.
        await PendingSignIn.EndAsync(HttpContext);
        await signIn.SignInAsync(user, isPersistent: false, authenticationMethod: "mfa");
        MustFinishFirst = false;
        return Page();
    }

    /// <summary>The staff member signed in fully, or waiting with the pending cookie to set up their app.</summary>
    private async Task<StaffUser?> WhoAsync()
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            var user = await users.GetUserAsync(User);
            var stamp = User.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
            return user is { IsActive: true } && stamp == user.SecurityStamp ? user : null;
        }
        var pending = await PendingSignIn.FindAsync(HttpContext, users, PendingSignIn.SetUpAuthenticator);
        MustFinishFirst = pending is not null;
        return pending;
    }
}
