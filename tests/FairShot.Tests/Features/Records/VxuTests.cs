using System.Text.Json;
using FairShot.Domain;
using FairShot.Features.Records.Hl7;

namespace FairShot.Tests.Features.Records;

/// <summary>
/// The VXU we send, judged by software we did not write: the NIST Z22 profile and constraints in
/// shared/fixtures, and two npm HL7 parsers (structure groups, data types, fields read back).
/// </summary>
public sealed class VxuTests
{
    private static readonly VxuParties Parties = new("FAIRSHOT", "PIMA-HD", "AZIIS", "AZDHS");
    private static readonly DateTimeOffset Sent = new(2021, 3, 1, 9, 41, 7, TimeSpan.FromHours(-7));

    private static VxuPatient Patient(string family = "Reyes", string given = "Marta") =>
        new("FS7K2M9Q4XTA", "PIMA-HD", family, given, new DateOnly(1946, 5, 17), "85701", "+15205550123", "marta@example.org");

    private static VxuDose Dose(VxuAction action = VxuAction.Add, AdministrationOutcome outcome = AdministrationOutcome.Given, string? lot = "EL9261") =>
        new("0193a1b2c3d4e5f60718293a4b5c6d7e", action, outcome, new DateOnly(2021, 3, 1), "208",
            "COVID-19, mRNA, LNP-S, PF, 30 mcg/0.3 mL dose", 0.3m, lot, new DateOnly(2021, 6, 30), "PFR", "Pfizer, Inc",
            "IM", "LD", "Okafor", "Grace", "PIMA-CLINIC-1",
            Vis: new VisGiven("253088698300033211210501", "COVID-19 Pfizer BioNTech EUA Recipient-Caregiver Fact Sheet", new DateOnly(2021, 3, 1)));

    private static string Message(VxuPatient? patient = null, VxuDose? dose = null) =>
        Vxu.Write(Vxu.Build("FS-20210301-000001", Sent, Parties, patient ?? Patient(), dose ?? Dose()));

    private static Z22Conformance Z22()
    {
        var checker = Z22Conformance.Load();
        Assert.SkipWhen(checker is null, "shared/fixtures is not present on this machine");
        return checker!;
    }

    [Fact]
    public void Z22Checker_OnTheNistExampleMessages_FindsNothing()
    {
        var z22 = Z22();
        var files = Directory.GetFiles(Z22Conformance.FixturesPath, "*_Send_V04_Z22.hl7");
        Assert.Equal(5, files.Length);
        foreach (var file in files)
        {
            Assert.Empty(z22.Check(File.ReadAllText(file)).Select(p => $"{Path.GetFileName(file)}: {p}"));
        }
    }

    [Fact]
    public void Vxu_ForADoseGiven_MeetsTheZ22Profile()
    {
        Assert.Empty(Z22().Check(Message()));
    }

    [Fact]
    public void Vxu_ForARefusal_MeetsTheZ22Profile()
    {
        var message = Message(dose: Dose(outcome: AdministrationOutcome.Refused, lot: null));
        Assert.Empty(Z22().Check(message));
        var rxa = Segment(message, "RXA");
        Assert.Equal("999", rxa[6]);
        Assert.Equal("RE", rxa[20]);
        Assert.StartsWith("03^", rxa[18]);
        Assert.StartsWith("9999^", Segment(message, "ORC")[3]);
    }

    [Fact]
    public void Z22Checker_AMessageWithoutTheLot_Fails()
    {
        var problems = Z22().Check(Message(dose: Dose(lot: null)));
        Assert.Contains(problems, p => p.StartsWith("[RXA]15", StringComparison.Ordinal));
    }

