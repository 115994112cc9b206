using FairShot.Domain;
using FairShot.Features.Registration;
using FairShot.Features.Shared;
using FairShot.Features.Shared.Languages;
using FairShot.Platform;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FairShot.Features.Registration;

/// <summary>
/// The one-page registration form an agent fills in while on the phone, shared by "Register
/// someone" and the correction form. The agent reads English whatever language the person chose,
/// so the form checks the input with English messages before the handler sees it.
/// </summary>
public abstract class RegistrationFormModel : PageModel
{
    public static readonly IReadOnlyList<string> FieldOrder =
    [
        nameof(FirstName), nameof(LastName), nameof(DateOfBirth), nameof(Language), nameof(Email), nameof(Phone),
        nameof(ZipCode), nameof(Occupation), nameof(Setting), nameof(Conditions),
    ];

    [BindProperty]
    public string? FirstName { get; set; }

    [BindProperty]
    public string? LastName { get; set; }

    /// <summary>yyyy-MM-dd, as a date input sends it.</summary>
    [BindProperty]
    public string? DateOfBirth { get; set; }

    [BindProperty]
    public string? Language { get; set; }

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

    public RegisterRequest ToRequest() =>
        new(FirstName, LastName, DateOfBirth, Email, Phone, ZipCode, Occupation, Setting, Conditions, Language);

    protected void Fill(Person person)
    {
        FirstName = person.FirstName;
        LastName = person.LastName;
        DateOfBirth = person.DateOfBirth.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Language = person.Language;
        Email = person.Email;
        Phone = person.Phone;
        ZipCode = person.ZipCode;
        Occupation = person.Occupation;
        Setting = person.Setting;
        Conditions = [.. person.ConditionList];
    }

    /// <summary>The handler's checks, worded in English for the agent. True when the form is fine.</summary>
    protected bool CheckInEnglish(DateOnly today)
    {
        if (!PortalLanguage.IsKnown(Language))
        {
            ModelState.AddModelError(nameof(Language), "Choose the language the person wants their messages in.");
        }
        if (RegistrationInput.Validate(ToRequest() with { Language = Words.English.Lang }, today).Error is { } error)
        {
            ShowProblems(error);
        }
        return ModelState.ErrorCount == 0;
    }

    protected void ShowProblems(Error error)
    {
        error.AddTo(ModelState);
        // The handler names the codes; this form shows plain words to choose from.
        ModelState.Reword(nameof(Occupation), "Choose the person's work. If they do not work, choose \"I do not work, or I am retired\".");
        ModelState.Reword(nameof(Setting), "Choose where the person lives.");
        ModelState.Reword(nameof(Language), "Choose the language the person wants their messages in.");
    }

    /// <summary>The console is in English: a language by its English name.</summary>
    public static string LanguageName(string code) => Words.For(code).EnglishName;
}
