using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace FairShot.Tests.Features.Records;

/// <summary>
/// Checks an HL7 v2 VXU against the NIST Z22 profile in shared/fixtures: every field the profile's
/// segment definitions mark R (required) must be valued and no field may be longer than its
/// MaxLength (both read from VXU-Z22_Profile.xml), and the conformance statements and predicates of
/// VXU-Z22_Constraints.xml that apply to one message, each named by its ID. It knows nothing of
/// FairShot: it is proved on the five NIST example messages (all pass) before it judges ours.
/// Value-set membership (CVX, VIS barcodes) is not checked: the 2016 library predates COVID-19.
/// </summary>
internal sealed partial class Z22Conformance
{
    private readonly Dictionary<string, List<(int Position, string Name, string Usage, int MaxLength, string Datatype)>> _segments = [];
    private readonly Dictionary<string, List<int>> _componentLengths = [];

    private Z22Conformance(XDocument profile)
    {
        foreach (var datatype in profile.Descendants("Datatype").Where(d => d.Elements("Component").Any()))
        {
            _componentLengths[(string)datatype.Attribute("ID")!] = datatype.Elements("Component")
                .Select(c => int.TryParse((string?)c.Attribute("MaxLength"), out var max) ? max : int.MaxValue).ToList();
        }
        foreach (var segment in profile.Descendants("Segment").Where(s => s.Attribute("Name") is not null))
        {
            var name = (string)segment.Attribute("Name")!;
            var id = (string?)segment.Attribute("ID") ?? "";
            if (!id.Contains("IZ", StringComparison.Ordinal))
            {
                continue; // only the IZ-constrained definitions (MSH_IZ, PID_IZ, RXA_IZ ...)
            }
            var fields = segment.Elements("Field").Select((f, i) => (i + 1, (string)f.Attribute("Name")!, (string)f.Attribute("Usage")!,
                int.TryParse((string?)f.Attribute("MaxLength"), out var max) ? max : int.MaxValue, (string?)f.Attribute("Datatype") ?? "")).ToList();
            _segments[name] = fields;
        }
    }

    public static string FixturesPath => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../../shared/fixtures/hl7v2"));

    public static Z22Conformance? Load()
    {
        var profile = Path.Combine(FixturesPath, "profile/VXU-Z22_Profile.xml");
        return File.Exists(profile) ? new Z22Conformance(XDocument.Load(profile)) : null;
    }

