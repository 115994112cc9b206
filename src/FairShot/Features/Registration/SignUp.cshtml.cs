using System.Globalization;
using FairShot.Domain;
using FairShot.Features.Eligibility;
using FairShot.Features.Registration;
using FairShot.Features.Shared;
using FairShot.Features.Shared.Languages;
using FairShot.Platform;
using Microsoft.AspNetCore.Mvc;

namespace FairShot.Features.Registration;

/// <summary>
/// A resident signs up in five short screens (name and birth date, contact, ZIP, work/home/health,
/// check your answers) that work without JavaScript: each screen posts every earlier answer back in
/// hidden fields (antiforgery protects the post), "Continue" checks only the fields on the screen
/// with the same rules as the final submit, and the final submit goes through
/// <see cref="RegistrationService.RegisterResidentAsync"/> (its own handler, <c>?handler=Confirm</c>, so
/// the per-address limit counts sign-ups, not screens). A problem found there sends the person back
/// to the screen that holds the field, with the message next to it, in their language. Whatever the
/// sign-up met (a new person, someone already registered, a full household), the person sees the
/// same page after it; the difference goes only to the contact on file.
/// </summary>
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(RegistrationFeature.SignUpRateLimit)]
public sealed class SignUpModel(RegistrationService registrations, EligibilityRules rules) : PortalPageModel
{
    /// <summary>The language the in-form switch offers (it keeps the answers); the header links to every language.</summary>
    public IWords SwitchTo => Words.OtherThan(Text).First();

    public const int LastStep = 5;

    /// <summary>Each field the handler may name, in form order, with the screen that asks for it.</summary>
    public static readonly IReadOnlyList<(string Field, int Step)> Fields =
    [
        (nameof(FirstName), 1), (nameof(LastName), 1), (nameof(DateOfBirth), 1),
        (nameof(Email), 2), (nameof(Phone), 2),
        (nameof(ZipCode), 3),
        (nameof(Occupation), 4), (nameof(Setting), 4), (nameof(Conditions), 4),
    ];

    public static readonly IReadOnlyList<string> FieldOrder = Fields.Select(f => f.Field).ToList();

    [BindProperty]
    public int Step { get; set; } = 1;

    /// <summary>Set after "Change" on the last screen: "Continue" then goes straight back to it.</summary>
    [BindProperty]
    public bool Reviewing { get; set; }

    /// <summary>Which button was pressed: next, back, confirm, change-N, or language.</summary>
    [BindProperty]
    public string? Go { get; set; }

    [BindProperty]
    public string? FirstName { get; set; }

    [BindProperty]
    public string? LastName { get; set; }

    [BindProperty]
    public string? BirthMonth { get; set; }

    [BindProperty]
    public string? BirthDay { get; set; }

    [BindProperty]
    public string? BirthYear { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Phone { get; set; }

    [BindProperty]
    public string? ZipCode { get; set; }

    [BindProperty]
    public string? Occupation { get; set; }

    [BindProperty]
    public string? Setting { get; set; }

    [BindProperty]
    public List<string> Conditions { get; set; } = [];

    /// <summary>The three date boxes as the handler reads them (yyyy-MM-dd), or null when they do not make a date.</summary>
    public string? DateOfBirth => BirthDateParts.Compose(BirthMonth, BirthDay, BirthYear).Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public DateOnly? BirthDate => BirthDateParts.Compose(BirthMonth, BirthDay, BirthYear).Date;

    public void OnGet() => Step = 1;

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        TidyAnswers();
        var go = Go ?? "next"; // pressing Enter in a box submits with the first button, Continue

        if (go == "back")
        {
            // From a screen opened by "Change", Back returns to the answers; from the answers, to screen 4.
            Step = Reviewing && Step < LastStep ? LastStep : Math.Max(1, Step - 1);
            return Page();
        }
        if (go == "language")
        {
            UseLanguage(SwitchTo.Lang, remember: true);
            return Page();
        }
        if (go.StartsWith("change-", StringComparison.Ordinal) && int.TryParse(go["change-".Length..], out var change) && change is >= 1 and < LastStep)
        {
            Step = change;
            Reviewing = true;
            return Page();
        }
        if (Step == LastStep)
        {
            return Page(); // signing up is the Confirm button's own handler (OnPostConfirmAsync)
        }

        // Continue: the same rules as the final submit, for the fields on this screen only.
        var today = await rules.TodayAsync(cancellationToken);
        var checkedInput = RegistrationInput.Validate(ToRequest(), today);
        if (checkedInput.Error is ValidationError invalid && ShowProblems(invalid, Step))
        {
            return Page();
        }
        Step = Reviewing ? LastStep : Step + 1;
        return Page();
    }

    private void TidyAnswers()
    {
        Step = Math.Clamp(Step, 1, LastStep);
        Conditions = Conditions.Where(c => !string.IsNullOrWhiteSpace(c)).Distinct(StringComparer.Ordinal).Take(Domain.Vocabulary.Conditions.Count + 1).ToList();
        ModelState.Clear(); // every answer is shown from the model; only our own messages go into ModelState
    }

