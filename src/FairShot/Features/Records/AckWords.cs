namespace FairShot.Features.Records;

/// <summary>
/// A registry's ERR segment in words a clinic lead can act on: which part of the record (the
/// field its location names), how bad, and the registry's own text.
/// </summary>
public static class AckWords
{
    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["MSH-4"] = "our facility id",
        ["MSH-6"] = "the registry's facility id",
        ["PID-3"] = "the person's record number",
        ["PID-5"] = "the person's name",
        ["PID-7"] = "the date of birth",
        ["PID-8"] = "the sex",
        ["PID-11"] = "the address",
        ["PID-13"] = "the phone or e-mail",
        ["ORC-3"] = "the record's id",
        ["ORC-10"] = "the vaccinator",
        ["RXA-3"] = "the date given",
        ["RXA-5"] = "the vaccine (CVX)",
        ["RXA-6"] = "the dose amount",
        ["RXA-10"] = "the vaccinator",
        ["RXA-11"] = "the place given",
        ["RXA-15"] = "the lot number",
        ["RXA-16"] = "the lot's expiry date",
        ["RXA-17"] = "the manufacturer (MVX)",
        ["RXA-18"] = "the refusal reason",
        ["RXA-20"] = "the completion status",
        ["RXA-21"] = "the action (add, update, delete)",
        ["RXR-1"] = "the route",
        ["RXR-2"] = "the body site",
        ["OBX-5"] = "an observation (eligibility or fact sheet)",
    };

    /// <summary>"Error in the lot number (RXA-15): Lot number is required for an administered dose".</summary>
    public static string Describe(string severity, string location, string text)
    {
        var how = severity switch
        {
            "W" => "Warning",
            "I" => "Note",
            _ => "Error",
        };
        // ERR-2 is segment^sequence^field^component...: "RXA-1-15-1" names RXA-15.
        var parts = location.Split('-');
        var field = parts.Length >= 3 ? $"{parts[0]}-{parts[2]}" : parts.Length == 2 ? location : "";
        var where = field.Length == 0 ? "" : Fields.TryGetValue(field, out var words) ? $" in {words} ({field})" : $" at {field}";
        var said = string.IsNullOrWhiteSpace(text) ? "the registry gave no text" : text.Trim();
        return $"{how}{where}: {said}";
    }
}
