using FairShot.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace FairShot.Features.Staff;

/// <summary>
/// The second step of signing in, for an account with an authenticator app: its 6-digit code, or
/// one of its recovery codes. Reached only with the short-lived cookie the password step sets;
/// wrong codes count as failed sign-ins for the account and this address, like wrong passwords.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(StaffApi.TokenRateLimit)]
public sealed class LoginCodeModel(SignInManager<StaffUser> signIn, UserManager<StaffUser> users, StaffSignIn staffSignIn) : PageModel
{
    public const string WrongCodeMessage = "That code is not right. Enter the 6-digit code your authenticator app shows now, or one of your recovery codes.";

    [BindProperty]
    public string? Code { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await PendingSignIn.FindAsync(HttpContext, users, PendingSignIn.EnterCode) is null ? BackToPassword() : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var user = await PendingSignIn.FindAsync(HttpContext, users, PendingSignIn.EnterCode);
        if (user is null)
        {
            return BackToPassword();
        }
        // A code is never shown back, right or wrong: drop what was typed, not just the property.
        var code = Code;
        Code = null;
        ModelState.Remove(nameof(Code));
        if (string.IsNullOrWhiteSpace(code) || code.Length > 40)
        {
            ModelState.AddModelError(nameof(Code), "Enter the 6-digit code from your authenticator app.");
            return Page();
        }
        var (attempt, throttled) = await staffSignIn.BeginAsync(user.Email!, HttpContext.Connection.RemoteIpAddress, cancellationToken);
        if (throttled is not null)
        {
            Response.Headers.RetryAfter = throttled.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            ModelState.AddModelError(string.Empty, LoginModel.ThrottledMessage(throttled));
            return Page();
        }
        if (!await staffSignIn.CheckCodeAsync(user, code))
        {
            ModelState.AddModelError(nameof(Code), WrongCodeMessage);
            return Page();
        }
        await staffSignIn.SucceededAsync(attempt!, cancellationToken);
        await PendingSignIn.EndAsync(HttpContext);
        await signIn.SignInAsync(user, isPersistent: false, authenticationMethod: "mfa");
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/console");
    }

    private RedirectResult BackToPassword() => Redirect("/console/login" + (Url.IsLocalUrl(ReturnUrl) ? "?ReturnUrl=" + Uri.EscapeDataString(ReturnUrl) : ""));
}