    [Fact]
    public void Z22Checker_AMessageWithoutTheVfcObservation_Fails()
    {
        var withoutVfc = string.Concat(Message().Split('\r', StringSplitOptions.RemoveEmptyEntries)
            .Where(s => !s.Contains("|64994-7^", StringComparison.Ordinal)).Select(s => s + "\r"));
        var problems = Z22().Check(withoutVfc);
        Assert.Contains(problems, p => p.StartsWith("IZ-23", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(VxuAction.Add, "A")]
    [InlineData(VxuAction.Update, "U")]
    [InlineData(VxuAction.Delete, "D")]
    public void Vxu_ActionCode_IsRxa21(VxuAction action, string code)
    {
        var message = Message(dose: Dose(action));
        Assert.Equal(code, Segment(message, "RXA")[21]);
        Assert.Equal("0193a1b2c3d4e5f60718293a4b5c6d7e^FAIRSHOT", Segment(message, "ORC")[3]);
    }

    [Fact]
    public void Vxu_Header_CarriesTheOffsetTypeVersionAndProfile()
    {
        var msh = Message().Split('\r')[0];
        Assert.StartsWith(@"MSH|^~\&|FAIRSHOT|PIMA-HD|AZIIS|AZDHS|20210301094107-0700||VXU^V04^VXU_V04|FS-20210301-000001|P|2.5.1|||ER|AL|||||Z22^CDCPHINVS", msh);
    }

    [Fact]
    public async Task Vxu_ReadByIndependentParsers_GroupsAsTheStandardAndReadsBackWhatWasSent()
    {
        var hostile = Patient(family: @"O'Brien|Smith^Jr", given: @"Ana~María\&Co");
        var message = Message(hostile);

        var result = await Checkers.RunAsync("hl7-check.mjs", message, "PID-5.1", "PID-5.2", "PID-3.1", "RXA-5.1", "RXA-15", "RXA-17.1", "RXA-21", "RXR-1.1", "MSH-7");

        var structure = result.GetProperty("structure").GetProperty("VXU_V04");
        Assert.Equal(["MSH", "PID", "PD1"], structure.EnumerateArray().Take(3).Select(e => e.GetString()!).ToArray());
        var order = structure[3].GetProperty("ORDER");
        Assert.Equal(["ORC", "RXA", "RXR"], order.EnumerateArray().Take(3).Select(e => e.GetString()!).ToArray());
        Assert.Equal(4, order.EnumerateArray().Count(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("OBSERVATION", out _)));
        Assert.Equal(JsonValueKind.Null, result.GetProperty("strictError").ValueKind);

        string Field(string path) => result.GetProperty("fields").GetProperty(path)[0].GetString()!;
        string Value(string path) => result.GetProperty("values").GetProperty(path)[0].GetString()!;
        // As encoded (medplum), then decoded (hl7v2): the delimiters in the name never split a field.
        Assert.Equal(@"O'Brien\F\Smith\S\Jr", Field("PID-5.1"));
        Assert.Equal(@"O'Brien|Smith^Jr", Value("PID-5.1"));
        Assert.Equal(@"Ana~María\&Co", Value("PID-5.2"));
        Assert.Equal("FS7K2M9Q4XTA", Field("PID-3.1"));
        Assert.Equal("208", Field("RXA-5.1"));
        Assert.Equal("EL9261", Field("RXA-15"));
        Assert.Equal("PFR", Field("RXA-17.1"));
        Assert.Equal("A", Field("RXA-21"));
        Assert.Equal("C28161", Field("RXR-1.1"));
        Assert.Equal("20210301094107-0700", Field("MSH-7"));
    }

    [Fact]
    public async Task Vxu_WithANonNumericAmount_IsRefusedByTheStrictParser()
    {
        // The checker must be able to say no: an administered amount that is not a number breaks strict parsing.
        var broken = Message().Replace("|0.3|mL^", "|a third|mL^", StringComparison.Ordinal);
        Assert.NotEqual(Message(), broken);
        var result = await Checkers.RunAsync("hl7-check.mjs", broken);
        Assert.Contains("RXA.6", result.GetProperty("strictError").GetString());
    }

    [Fact]
    public void Ack_WithErrors_IsReadWithEachErrSegment()
    {
        var ack = Ack.Parse("MSH|^~\\&|AZIIS|AZDHS|FAIRSHOT|PIMA-HD|20210301094108-0700||ACK^V04^ACK|A1|P|2.5.1|||NE|NE|||||Z23^CDCPHINVS\r"
            + "MSA|AR|FS-20210301-000001\r"
            + "ERR||RXA^1^15^1^1|101^Required field missing^HL70357|E||||Lot number is required\r")!;
        Assert.True(ack.Rejected);
        Assert.Equal("FS-20210301-000001", ack.ControlId);
        var error = Assert.Single(ack.Errors);
        Assert.Equal(("E", "RXA-1-15-1-1", "101", "Lot number is required"), (error.Severity, error.Location, error.Code, error.Text));
    }

    [Fact]
    public void Ack_TheNistExampleAcks_AreAccepted()
    {
        Z22();
        foreach (var file in Directory.GetFiles(Z22Conformance.FixturesPath, "*_Receive_ACK_Z23.hl7"))
        {
            var ack = Ack.Parse(File.ReadAllText(file));
            Assert.NotNull(ack);
            Assert.Equal("AA", ack.Code);
            Assert.False(ack.AcceptedWithErrors);
        }
    }

    private static string[] Segment(string message, string id)
    {
        var fields = message.Split('\r').First(s => s.StartsWith(id + "|", StringComparison.Ordinal)).Split('|');
        return id == "MSH" ? ["MSH", "|", .. fields[1..]] : fields;
    }
}
