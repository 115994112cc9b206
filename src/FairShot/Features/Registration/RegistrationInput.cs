using System.Globalization;
using System.Net.Mail;
using FairShot.Domain;

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
        var lang = Vocabulary.Languages.Contains(r.Language ?? "") ? r.Language! : "en";
        var errors = new ValidationErrors();
        string T(string en, string es) => lang == "es" ? es : en;

        if (r.Language is { Length: > 0 } && !Vocabulary.Languages.Contains(r.Language))
        {
            errors.Add("language", "Choose en (English) or es (Spanish).");
        }

        var first = Name(r.FirstName, "firstName", T("Enter your first name.", "Escriba su nombre."), errors, T);
        var last = Name(r.LastName, "lastName", T("Enter your last name.", "Escriba su apellido."), errors, T);

        DateOnly dob = default;
        if (string.IsNullOrWhiteSpace(r.DateOfBirth))
        {
            errors.Add("dateOfBirth", T("Enter your date of birth, like 1948-03-27.", "Escriba su fecha de nacimiento, por ejemplo 1948-03-27."));
        }
        else if (!DateOnly.TryParseExact(r.DateOfBirth.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out dob))
        {
            errors.Add("dateOfBirth", T("Enter your date of birth as year-month-day, like 1948-03-27.", "Escriba su fecha de nacimiento como año-mes-día, por ejemplo 1948-03-27."));
        }
        else if (dob > today)
        {
            errors.Add("dateOfBirth", T("The date of birth is in the future. Check the year.", "La fecha de nacimiento está en el futuro. Revise el año."));
        }
        else if (dob < today.AddYears(-MaxAgeYears))
        {
            errors.Add("dateOfBirth", T($"The date of birth is more than {MaxAgeYears} years ago. Check the year.", $"La fecha de nacimiento es de hace más de {MaxAgeYears} años. Revise el año."));
        }

        var email = NormalizeEmail(r.Email);
        if (r.Email is { Length: > 0 } && email is null)
        {
            errors.Add("email", T("Enter an e-mail address like name@example.com, or leave it empty.", "Escriba un correo electrónico como nombre@ejemplo.com, o déjelo vacío."));
        }
        var phone = NormalizePhone(r.Phone);
        if (r.Phone is { Length: > 0 } && phone is null)
        {
            errors.Add("phone", T("Enter a mobile phone number with area code, like 573-555-0123, or leave it empty.", "Escriba un número de celular con código de área, por ejemplo 573-555-0123, o déjelo vacío."));
        }
        if (string.IsNullOrWhiteSpace(r.Email) && string.IsNullOrWhiteSpace(r.Phone))
        {
            errors.Add("email", T("Give an e-mail address or a mobile phone number, so we can send your invitation.", "Dé un correo electrónico o un número de celular para enviarle su invitación."));
        }

        var zip = r.ZipCode?.Trim() ?? "";
        if (!IsZip(zip))
        {
            errors.Add("zipCode", T("Enter your 5-digit ZIP code, like 63050.", "Escriba su código postal de 5 dígitos, por ejemplo 63050."));
        }

        var occupation = r.Occupation?.Trim() ?? "";
        if (!Vocabulary.Occupations.Contains(occupation))
        {
            errors.Add("occupation", T("Choose the work you do from the list (choose \"none\" if you do not work).", "Elija su trabajo de la lista (elija \"none\" si no trabaja)."));
        }
        var setting = r.Setting?.Trim() ?? "";
        if (!Vocabulary.Settings.Contains(setting))
        {
            errors.Add("setting", T("Choose where you live: home, long-term-care or congregate.", "Elija dónde vive: home, long-term-care o congregate."));
        }
        var conditions = (r.Conditions ?? []).Select(c => c?.Trim() ?? "").ToList();
        if (conditions.Count > Vocabulary.Conditions.Count || conditions.Any(c => !Vocabulary.Conditions.Contains(c)))
        {
            errors.Add("conditions", T("Choose conditions from the list only.", "Elija condiciones solo de la lista."));
        }

        if (errors.Any)
        {
            return errors.ToError();
        }
        return new Person.Details(first!, last!, dob, email, phone, zip[..5], occupation, setting, conditions.Distinct().ToList(), lang);
    }

    private static string? Name(string? value, string field, string missing, ValidationErrors errors, Func<string, string, string> t)
    {
        var name = string.Join(' ', (value ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (name.Length == 0)
        {
            errors.Add(field, missing);
            return null;
        }
        if (name.Length > Person.NameMaxLength)
        {
            errors.Add(field, t($"The name can be at most {Person.NameMaxLength} characters.", $"El nombre puede tener como máximo {Person.NameMaxLength} caracteres."));
            return null;
        }
        if (name.Any(char.IsControl) || !name.Any(char.IsLetter))
        {
            errors.Add(field, t("Use letters for the name.", "Use letras para el nombre."));
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
