using System.Globalization;
using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Invitations;
using FairShot.Features.Registration;
using Microsoft.AspNetCore.Mvc;

namespace FairShot.Features.Invitations;

/// <summary>
/// The second factor: the 6-digit code sent to the contact on file, and the date of birth, in the
/// same three boxes as sign-up. A right pair starts a 30-minute session held in a cookie for this
/// link only, and the slot page follows. A wrong pair gets one message whichever was wrong; a code
/// with too many wrong tries asks for a new one. Neither the code nor the date is shown back after
/// a failed check.
/// </summary>
public sealed class CodeModel(InvitationAccess access, FairShotDb db, TimeProvider clock) : InvitationPageModel(access, db, clock)
{
    public static readonly IReadOnlyList<string> FieldOrder = [nameof(Code), nameof(DateOfBirth)];

    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public string? BirthMonth { get; set; }

    [BindProperty]
    public string? BirthDay { get; set; }

    [BindProperty]
    public string? BirthYear { get; set; }

    /// <summary>The field the date's messages go to (the month box carries its id).</summary>
    public string DateOfBirth => nameof(DateOfBirth);

    /// <summary>The masked contact the code just went to, right after asking for it.</summary>
    public string? SentTo { get; private set; }

    /// <summary>Asked again while the code sent earlier still works: when it went and until when.</summary>
    public string? StillWorks { get; private set; }

    /// <summary>Why the person was sent here from a later page, if they were.</summary>
    public string? Notice { get; private set; }

    /// <summary>The code cannot be used any more: "Send a new code" becomes the main button.</summary>
    public bool NeedsNewCode { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return Page();
        }
        SentTo = TempData[SentToKey] as string;
        StillWorks = TempData[StillWorksKey] as string;
        Notice = (TempData[NoticeKey] as string) switch
        {
            "confirm-first" => Text.ConfirmFirst,
            "session-ended" => Text.SessionEnded,
            _ => null,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return Page();
        }
        ModelState.Clear();
        var code = Code?.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).Trim();
        if (code is not { Length: 6 } || !code.All(char.IsAsciiDigit))
        {
            ModelState.AddModelError(nameof(Code), Text.EnterCode);
        }
        var (birthDate, problem) = BirthDateParts.Compose(BirthMonth, BirthDay, BirthYear);
        if (problem is { } p)
        {
            ModelState.AddModelError(DateOfBirth, p switch
            {
                BirthDateProblem.Missing => Text.BirthDateMissing,
                BirthDateProblem.Incomplete => Text.BirthDateIncomplete,
                BirthDateProblem.YearDigits => Text.BirthYearDigits,
                _ => Text.BirthDateNotReal,
            });
        }
        if (ModelState.ErrorCount > 0)
        {
            Code = null;
            return Page();
        }

        var verified = await Access.VerifyAsync(Invitation!, code, birthDate!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Visitor.From(HttpContext), cancellationToken);
        switch (verified.Error)
        {
            case null:
                ResidentSession.Start(HttpContext, ResidentSession.InvitationCookie, BasePath, verified.Value!);
                return Redirect(BasePath + "/slots");
            case NotFoundError or GoneError:
                return ShowProblem(Link!.Problem ?? InvitationProblem.Used);
            case VerificationFailed { Reason: var reason }:
                NeedsNewCode = reason is VerifyFailure.TooManyTries or VerifyFailure.CodeAlreadyUsed;
                ModelState.AddModelError(string.Empty, reason switch
                {
                    VerifyFailure.TooManyTries => Text.TooManyTries,
                    VerifyFailure.CodeAlreadyUsed => Text.CodeAlreadyUsed,
                    _ => Text.NotVerified,
                });
                break;
            case ValidationError:
                ModelState.AddModelError(nameof(Code), Text.EnterCode);
                break;
            default:
                ModelState.AddModelError(string.Empty, verified.Error.Detail);
                break;
        }
        // Whatever was wrong, neither the code nor the date of birth goes back into the page.
        (Code, BirthMonth, BirthDay, BirthYear) = (null, null, null, null);
        return Page();
    }

    public async Task<IActionResult> OnPostResendAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return Page();
        }
        ModelState.Clear();
        (Code, BirthMonth, BirthDay, BirthYear) = (null, null, null, null);
        return await SendCodeAsync(cancellationToken);
    }

    public bool HasError(string field) => ModelState.TryGetValue(field, out var entry) && entry.Errors.Count > 0;
}
