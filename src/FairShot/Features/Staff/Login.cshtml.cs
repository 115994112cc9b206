using FairShot.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace FairShot.Features.Staff;

/// <summary>
/// Staff sign in with e-mail and password. A wrong password, an unknown e-mail and a disabled
/// account all get the same answer, in the same time, so the form cannot be used to find out who
/// has an account. Failures slow down the account and this address (<see cref="SignInThrottle"/>);
/// nobody can lock someone else out. An account with an authenticator goes on to enter its code; an
/// admin without one, where it is required, goes on to set it up and can do nothing else first.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(StaffApi.TokenRateLimit)]
public sealed class LoginModel(SignInManager<StaffUser> signIn, StaffSignIn staffSignIn) : PageModel
{
    public const int EmailMaxLength = 254;
    public const int PasswordMaxLength = 200;

    public const string FailureMessage = "The e-mail address or password is not right. Check both and try again. " +
        "After several wrong tries, sign-in from this computer slows down for a while. " +
        "If you have forgotten your password, ask an admin.";

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool SignedOut { get; private set; }

    public static string ThrottledMessage(SignInThrottled throttled) =>
        $"Too many wrong tries for this account from this computer or network. Wait {throttled.WaitInWords} and try again, " +
        "or sign in from your usual computer. If you cannot sign in, ask an admin.";

    public void OnGet(bool signedOut = false) => SignedOut = signedOut;

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var email = Email?.Trim();
        var password = Password;
        Password = null; // never sent back to the browser
        if (string.IsNullOrEmpty(email) || email.Length > EmailMaxLength)
        {
            ModelState.AddModelError(nameof(Email), "Enter your work e-mail address.");
        }
        if (string.IsNullOrEmpty(password) || password.Length > PasswordMaxLength)
        {
            ModelState.AddModelError(nameof(Password), "Enter your password.");
        }
        if (ModelState.ErrorCount > 0)
        {
            return Page();
        }

        var (attempt, throttled) = await staffSignIn.BeginAsync(email!, HttpContext.Connection.RemoteIpAddress, cancellationToken);
        if (throttled is not null)
        {
            Response.Headers.RetryAfter = throttled.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            ModelState.AddModelError(string.Empty, ThrottledMessage(throttled));
            return Page();
        }
        var user = await staffSignIn.CheckPasswordAsync(email!, password!);
        if (user is null)
        {
            ModelState.AddModelError(string.Empty, FailureMessage);
            return Page();
        }
        await staffSignIn.SucceededAsync(attempt!, cancellationToken);

        var next = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/console";
        if (user.TwoFactorEnabled)
        {
            await PendingSignIn.StartAsync(HttpContext, user, PendingSignIn.EnterCode);
            return LocalRedirect("/console/login/code?ReturnUrl=" + Uri.EscapeDataString(next));
        }
        if (await staffSignIn.MustEnrolAsync(user))
        {
            await PendingSignIn.StartAsync(HttpContext, user, PendingSignIn.SetUpAuthenticator);
            return LocalRedirect("/console/two-factor?ReturnUrl=" + Uri.EscapeDataString(next));
        }
        await signIn.SignInAsync(user, isPersistent: false, authenticationMethod: "pwd");
        return LocalRedirect(next);
    }
}