    public IReadOnlyList<string> Check(string message)
    {
        var problems = new List<string>();
        var segments = message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(Parse).ToList();

        // Usage R and lengths, from the profile.
        foreach (var segment in segments)
        {
            if (!_segments.TryGetValue(segment.Id, out var definition))
            {
                continue;
            }
            foreach (var (position, name, usage, max, datatype) in definition)
            {
                var value = segment.Field(position);
                if (usage == "R" && value.Length == 0)
                {
                    problems.Add($"{segment.Id}-{position} ({name}) is required (profile usage R)");
                }
                if (segment.Id.Equals("MSH", StringComparison.Ordinal) && position <= 2)
                {
                    continue;
                }
                foreach (var repetition in value.Split('~'))
                {
                    // A composite's length is its components' (the datatype's), as the NIST tools check it; a primitive's is the field's.
                    if (_componentLengths.TryGetValue(datatype, out var lengths))
                    {
                        var components = repetition.Split('^');
                        for (var c = 0; c < components.Length && c < lengths.Count; c++)
                        {
                            if (components[c].Length > lengths[c])
                            {
                                problems.Add($"{segment.Id}-{position}.{c + 1} ({name}) is {components[c].Length} long, more than {lengths[c]}");
                            }
                        }
                    }
                    else if (repetition.Length > max)
                    {
                        problems.Add($"{segment.Id}-{position} ({name}) is {repetition.Length} long, more than {max}");
                    }
                }
            }
        }

        var msh = segments.FirstOrDefault(s => s.Id == "MSH");
        if (msh is null)
        {
            return ["no MSH segment"];
        }
        void Require(bool ok, string what)
        {
            if (!ok)
            {
                problems.Add(what);
            }
        }
        Require(msh.Field(2) == @"^~\&", "IZ-13 MSH-2 SHALL be ^~\\&");
        Require(TsWithZone().IsMatch(msh.Component(7, 1)), "IZ-TS_Z MSH-7 SHALL be YYYYMMDDHHMMSS+-ZZZZ");
        Require(msh.Field(9) == "VXU^V04^VXU_V04", "IZ-17 MSH-9 SHALL be VXU^V04^VXU_V04");
        Require(msh.Component(12, 1) == "2.5.1", "IZ-15 MSH-12 SHALL be 2.5.1");
        Require(msh.Field(15) == "ER", "IZ-42 MSH-15 SHALL be ER");
        Require(msh.Field(16) == "AL", "IZ-41 MSH-16 SHALL be AL");
        Require(msh.Field(21).Split('~')[0] == "Z22^CDCPHINVS", "IZ-43 MSH-21 SHALL be Z22^CDCPHINVS");
        foreach (var pid in segments.Where(s => s.Id == "PID"))
        {
            Require(pid.Field(1) == "1", "IZ-46 PID-1 SHALL be 1");
            Require(DateOnlyFormat().IsMatch(pid.Component(7, 1)), "IZ-TS_NZ PID-7 SHALL be YYYYMMDD");
        }

        // Each ORDER group: ORC, RXA, RXR?, OBX*.
        for (var i = 0; i < segments.Count; i++)
        {
            if (segments[i].Id != "ORC")
            {
                continue;
            }
            var orc = segments[i];
            var rxa = i + 1 < segments.Count && segments[i + 1].Id == "RXA" ? segments[i + 1] : null;
            if (rxa is null)
            {
                problems.Add("ORDER group: ORC without RXA");
                continue;
            }
            var group = segments.Skip(i + 2).TakeWhile(s => s.Id is "RXR" or "OBX" or "NTE").ToList();
            var observations = group.Where(s => s.Id == "OBX").ToList();
            var status = rxa.Field(20);
            var given = status is "CP" or "PA";
            var newRecord = rxa.Component(9, 1) == "00";

            Require(orc.Field(1) == "RE", "IZ-25 ORC-1 SHALL be RE");
            Require(rxa.Field(1) == "0", "IZ-28 RXA-1 SHALL be 0");
            Require(rxa.Field(2) == "1", "IZ-29 RXA-2 SHALL be 1");
            Require(DateOnlyFormat().IsMatch(rxa.Component(3, 1)), "IZ-TS_NZ RXA-3 SHALL be YYYYMMDD");
            Require(rxa.Field(6) == "999" || rxa.Field(7).Length > 0, "[RXA]7 RXA-7 is required when RXA-6 is not 999");
            Require(status != "RE" || rxa.Field(6) == "999", "IZ-48 a refusal's RXA-6 SHALL be 999");
            Require(!given || newRecord || rxa.Component(9, 1) == "01", "IZ-31 RXA-9.1 SHALL be from NIP001 when RXA-20 is CP or PA");
            Require(given || rxa.Field(9).Length == 0, "IZ-47 RXA-9 SHALL NOT be valued unless RXA-20 is CP or PA");
            Require(rxa.Field(18).Length == 0 || status == "RE", "IZ-32 RXA-18 valued means RXA-20 SHALL be RE");
            Require(status != "RE" || rxa.Field(18).Length > 0, "[RXA]18 RXA-18 is required for a refusal");
            Require(!(newRecord && given) || rxa.Field(15).Length > 0, "[RXA]15 RXA-15 (lot) is required for a new administered dose");
            Require(!newRecord || rxa.Field(17).Length > 0, "[RXA]17 RXA-17 (manufacturer) is required for a new administered dose");
            Require(rxa.Component(5, 1) == "998" || rxa.Field(21).Length > 0, "[RXA]21 RXA-21 (action code) is required");
            Require(status is not ("NA" or "RE") || orc.Component(3, 1) == "9999", "IZ-45 ORC-3.1 SHALL be 9999 when RXA-20 is NA or RE");
            Require(!(given && newRecord) || observations.Any(o => o.Component(3, 1) == "64994-7"),
                "IZ-23 a new administered dose SHALL have an OBX 64994-7 (VFC eligibility)");
            for (var k = 0; k < observations.Count; k++)
            {
                Require(observations[k].Field(1) == (k + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "NIST-01 OBX-1 SHALL be sequential from 1 within the group");
                Require(observations[k].Field(11) == "F", "IZ-22 OBX-11 SHALL be F");
                Require(int.TryParse(observations[k].Field(4), out var sub) && sub > 0, "IZ-44 OBX-4 SHALL be a positive integer");
                Require(observations[k].Field(14).Length == 0 || DateOnlyFormat().IsMatch(observations[k].Component(14, 1)), "IZ-TS_NZ OBX-14 SHALL be YYYYMMDD");
            }
        }
        return problems;
    }

    private static Segment Parse(string text)
    {
        var fields = text.Split('|');
        // MSH-1 is the separator itself: shift so Field(n) is MSH-n.
        return fields[0] == "MSH" ? new Segment("MSH", ["MSH", "|", .. fields[1..]]) : new Segment(fields[0], fields);
    }

    private sealed record Segment(string Id, string[] Fields)
    {
        public string Field(int n) => n < Fields.Length ? Fields[n] : "";
        public string Component(int field, int n)
        {
            var parts = Field(field).Split('~')[0].Split('^');
            return n - 1 < parts.Length ? parts[n - 1] : "";
        }
    }

    [GeneratedRegex(@"^\d{14}(\.\d{1,4})?[+-]\d{4}$")]
    private static partial Regex TsWithZone();

    [GeneratedRegex(@"^\d{8}$")]
    private static partial Regex DateOnlyFormat();
}
