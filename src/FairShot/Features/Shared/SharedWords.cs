namespace FairShot.Features.Shared;

/// <summary>The web shell's words: the layout around every public page, and how this language writes dates and times. Every language implements it (Features/Shared/Languages).</summary>
public interface IShellWords
{
    /// <summary>The language's code, as in <c>&lt;html lang&gt;</c>, <c>?lang=</c> and a person's stored language: "en", "es".</summary>
    string Lang { get; }

    /// <summary>The name of this language, written in itself: what the switch link shows.</summary>
    string LanguageName { get; }

    /// <summary>What the (English) console calls this language.</summary>
    string EnglishName { get; }

    /// <summary>
    /// A name staff keep as data in English and Spanish (phase and group names, which change with the
    /// county's rules and so are columns, not words here): the one for this language, English if it has none.
    /// </summary>
    string Pick(string english, string? spanish);

    // layout
    string LanguageSwitchLabel { get; }
    string SkipToContent { get; }
    string HomeLinkTitle { get; }
    string Footer { get; }
    string CheckWhatYouEntered { get; }

    // dates
    IReadOnlyList<string> MonthNames { get; }
    /// <summary>"Monday, March 1" / "lunes 1 de marzo": a clinic day, this year or next.</summary>
    string WeekdayDate(DateOnly date);
    /// <summary>"Monday, March 1, 2027" / "lunes 1 de marzo de 2027".</summary>
    string FullDate(DateOnly date);
    /// <summary>"9:00 AM" / "9:00 a. m.", the way each language writes a clock time in the US.</summary>
    string Time(TimeOnly time);
    /// <summary>"Monday, March 1, 2027 at 9:00 AM" / "lunes 1 de marzo de 2027 a las 9:00 a. m." (a wall-clock time).</summary>
    string When(DateTime local);
    /// <summary>"March 27, 1948" / "27 de marzo de 1948".</summary>
    string LongDate(DateOnly date);
}
