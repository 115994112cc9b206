using System.Net;
using System.Net.Http.Json;
using FairShot.Domain;
using FairShot.Features.Backfill;
using FairShot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Tests.Features;

public sealed class RosterTests : FreshAppTest
{
    private async Task<HttpResponseMessage> UploadAsync(string csv, string occupation = "teacher") =>
        await (await Flow.AdminAsync()).PostAsJsonAsync("/api/v1/admin/rosters", new { employer = "Hillsboro R-3 School District", occupation, zipCode = "63050", csv });

    [Fact]
    public async Task ARoster_RegistersNewPeople_MatchesRegisteredOnes_AndCanBeTargeted()
    {
        var existing = await Flow.RegisterAsync("teacher");
        var known = await App.WithDbAsync(db => db.People.SingleAsync(p => p.Id == Guid.Parse(existing.Id)));
        var csv = "first_name,last_name,date_of_birth,email,phone\r\n" +
                  "Ana,Ruiz,1980-04-02,ana.ruiz@hillsboro.k12.mo.us,\r\n" +
                  "\"Bo, Jr.\",Lee,1975-09-30,,573-555-0142\r\n" +
                  $"{known.FirstName},{known.LastName},{known.DateOfBirth:yyyy-MM-dd},{known.Email},\r\n";

        var imported = await (await UploadAsync(csv)).JsonAsync();

        Assert.Equal(2, imported.GetProperty("registered").GetInt32());
        Assert.Equal(1, imported.GetProperty("matched").GetInt32());
        var rosterId = Guid.Parse(imported.GetProperty("id").GetString()!);
        var fromRoster = await App.WithDbAsync(db => db.People.Where(p => p.RosterId == rosterId).ToListAsync());
        Assert.Equal(["Ana", "Bo, Jr."], fromRoster.Select(p => p.FirstName).Order());
        Assert.All(fromRoster, p => Assert.Equal(RegistrationSource.Roster, p.Source));
        Assert.All(fromRoster, p => Assert.Equal("frontline-essential", p.GroupCode));

        // A backfill for the roster invites its people only (phase 1b opened for the purpose).
        await Flow.RegisterAsync("teacher");
        var (_, dayId, _) = await Flow.ClinicDayAsync();
        var admin = await Flow.AdminAsync();
        await (await admin.PostAsync("/api/v1/admin/phases/1b/open", null)).JsonAsync();
        var filled = await (await admin.PostAsJsonAsync($"/api/v1/admin/clinic-days/{dayId}/backfill", new { rosterId, count = 10 })).JsonAsync();
        Assert.Equal(3, filled.GetProperty("issued").GetInt32());
        var members = await App.WithDbAsync(db => db.RosterMembers.Where(m => m.RosterId == rosterId).Select(m => m.PersonId).ToListAsync());
        var invited = await App.WithDbAsync(db => db.Invitations.Select(i => i.PersonId).ToListAsync());
        Assert.Equal(members.Order(), invited.Order());
        Assert.All(await App.WithDbAsync(db => db.Invitations.ToListAsync()), i => Assert.Equal(InvitationKind.Roster, i.Kind));
    }

