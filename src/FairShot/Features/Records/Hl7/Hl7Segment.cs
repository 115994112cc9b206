using System.Globalization;
using System.Text;

namespace FairShot.Features.Records.Hl7;

/// <summary>
/// One HL7 v2 segment under construction, with the standard delimiters <c>|^~\&amp;</c>. Values are
/// escaped as they are set (<see cref="Escape"/>), so a name like "O'Brien | Smith ^ Jr" can never
/// break the structure; trailing empty fields and components are left off, as the IG asks.
/// </summary>
public sealed class Hl7Segment(string id)
{
    public const string EncodingCharacters = @"^~\&";

    private readonly SortedDictionary<int, string> _fields = [];

    public string Id { get; } = id;

    /// <summary>Sets field <paramref name="position"/> (1-based, as in "PID-5") from its components, each escaped.</summary>
    public Hl7Segment Set(int position, params string?[] components)
    {
        var escaped = components.Select(c => Escape(c ?? "")).ToList();
        while (escaped.Count > 0 && escaped[^1].Length == 0)
        {
            escaped.RemoveAt(escaped.Count - 1);
        }
        if (escaped.Count > 0)
        {
            _fields[position] = string.Join('^', escaped);
        }
        return this;
    }

    /// <summary>Sets a field already encoded (repetitions or sub-components built with <see cref="Component"/>); not escaped again.</summary>
    public Hl7Segment SetEncoded(int position, string encoded)
    {
        if (encoded.Length > 0)
        {
            _fields[position] = encoded;
        }
        return this;
    }

    /// <summary>Components joined with ^, each escaped: for building a field that repeats.</summary>
    public static string Component(params string?[] components)
    {
        var escaped = components.Select(c => Escape(c ?? "")).ToList();
        while (escaped.Count > 0 && escaped[^1].Length == 0)
        {
            escaped.RemoveAt(escaped.Count - 1);
        }
        return string.Join('^', escaped);
    }

    public string? Get(int position) => _fields.GetValueOrDefault(position);

    public override string ToString()
    {
        var text = new StringBuilder(Id);
        var isHeader = Id is "MSH" or "FHS" or "BHS";
        // MSH-1 is the field separator itself and MSH-2 the encoding characters: fields start at 3.
        var first = isHeader ? 3 : 1;
        if (isHeader)
        {
            text.Append('|').Append(EncodingCharacters);
        }
        var last = _fields.Count == 0 ? first - 1 : _fields.Keys.Max();
        for (var i = first; i <= last; i++)
        {
            text.Append('|');
            if (_fields.TryGetValue(i, out var value))
            {
                text.Append(value);
            }
        }
        return text.ToString();
    }

    /// <summary>
    /// HL7 escape sequences for the delimiters (\F\ \S\ \T\ \R\ \E\); line breaks become \.br\ and
    /// other control characters are dropped, since a CR would end the segment.
    /// </summary>
    public static string Escape(string value)
    {
        if (value.AsSpan().IndexOfAny("|^~\\&\r\n") < 0 && !value.Any(char.IsControl))
        {
            return value;
        }
        var text = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            switch (c)
            {
                case '|': text.Append(@"\F\"); break;
                case '^': text.Append(@"\S\"); break;
                case '&': text.Append(@"\T\"); break;
                case '~': text.Append(@"\R\"); break;
                case '\\': text.Append(@"\E\"); break;
                case '\n': text.Append(@"\.br\"); break;
                case '\r': break;
                default:
                    if (!char.IsControl(c))
                    {
                        text.Append(c);
                    }
                    break;
            }
        }
        return text.ToString();
    }

    /// <summary>Reverses <see cref="Escape"/> (for reading ACKs and our own messages back).</summary>
    public static string Unescape(string value)
    {
        if (!value.Contains('\\'))
        {
            return value;
        }
        var text = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\')
            {
                var end = value.IndexOf('\\', i + 1);
                if (end > i)
                {
                    var code = value[(i + 1)..end];
                    text.Append(code switch
                    {
                        "F" => "|",
                        "S" => "^",
                        "T" => "&",
                        "R" => "~",
                        "E" => "\\",
                        ".br" => "\n",
                        _ => "",
                    });
                    i = end;
                    continue;
                }
            }
            text.Append(value[i]);
        }
        return text.ToString();
    }

    /// <summary>An HL7 TS with seconds and the offset, like 20210301093000-0700 (MSH-7).</summary>
    public static string Timestamp(DateTimeOffset at) =>
        at.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + (at.Offset < TimeSpan.Zero ? "-" : "+")
        + at.Offset.Duration().ToString("hhmm", CultureInfo.InvariantCulture);

    public static string Date(DateOnly date) => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
}
