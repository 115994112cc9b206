using System.Text;
using System.Text.RegularExpressions;

namespace FairShot.Domain;

/// <summary>What is wrong with a name as typed, if anything (see <see cref="Names.Check"/>).</summary>
public enum NameProblem
{
    None = 0,

    /// <summary>A control character (Unicode Cc: NUL, a line break, a tab, …).</summary>
    ControlCharacter = 1,

    /// <summary>A bidirectional embedding, override or isolate (U+202A–U+202E, U+2066–U+2069): it makes text read in another order than it is stored.</summary>
    DirectionOverride = 2,

    /// <summary>A web or e-mail address: a name is quoted in official messages, so it must not carry a link.</summary>
    Link = 3,
}

/// <summary>
/// The one rule for the names people and clinics are given. A name is stored and compared in its
/// clean form: NFKC (full-width and other look-alike forms folded), zero-width characters removed,
/// runs of spaces made one. Characters that change how text is read or shown are refused rather
/// than quietly removed, and person names may not carry an address, because they are quoted in
/// messages sent on the county's behalf.
/// </summary>
public static partial class Names
{
    /// <summary>Zero-width space, non-joiner, joiner, word joiner and the byte-order mark: invisible, so "Mar\u200bta" is Marta.</summary>
    public static bool IsZeroWidth(char c) => c is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF';

    public static bool IsDirectionOverride(char c) => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    /// <summary>NFKC, zero-width characters removed, whitespace collapsed and trimmed. Never null.</summary>
    public static string Clean(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }
        var folded = value.IsNormalized(NormalizationForm.FormKC) ? value : value.Normalize(NormalizationForm.FormKC);
        var result = new StringBuilder(folded.Length);
        var pendingSpace = false;
        foreach (var c in folded)
        {
            if (IsZeroWidth(c))
            {
                continue;
            }
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = result.Length > 0;
                continue;
            }
            if (pendingSpace)
            {
                result.Append(' ');
                pendingSpace = false;
            }
            result.Append(c);
        }
        return result.ToString();
    }

    /// <summary>
    /// The first problem with a name as typed: control and direction characters are looked for in
    /// the raw text, links in the clean one (so a full-width "ｈｔｔｐｓ：／／" is found too).
    /// <paramref name="links"/> is false for names that are not quoted to the public as someone's own (clinics).
    /// </summary>
    public static NameProblem Check(string? value, bool links = true)
    {
        if (string.IsNullOrEmpty(value))
        {
            return NameProblem.None;
        }
        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                return NameProblem.ControlCharacter;
            }
            if (IsDirectionOverride(c))
            {
                return NameProblem.DirectionOverride;
            }
        }
        return links && LooksLikeLink(Clean(value)) ? NameProblem.Link : NameProblem.None;
    }

    /// <summary>A scheme ("https://"), "www.", an e-mail address, or a host name ending in a common top-level domain.</summary>
    public static bool LooksLikeLink(string clean) => Link().IsMatch(clean);

    [GeneratedRegex(@"://|\bwww\.|@|[\p{L}\p{N}-]\.(?:com|org|net|gov|edu|info|io|co|us|uk|de|ru|cn|biz|me|ly|app|link|site|online|xyz|top|click|live|shop|example|test|invalid|local)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Link();
}