    /// <summary>The last screen's Confirm: the one answer, whoever the sign-up turns out to be.</summary>
    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken cancellationToken)
    {
        TidyAnswers();
        Step = LastStep;
        var result = await registrations.RegisterResidentAsync(ToRequest(), cancellationToken);
        switch (result.Error)
        {
            case null:
                TempData[SignedUpModel.TempDataKey] = SignedUpModel.Outcome.From(result.Value!, Email is { Length: > 0 }, Phone is { Length: > 0 }).Serialize();
                return Redirect("/register/done");
            case ValidationError invalid:
                ShowProblems(invalid, onlyStep: null);
                Step = FirstStepWithProblem();
                Reviewing = true;
                return Page();
            default:
                ModelState.AddModelError(string.Empty, result.Error.Detail);
                return Page();
        }
    }

    /// <summary>Puts the handler's messages next to their fields, reworded where this form asks differently. True when any was shown.</summary>
    private bool ShowProblems(ValidationError invalid, int? onlyStep)
    {
        var shown = invalid.Fields.Where(f => onlyStep is null || StepOf(f.Key) == onlyStep).ToDictionary(f => f.Key, f => f.Value);
        if (shown.Count == 0)
        {
            return false;
        }
        new ValidationError(shown).AddTo(ModelState);
        var t = Text;
        if (BirthDateParts.Compose(BirthMonth, BirthDay, BirthYear).Problem is { } dateProblem)
        {
            // The handler asks for year-month-day; this form asks for three boxes.
            ModelState.Reword(nameof(DateOfBirth), dateProblem switch
            {
                BirthDateProblem.Missing => t.BirthDateMissing,
                BirthDateProblem.Incomplete => t.BirthDateIncomplete,
                BirthDateProblem.YearDigits => t.BirthYearDigits,
                BirthDateProblem.NotADate => t.BirthDateNotReal,
                _ => t.BirthDateNotReal,
            });
        }
        // The handler names the codes ("none", "home"); this form shows plain words to choose from.
        ModelState.Reword(nameof(Occupation), t.ChooseOccupation);
        ModelState.Reword(nameof(Setting), t.ChooseSetting);
        return true;
    }

    /// <summary>The screen that asks for a field the handler named ("zipCode" or "ZipCode"); unknown fields go to the last screen.</summary>
    public static int StepOf(string field) =>
        Fields.FirstOrDefault(f => string.Equals(f.Field, field, StringComparison.OrdinalIgnoreCase)).Step is var step and > 0 ? step : LastStep;

    private int FirstStepWithProblem() =>
        ModelState.Where(e => e.Value is { Errors.Count: > 0 }).Select(e => e.Key.Length == 0 ? LastStep : StepOf(e.Key)).DefaultIfEmpty(LastStep).Min();

    public RegisterRequest ToRequest() =>
        new(FirstName, LastName, DateOfBirth ?? RawBirthDate(), Email, Phone, ZipCode, Occupation, Setting, Conditions, Lang);

    // Boxes that do not make a date still go to the handler, which then names the field.
    private string? RawBirthDate() =>
        BirthDateParts.Compose(BirthMonth, BirthDay, BirthYear).Problem == BirthDateProblem.Missing ? null : $"{BirthYear}-{BirthMonth}-{BirthDay}";

    /// <summary>Every answer not asked on this screen, as name/value pairs for hidden fields.</summary>
    public IEnumerable<(string Name, string Value)> CarriedAnswers()
    {
        var onThisScreen = Step switch
        {
            1 => new[] { nameof(FirstName), nameof(LastName), nameof(BirthMonth), nameof(BirthDay), nameof(BirthYear) },
            2 => [nameof(Email), nameof(Phone)],
            3 => [nameof(ZipCode)],
            4 => [nameof(Occupation), nameof(Setting), nameof(Conditions)],
            _ => [],
        };
        var answers = new (string Name, string? Value)[]
        {
            (nameof(FirstName), FirstName), (nameof(LastName), LastName),
            (nameof(BirthMonth), BirthMonth), (nameof(BirthDay), BirthDay), (nameof(BirthYear), BirthYear),
            (nameof(Email), Email), (nameof(Phone), Phone), (nameof(ZipCode), ZipCode),
            (nameof(Occupation), Occupation), (nameof(Setting), Setting),
        };
        foreach (var (name, value) in answers)
        {
            if (value is not null && !onThisScreen.Contains(name))
            {
                yield return (name, value);
            }
        }
        if (!onThisScreen.Contains(nameof(Conditions)))
        {
            foreach (var condition in Conditions)
            {
                yield return (nameof(Conditions), condition);
            }
        }
    }

    public bool HasError(string field) => ModelState.TryGetValue(field, out var entry) && entry.Errors.Count > 0;
}

public enum BirthDateProblem
{
    Missing,
    Incomplete,
    YearDigits,
    NotADate,
}

/// <summary>Month, day and year as typed into three boxes, made into a date or told what is wrong.</summary>
public static class BirthDateParts
{
    public static (DateOnly? Date, BirthDateProblem? Problem) Compose(string? month, string? day, string? year)
    {
        month = month?.Trim();
        day = day?.Trim();
        year = year?.Trim();
        var given = new[] { month, day, year }.Count(p => !string.IsNullOrEmpty(p));
        if (given == 0)
        {
            return (null, BirthDateProblem.Missing);
        }
        if (given < 3)
        {
            return (null, BirthDateProblem.Incomplete);
        }
        if (year!.Length != 4 || !year.All(char.IsAsciiDigit))
        {
            return (null, BirthDateProblem.YearDigits);
        }
        if (month!.Length > 2 || day!.Length > 2 || !month.All(char.IsAsciiDigit) || !day.All(char.IsAsciiDigit))
        {
            return (null, BirthDateProblem.NotADate);
        }
        var (y, m, d) = (int.Parse(year, CultureInfo.InvariantCulture), int.Parse(month, CultureInfo.InvariantCulture), int.Parse(day, CultureInfo.InvariantCulture));
        if (y < 1 || m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, m))
        {
            return (null, BirthDateProblem.NotADate);
        }
        return (new DateOnly(y, m, d), null);
    }
}
