namespace FairShot.Features.Records.Hl7;

/// <summary>One ERR segment of an acknowledgement: where, what, how bad, and the registry's words.</summary>
public sealed record AckError(string Severity, string Location, string Code, string Text);

/// <summary>
/// A registry's ACK to one VXU: MSA-1 <c>AA</c> accepted, <c>AE</c> accepted with errors (kept and
/// shown), <c>AR</c> rejected (shown with its ERR segments, to correct and send again). Also reads
/// the older CA/CE/CR original-mode codes. A reply that is not an ACK is <see cref="Parse"/>'s null.
/// </summary>
public sealed record Ack(string Code, string ControlId, IReadOnlyList<AckError> Errors)
{
    public bool Accepted => Code is "AA" or "CA" or "AE" or "CE";
    public bool AcceptedWithErrors => Code is "AE" or "CE" || (Accepted && Errors.Any(e => e.Severity == "E"));
    public bool Rejected => !Accepted;

    public static Ack? Parse(string text)
    {
        var segments = text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0 || !segments[0].StartsWith("MSH", StringComparison.Ordinal) || segments[0].Length < 8)
        {
            return null;
        }
        var fieldSeparator = segments[0][3];
        var componentSeparator = segments[0][4];
        string? code = null;
        var controlId = "";
        var errors = new List<AckError>();
        foreach (var segment in segments)
        {
            var fields = segment.Split(fieldSeparator);
            string Field(int i) => i < fields.Length ? fields[i] : "";
            string Component(string field, int i)
            {
                var parts = field.Split(componentSeparator);
                return i - 1 < parts.Length ? Hl7Segment.Unescape(parts[i - 1]) : "";
            }
            switch (fields[0])
            {
                case "MSA":
                    code = Field(1).Trim();
                    controlId = Hl7Segment.Unescape(Field(2));
                    break;
                case "ERR":
                    var location = string.Join('-', Field(2).Split(componentSeparator).Where(p => p.Length > 0));
                    // ERR-8 is the user message, ERR-7 the diagnostic information: registries fill one or the other.
                    var words = Hl7Segment.Unescape(Field(8).Length > 0 ? Field(8) : Field(7));
                    errors.Add(new AckError(Field(4).Length > 0 ? Field(4)[..1] : "E", location, Component(Field(3), 1),
                        words.Length > 0 ? words : Component(Field(3), 2)));
                    break;
            }
        }
        return code is { Length: 2 } ? new Ack(code, controlId, errors) : null;
    }
}
