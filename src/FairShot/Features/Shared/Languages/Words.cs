using FairShot.Features.Appointments;
using FairShot.Features.Backfill;
using FairShot.Features.Booking;
using FairShot.Features.Home;
using FairShot.Features.Integrity;
using FairShot.Features.Invitations;
using FairShot.Features.Notifications;
using FairShot.Features.Records.HealthCards;
using FairShot.Features.Registration;
using FairShot.Features.Staff;
using FairShot.Features.Status;

namespace FairShot.Features.Shared.Languages;

/// <summary>
/// Everything a person reads, by meaning: each capability declares the words it needs in its own
/// folder (<c>IRegistrationWords</c>, <c>IBookingWords</c>, ...), and each language is one class
/// that implements them all (<see cref="English"/>, <see cref="Spanish"/>). A meaning without a
/// translation does not compile.
/// </summary>
public interface IWords : IShellWords, IHomeWords, IRegistrationWords, IStatusWords, IInvitationWords, IBookingWords,
    IAppointmentWords, IBackfillWords, IStaffWords, INotificationWords, IIntegrityWords, IHealthCardWords;

/// <summary>
/// What every language has besides its words: its code, its own name, a few shared rules; and the list of
/// languages with the lookup by code (<c>Words.For("es")</c>).
/// </summary>
public abstract class Words(string lang, string languageName, string englishName)
{
    public string Lang { get; } = lang;

    public string LanguageName { get; } = languageName;

    /// <summary>What the (English) console calls this language.</summary>
    public string EnglishName { get; } = englishName;

    /// <summary>Data kept in English and Spanish columns falls back to English in any other language.</summary>
    public virtual string Pick(string english, string? spanish) => english;

    public override string ToString() => Lang;

    /// <summary>Two significant figures at most: 47 → 50, 1,234 → 1,200, 98,765 → 99,000.</summary>
    public static int RoundForPeople(int count)
    {
        if (count < 10)
        {
            return count;
        }
        var step = (int)Math.Pow(10, Math.Floor(Math.Log10(count)) - 1);
        return (int)Math.Round(count / (double)step, MidpointRounding.AwayFromZero) * step;
    }

    /// <summary>Ends a sentence with one full stop, also after "a. m.".</summary>
    protected static string Sentence(string text) => text.EndsWith('.') ? text : text + ".";

    /// <summary>A vocabulary code's label; the code itself if the table lacks it (a test checks none does).</summary>
    protected static string Label(IReadOnlyDictionary<string, string> labels, string code) =>
        labels.TryGetValue(code, out var label) ? label : code;

    // --- the languages ------------------------------------------------------------------------
    public static readonly English English = new();
    public static readonly Spanish Spanish = new();

    /// <summary>
    /// The languages FairShot speaks, the first the default: drives the language switch, what a person can
    /// choose, and the tests. A new language is one class like <see cref="Words.Spanish"/> and one line here.
    /// </summary>
    public static IReadOnlyList<IWords> All { get; } = [English, Spanish];

    public static IReadOnlyList<string> Codes { get; } = All.Select(l => l.Lang).ToArray();

    public static bool IsKnown(string? lang) => All.Any(l => string.Equals(l.Lang, lang, StringComparison.OrdinalIgnoreCase));

    /// <summary>The language with this code (any case); the default language for an unknown or missing one.</summary>
    public static IWords For(string? lang) => All.FirstOrDefault(l => string.Equals(l.Lang, lang, StringComparison.OrdinalIgnoreCase)) ?? All[0];

    /// <summary>The languages a page in <paramref name="current"/> offers to switch to.</summary>
    public static IEnumerable<IWords> OtherThan(IWords current) => All.Where(l => l.Lang != current.Lang);
}
