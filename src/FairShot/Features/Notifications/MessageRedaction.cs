using System.Text.RegularExpressions;

namespace FairShot.Features.Notifications;

/// <summary>
/// What a sent message keeps: its text without the secrets it carried, so that a copy of the
/// database (a backup) holds no link or code that still works. The link token after <c>/i/</c> and
/// every 6-digit one-time code are replaced; everything else (names, times, the clinic, the
/// confirmation code, which the appointment row keeps anyway) stays for staff to read.
/// </summary>
public static partial class MessageRedaction
{
    /// <summary>What staff read in place of a link token or a code.</summary>
    public const string Removed = "[removed once sent]";

    public static string Redact(string text) => CodePattern().Replace(LinkPattern().Replace(text, "/i/" + Removed), Removed);

    [GeneratedRegex(@"/i/[A-Za-z0-9_-]{16,}")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"(?<![0-9])[0-9]{6}(?![0-9])")]
    private static partial Regex CodePattern();
}