    [Fact]
    public async Task ARosterWithBadLines_ImportsNothing_AndNamesEveryBadLine()
    {
        var before = await App.WithDbAsync(db => db.People.CountAsync());
        var csv = "first_name,last_name,date_of_birth,email\n" +
                  "Ana,Ruiz,1980-04-02,ana@example.org\n" +
                  "Carl,,1970-01-01,carl@example.org\n" +
                  "Dee,Fox,2099-01-01,dee@example.org\n" +
                  "Eve,Gray,1990-02-02,\n" +
                  "Ana,Ruiz,1980-04-02,ana2@example.org\n";

        var problem = await (await UploadAsync(csv)).AssertProblemAsync(HttpStatusCode.BadRequest, "csv");

        var messages = problem.GetProperty("errors").GetProperty("csv").EnumerateArray().Select(m => m.GetString()!).ToList();
        Assert.Contains(messages, m => m.StartsWith("Line 3: lastName", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Line 4: dateOfBirth", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Line 5: email", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Line 6: the same person as line 2", StringComparison.Ordinal));
        Assert.DoesNotContain(messages, m => m.StartsWith("Line 2:", StringComparison.Ordinal));
        Assert.Equal(before, await App.WithDbAsync(db => db.People.CountAsync()));
        Assert.Equal(0, await App.WithDbAsync(db => db.Rosters.CountAsync()));
    }

    [Fact]
    public async Task ARosterWithAQuotedComma_KeepsTheCommaInTheName()
    {
        var csv = "\uFEFFFirst Name,LAST_NAME,Date_Of_Birth,Email\r\n\"Bo, Jr.\",Lee,1975-09-30,bo@example.org\r\n";

        var imported = await (await UploadAsync(csv)).JsonAsync();

        var rosterId = Guid.Parse(imported.GetProperty("id").GetString()!);
        var person = await App.WithDbAsync(db => db.People.SingleAsync(p => p.RosterId == rosterId));
        Assert.Equal(("Bo, Jr.", "Lee"), (person.FirstName, person.LastName));
    }

    [Fact]
    public async Task ARosterWithALineBreakInAQuotedField_NamesBadLinesAsTheFileCountsThem()
    {
        // Line 2 holds a last name broken over two lines (2 and 3), itself refused (a line break is a
        // control character, not allowed in names); the bad row after it is on line 4.
        var csv = "first_name,last_name,date_of_birth,email\n" +
                  "Ana,\"Ruiz\nGarcía\",1980-04-02,ana@example.org\n" +
                  "Carl,,1970-01-01,carl@example.org\n";

        var problem = await (await UploadAsync(csv)).AssertProblemAsync(HttpStatusCode.BadRequest, "csv");

        var messages = problem.GetProperty("errors").GetProperty("csv").EnumerateArray().Select(m => m.GetString()!).ToList();
        Assert.Equal(2, messages.Count);
        Assert.StartsWith("Line 2: lastName", messages[0], StringComparison.Ordinal);
        Assert.StartsWith("Line 4: lastName", messages[1], StringComparison.Ordinal);
        Assert.Equal(0, await App.WithDbAsync(db => db.Rosters.CountAsync()));
    }

    [Theory]
    [InlineData("first_name,last_name\nAna\n", "csv")]
    [InlineData("", "csv")]
    public async Task ARosterWithoutTheRequiredColumns_Is400(string csv, string field) =>
        await (await UploadAsync(csv)).AssertProblemAsync(HttpStatusCode.BadRequest, field);

    [Fact]
    public async Task ARosterForNoOccupation_Is400() =>
        await (await UploadAsync("first_name,last_name,date_of_birth,email\nA,B,1980-01-01,a@example.org\n", "none")).AssertProblemAsync(HttpStatusCode.BadRequest, "occupation");
}

public sealed class CsvTests
{
    [Fact]
    public void Parse_HandlesQuotesCommasAndLineEnds()
    {
        var rows = Csv.Parse("a,\"b, c\",\"say \"\"hi\"\"\"\r\nd,,e\nlast");

        Assert.Equal(["a", "b, c", "say \"hi\""], rows[0].Fields);
        Assert.Equal(["d", "", "e"], rows[1].Fields);
        Assert.Equal(["last"], rows[2].Fields);
        Assert.Equal([1, 2, 3], rows.Select(r => r.Line));
    }

    [Fact]
    public void Parse_AQuotedFieldWithALineBreak_IsOneField_AndLaterRowsKeepTheirFileLineNumbers()
    {
        var rows = Csv.Parse("\uFEFFfirst_name,notes\r\nAna,\"ground floor,\r\nroom 2\"\r\n\r\nBo,x\r\n");

        Assert.Equal(["first_name", "notes"], rows[0].Fields); // no byte-order mark in the first header
        Assert.Equal(["Ana", "ground floor,\r\nroom 2"], rows[1].Fields);
        Assert.Equal(["Bo", "x"], rows[2].Fields); // the empty line 4 is no row, but it is counted
        Assert.Equal([1, 2, 5], rows.Select(r => r.Line));
    }
}
