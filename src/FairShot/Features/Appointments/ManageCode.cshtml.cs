using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Booking;
using FairShot.Features.Invitations;
using Microsoft.AspNetCore.Mvc;

namespace FairShot.Features.Appointments;

/// <summary>The one-time code for managing an appointment; a right one starts a 30-minute session for this address only.</summary>
public sealed class ManageCodeModel(ManageAppointment manage, FairShotDb db, TimeProvider clock) : AppointmentPageModel(manage, db, clock)
{
    public static readonly IReadOnlyList<string> FieldOrder = [nameof(Code)];

    [BindProperty]
    public string? Code { get; set; }

    public string? SentTo { get; private set; }

    /// <summary>Asked again while the code sent earlier still works: when it went and until when.</summary>
    public string? StillWorks { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } otherwise)
        {
            return otherwise;
        }
        SentTo = TempData[SentToKey] as string;
        StillWorks = TempData[StillWorksKey] as string;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } otherwise)
        {
            return otherwise;
        }
        ModelState.Clear();
        var code = Code?.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).Trim();
        Code = null; // a code is never shown back
        if (code is not { Length: 6 } || !code.All(char.IsAsciiDigit))
        {
            ModelState.AddModelError(nameof(Code), Text.EnterCode);
            return Page();
        }
        var verified = await Manage.VerifyAsync(ConfirmationCode, code, cancellationToken);
        switch (verified.Error)
        {
            case null:
                ResidentSession.Start(HttpContext, ResidentSession.AppointmentCookie, BasePath, verified.Value!);
                return Redirect(BasePath);
            case UnauthorizedError:
                ModelState.AddModelError(nameof(Code), Text.WrongCode);
                return Page();
            case ValidationError:
                ModelState.AddModelError(nameof(Code), Text.EnterCode);
                return Page();
            default:
                return Redirect(BasePath);
        }
    }

    public async Task<IActionResult> OnPostResendAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ?? await SendCodeAsync(cancellationToken);
}
