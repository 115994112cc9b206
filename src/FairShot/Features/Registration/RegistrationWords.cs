using FairShot.Features.Notifications;

namespace FairShot.Features.Registration;

/// <summary>Signing up: the form's steps, the page after it, the eligibility vocabulary in plain words, the handler's field messages and the messages it sends. Every language implements it (Features/Shared/Languages).</summary>
public interface IRegistrationWords
{
    // sign-up steps
    string SignUpTitle { get; }
    string StepOf(int step, int total);
    string StepHeading(int step);
    string NameIntro { get; }
    string FirstName { get; }
    string LastName { get; }
    string DateOfBirth { get; }
    string DateOfBirthHint { get; }
    string Month { get; }
    string Day { get; }
    string Year { get; }
    string ChooseMonth { get; }
    string BirthDateMissing { get; }
    string BirthDateIncomplete { get; }
    string BirthYearDigits { get; }
    string BirthDateNotReal { get; }
    string ContactIntro { get; }
    string ContactHelp { get; }
    string Email { get; }
    string EmailHint { get; }
    string Phone { get; }
    string PhoneHint { get; }
    string Optional { get; }
    string ZipIntro { get; }
    string ZipCode { get; }
    string ZipHint { get; }
    string SituationIntro { get; }
    string OccupationQuestion { get; }
    string OccupationHint { get; }
    string SettingQuestion { get; }
    string ConditionsQuestion { get; }
    string ConditionsHint { get; }
    string ChooseOccupation { get; }
    string ChooseSetting { get; }
    string ReviewIntro { get; }
    string Change { get; }
    string ChangeSection(int step);
    string Name { get; }
    string NotGiven { get; }
    string Work { get; }
    string Home { get; }
    string HealthConditions { get; }
    string NoConditions { get; }
    string Continue { get; }
    string Back { get; }
    string Confirm { get; }
    /// <summary>The in-form language switch, in this language ("See this page in English"): a page in another language shows it; it keeps the answers.</summary>
    string SwitchToThisLanguage { get; }

    // signed up: one page whatever the sign-up met (new, already registered, household full)
    string SignedUpTitle { get; }
    string SignedUpIntro { get; }
    string YourGroup { get; }
    string YourPhase { get; }
    string PhaseOpenNow { get; }
    string PhaseNotOpen { get; }
    string InvitationComes(bool email, bool sms);
    string OnlyYou { get; }
    string WeSentConfirmation { get; }
    string SignUpSomeoneElse { get; }
    string NothingToShowTitle { get; }

    // the eligibility vocabulary in plain words
    string Occupation(string code);
    string Setting(string code);
    string Condition(string code);

    // registration-input
    string FirstNameMissing { get; }
    string LastNameMissing { get; }
    string NameTooLong(int max);
    string NameNeedsLetters { get; }
    /// <summary>A control or text-direction character in a name (they can hide or reorder what a message says).</summary>
    string NameHiddenCharacters { get; }
    /// <summary>A web or e-mail address in a name: names are quoted in our messages.</summary>
    string NameHasLink { get; }
    /// <summary>The API takes the date as year-month-day; the form has its own messages (<see cref="BirthDateMissing"/>).</summary>
    string IsoBirthDateMissing { get; }
    string IsoBirthDateUnreadable { get; }
    string BirthDateInFuture { get; }
    string BirthDateTooLongAgo(int years);
    string EmailInvalid { get; }
    string PhoneInvalid { get; }
    string ContactMissing { get; }
    string ZipInvalid { get; }
    string OccupationInvalid { get; }
    string SettingInvalid { get; }
    string ConditionsInvalid { get; }
    string HouseholdFull(int limit);
    /// <summary>A resident's sign-up refused because its contact was named by too many sign-ups today (429; it says nothing about who is registered).</summary>
    string TooManySignUps { get; }
    string StandbyClinicsInvalid { get; }
    /// <summary>The message that confirms a registration (e-mail or text message).</summary>
    RenderedMessage RegisteredMessage(string name, string group);
    RenderedMessage AlreadyRegisteredMessage(string name);
    /// <summary>To a contact already used by <paramref name="limit"/> people, when a sign-up named it again: it quotes nothing the sign-up typed.</summary>
    RenderedMessage HouseholdFullMessage(int limit);
}
