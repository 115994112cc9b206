using FairShot.Domain;
using FairShot.Features.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace FairShot.Features.Staff;

/// <summary>
/// Staff sign in with e-mail and password. A wrong password, an unknown e-mail, a disabled or a
/// locked account all get the same answer, so the form cannot be used to find out who has an
/// account; Identity locks the account after repeated failures.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(StaffApi.TokenRateLimit)]
public sealed class LoginModel(SignInManager<StaffUser> signIn, UserManager<StaffUser> users, IOptions<IdentityOptions> identity) : PageModel
{
    public const int EmailMaxLength = 254;
    public const int PasswordMaxLength = 200;

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool SignedOut { get; private set; }

    public string FailureMessage
    {
        get
        {
            var lockout = identity.Value.Lockout;
            return "The e-mail address or password is not right. " +
                $"After {lockout.MaxFailedAccessAttempts} wrong tries in a row the account is locked for {lockout.DefaultLockoutTimeSpan.TotalMinutes:0} minutes. " +
                "If you are locked out or have forgotten your password, ask an admin.";
        }
    }

    public void OnGet(bool signedOut = false) => SignedOut = signedOut;

    public async Task<IActionResult> OnPostAsync()
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

        var user = await users.FindByEmailAsync(email!);
        if (user is { IsActive: true })
        {
            var result = await signIn.PasswordSignInAsync(user, password!, isPersistent: false, lockoutOnFailure: true);
            if (result.Succeeded)
            {
                return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/console");
            }
        }
        ModelState.AddModelError(string.Empty, FailureMessage);
        return Page();
    }
}
