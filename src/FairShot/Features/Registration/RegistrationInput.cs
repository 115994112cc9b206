using System.Globalization;
using System.Net.Mail;
using FairShot.Domain;
using FairShot.Features.Shared.Languages;

namespace FairShot.Features.Registration;

/// <summary>What a person (or an agent on their behalf) submits to get in line.</summary>
public sealed record RegisterRequest(
    string? FirstName, string? LastName, string? DateOfBirth, string? Email, string? Phone, string? ZipCode,
    string? Occupation, string? Setting, IReadOnlyList<string>? Conditions, string? Language,
    IReadOnlyList<Guid>? StandbyClinicIds = null);

/// <summary>
/// Checks and normalises a registration. Every problem is reported at once, against its field, in
/// the person's language, in words they can act on. E-mail is lower-cased; a US phone number in
/// any common format becomes E.164 (+15735550123).
/// </summary>
public static class RegistrationInput
{
    public const int MaxAgeYears = 120;

    public static Result<Person.Details> Validate(RegisterRequest r, DateOnly today)
    {
        var known = Words.Codes.Contains(r.Language ?? "");
        var words = Words.For(known ? r.Language : null);
        var errors = new ValidationErrors();

        if (r.Language is { Length: > 0 } && !known)
        {
            errors.Add("language", "Choose " + string.Join(" or ", Words.All.Select(l => $"{l.Lang} ({l.EnglishName})")) + ".");
        }

        var first = Name(r.FirstName, "firstName", words.FirstNameMissing, errors, words);
        var last = Name(r.LastName, "lastName", words.LastNameMissing, errors, words);

        DateOnly dob = default;
        if (string.IsNullOrWhiteSpace(r.DateOfBirth))
        {
            errors.Add("dateOfBirth", words.IsoBirthDateMissing);
        }
        else if (!DateOnly.TryParseExact(r.DateOfBirth.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out dob))
        {
            errors.Add("dateOfBirth", words.IsoBirthDateUnreadable);
        }
        else if (dob > today)
        {
            errors.Add("dateOfBirth", words.BirthDateInFuture);
        }
        else if (dob < today.AddYears(-MaxAgeYears))
        {
            errors.Add("dateOfBirth", words.BirthDateTooLongAgo(MaxAgeYears));
        }

        var email = NormalizeEmail(r.Email);
        if (r.Email is { Length: > 0 } && email is null)
        {
            errors.Add("email", words.EmailInvalid);
        }
        var phone = NormalizePhone(r.Phone);
        if (r.Phone is { Length: > 0 } && phone is null)
        {
            errors.Add("phone", words.PhoneInvalid);
        }
        if (string.IsNullOrWhiteSpace(r.Email) && string.IsNullOrWhiteSpace(r.Phone))
        {
            errors.Add("email", words.ContactMissing);
        }

        var zip = r.ZipCode?.Trim() ?? "";
        if (!IsZip(zip))
        {
            errors.Add("zipCode", words.ZipInvalid);
        }

        var occupation = r.Occupation?.Trim() ?? "";
        if (!Vocabulary.Occupations.Contains(occupation))
        {
            errors.Add("occupation", words.OccupationInvalid);
        }
        var setting = r.Setting?.Trim() ?? "";
        if (!Vocabulary.Settings.Contains(setting))
        {
            errors.Add("setting", words.SettingInvalid);
        }
        var conditions = (r.Conditions ?? []).Select(c => c?.Trim() ?? "").ToList();
        if (conditions.Count > Vocabulary.Conditions.Count || conditions.Any(c => !Vocabulary.Conditions.Contains(c)))
        {
            errors.Add("conditions", words.ConditionsInvalid);
        }

        if (errors.Any)
        {
            return errors.ToError();
        }
        return new Person.Details(first!, last!, dob, email, phone, zip[..5], occupation, setting, conditions.Distinct().ToList(), words.Lang);
    }

    /// <summary>A name by the one rule for names (<see cref="Names"/>): stored clean, refused with a reason a person can act on.</summary>
    private static string? Name(string? value, string field, string missing, ValidationErrors errors, IRegistrationWords words)
    {
        var name = Names.Clean(value);
        if (name.Length == 0)
        {
            errors.Add(field, missing);
            return null;
        }
        if (name.Length > Person.NameMaxLength)
        {
            errors.Add(field, words.NameTooLong(Person.NameMaxLength));
            return null;
        }
        switch (Names.Check(value))
        {
            case NameProblem.ControlCharacter or NameProblem.DirectionOverride:
                errors.Add(field, words.NameHiddenCharacters);
                return null;
            case NameProblem.Link:
                errors.Add(field, words.NameHasLink);
                return null;
        }
        if (!name.Any(char.IsLetter))
        {
            errors.Add(field, words.NameNeedsLetters);
            return null;
        }
        return name;
    }

    public static string? NormalizeEmail(string? value)
    {
        var email = value?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(email) || email.Length > 254 || email.Contains(' ', StringComparison.Ordinal))
        {
            return null;
        }
        if (!MailAddress.TryCreate(email, out var parsed) || parsed.Address != email)
        {
            return null;
        }
        var at = email.IndexOf('@', StringComparison.Ordinal);
        var domain = email[(at + 1)..];
        return domain.Contains('.', StringComparison.Ordinal) && !domain.StartsWith('.') && !domain.EndsWith('.') ? email : null;
    }

    /// <summary>US numbers (10 digits, optionally with 1 and punctuation) or E.164 with a leading +.</summary>
    public static string? NormalizePhone(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 30)
        {
            return null;
        }
        var trimmed = value.Trim();
        if (trimmed.Any(c => !(char.IsAsciiDigit(c) || c is ' ' or '-' or '(' or ')' or '.' or '+')))
        {
            return null;
        }
        var digits = new string(trimmed.Where(char.IsAsciiDigit).ToArray());
        if (trimmed.StartsWith('+'))
        {
            if (digits.StartsWith('1'))
            {
                digits = digits[1..];
            }
            else
            {
                return digits.Length is >= 8 and <= 15 ? "+" + digits : null;
            }
        }
        else if (digits.Length == 11 && digits.StartsWith('1'))
        {
            digits = digits[1..];
        }
        // NANP: area code and exchange start with 2-9
        return digits.Length == 10 && digits[0] >= '2' && digits[3] >= '2' ? "+1" + digits : null;
    }

    private static bool IsZip(string zip) =>
        (zip.Length == 5 && zip.All(char.IsAsciiDigit)) ||
        (zip.Length == 10 && zip[5] == '-' && zip[..5].All(char.IsAsciiDigit) && zip[6..].All(char.IsAsciiDigit));
}
