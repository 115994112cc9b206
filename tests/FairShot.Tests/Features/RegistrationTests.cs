using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using FairShot.Domain;
using FairShot.Features.Eligibility;
using FairShot.Features.Registration;
using FairShot.Features.Status;
using FairShot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FairShot.Tests.Features;

public sealed partial class RegistrationTests(FairShotApp app) : IClassFixture<FairShotApp>
{
    // The fixture's clock: 2027-02-01 in America/Chicago.
    private static readonly DateOnly Today = new(2027, 2, 1);

    private static object Person(int age = 40, string occupation = "none", string setting = "home", string[]? conditions = null,
        string? email = null, string? phone = null, string? first = null, string last = "Rivera", string language = "en", DateOnly? dob = null) => new
        {
            firstName = first ?? "P" + Guid.NewGuid().ToString("N")[..8],
            lastName = last,
            dateOfBirth = (dob ?? Today.AddYears(-age).AddDays(-10)).ToString("yyyy-MM-dd"),
            email = email ?? (phone is null ? $"{Guid.NewGuid():N}@example.org" : null),
            phone,
            zipCode = "63050",
            occupation,
            setting,
            conditions = conditions ?? [],
            language,
        };

    private async Task<System.Text.Json.JsonElement> RegisterAsync(object body, HttpStatusCode expected = HttpStatusCode.Created) =>
        await (await app.CreateClient().PostAsJsonAsync("/api/v1/registrations", body)).JsonAsync(expected);

    [Theory]
    [InlineData(76, "none", "home", null, "1b", "age-75-plus")]
    [InlineData(40, "teacher", "home", null, "1b", "frontline-essential")]
    [InlineData(40, "none", "home", null, "general", "general")]
    [InlineData(35, "healthcare", "home", null, "1a", "healthcare-workers")]
    [InlineData(90, "none", "long-term-care", null, "1a", "long-term-care-residents")]
    [InlineData(70, "none", "home", null, "1c", "age-65-74")]
    [InlineData(50, "none", "home", "diabetes", "1c", "high-risk-16-64")]
    [InlineData(30, "grocery", "home", null, "1c", "other-essential")]
    [InlineData(78, "teacher", "home", null, "1b", "age-75-plus")]
    public async Task Register_PutsPeopleInTheirHighestPriorityGroup(int age, string occupation, string setting, string? condition, string phase, string group)
    {
        var response = await RegisterAsync(Person(age, occupation, setting, condition is null ? null : [condition]));

        Assert.Equal("waiting", response.GetProperty("status").GetString());
        Assert.Equal(group, response.GetProperty("priorityGroup").GetProperty("code").GetString());
        Assert.Equal(phase, response.GetProperty("phase").GetProperty("code").GetString());
        Assert.Equal(phase == "1a", response.GetProperty("phase").GetProperty("open").GetBoolean());
    }

    [Fact]
    public async Task Register_InSpanish_AnswersAndWritesToThePersonInSpanish()
    {
        var email = $"{Guid.NewGuid():N}@example.org";
        var response = await RegisterAsync(Person(78, email: email, language: "es"));

        Assert.Equal("Personas de 75 años o más", response.GetProperty("priorityGroup").GetProperty("name").GetString());
        var message = await app.WithDbAsync(db => db.Outbox.SingleAsync(m => m.Recipient == email));
        Assert.Equal("es", message.Language);
        Assert.Contains("Personas de 75 años o más", message.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_WithPhoneOnly_NormalisesToE164_AndTextsTheConfirmation()
    {
        var phone = $"(314) 555-{Random.Shared.Next(1000, 9999)}";
        var response = await RegisterAsync(Person(80, phone: phone));

        var id = Guid.Parse(response.GetProperty("id").GetString()!);
        var stored = await app.WithDbAsync(db => db.People.SingleAsync(p => p.Id == id));
        Assert.Matches(@"^\+1314555\d{4}$", stored.Phone);
        Assert.Null(stored.Email);
        Assert.Equal(NotificationChannel.Sms, (await app.WithDbAsync(db => db.Outbox.SingleAsync(m => m.Recipient == stored.Phone))).Channel);
    }

    public static TheoryData<string, object> Invalid => new()
    {
        { "dateOfBirth", Person(dob: Today.AddDays(1)) },
        { "dateOfBirth", Person(dob: Today.AddYears(-121)) },
        { "email", new { firstName = "Ana", lastName = "Ruiz", dateOfBirth = "1950-01-01", zipCode = "63050", occupation = "none", setting = "home" } },
        { "firstName", Person(first: new string('a', 5000)) },
        { "occupation", new { firstName = "Ana", lastName = "Ruiz", dateOfBirth = "1950-01-01", email = "ana@example.org", zipCode = "63050", occupation = "astronaut", setting = "home" } },
        { "setting", new { firstName = "Ana", lastName = "Ruiz", dateOfBirth = "1950-01-01", email = "ana@example.org", zipCode = "63050", occupation = "none", setting = "moon" } },
        { "zipCode", new { firstName = "Ana", lastName = "Ruiz", dateOfBirth = "1950-01-01", email = "ana@example.org", zipCode = "6305", occupation = "none", setting = "home" } },
        { "email", new { firstName = "Ana", lastName = "Ruiz", dateOfBirth = "1950-01-01", email = "ana@", zipCode = "63050", occupation = "none", setting = "home" } },
        { "phone", new { firstName = "Ana", lastName = "Ruiz", dateOfBirth = "1950-01-01", phone = "12345", zipCode = "63050", occupation = "none", setting = "home" } },
        { "conditions", new { firstName = "Ana", lastName = "Ruiz", dateOfBirth = "1950-01-01", email = "ana@example.org", zipCode = "63050", occupation = "none", setting = "home", conditions = new[] { "hiccups" } } },
        { "language", new { firstName = "Ana", lastName = "Ruiz", dateOfBirth = "1950-01-01", email = "ana@example.org", zipCode = "63050", occupation = "none", setting = "home", language = "fr" } },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task Register_InvalidInput_Is400NamingTheField_AndCreatesNobody(string field, object body)
    {
        var before = await app.WithDbAsync(db => db.People.CountAsync());

        var response = await app.CreateClient().PostAsJsonAsync("/api/v1/registrations", body);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, field);
        Assert.Equal(before, await app.WithDbAsync(db => db.People.CountAsync()));
    }

    [Theory]
    [InlineData("{\"firstName\": ")]
    [InlineData("{\"firstName\": 42}")]
    [InlineData("{\"conditions\": \"diabetes\"}")]
    public async Task Register_MalformedJson_Is400ProblemDetails(string json)
    {
        var response = await app.CreateClient().PostAsync("/api/v1/registrations", new StringContent(json, Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Register_SamePersonTwice_CreatesNothing_AnswersLikeANewOne_AndTellsTheContactOnFile()
    {
        var email = $"{Guid.NewGuid():N}@example.org";
        var other = $"{Guid.NewGuid():N}@example.org";
        await RegisterAsync(Person(77, first: "Dolores", last: "Núñez", email: email, dob: new DateOnly(1949, 5, 2)));

        // Same name (other case and accents) and date of birth, another contact.
        var again = await RegisterAsync(Person(77, first: "dolores", last: "NUNEZ", email: other, dob: new DateOnly(1949, 5, 2)));

        Assert.DoesNotContain(email, again.ToString(), StringComparison.OrdinalIgnoreCase);
        var answeredId = Guid.Parse(again.GetProperty("id").GetString()!);
        Assert.False(await app.WithDbAsync(db => db.People.AnyAsync(p => p.Id == answeredId))); // an id that names nobody
        Assert.Equal(1, await app.WithDbAsync(db => db.People.CountAsync(p => p.DateOfBirth == new DateOnly(1949, 5, 2))));
        Assert.Equal("You are already registered", (await app.WithDbAsync(db => db.Outbox.SingleAsync(m => m.Recipient == email && m.Template == "already-registered"))).Subject);
        Assert.False(await app.WithDbAsync(db => db.Outbox.AnyAsync(m => m.Recipient == other)));
    }

    [Fact]
    public async Task Register_SameContactAndBirthDate_UnderAnotherName_IsADuplicate()
    {
        var email = $"{Guid.NewGuid():N}@example.org";
        await RegisterAsync(Person(60, email: email, dob: new DateOnly(1966, 7, 7)));

        await RegisterAsync(Person(60, first: "Other", email: email.ToUpperInvariant(), dob: new DateOnly(1966, 7, 7)));

        Assert.Equal(1, await app.WithDbAsync(db => db.People.CountAsync(p => p.Email == email)));
        Assert.Equal(1, await app.WithDbAsync(db => db.Outbox.CountAsync(m => m.Recipient == email && m.Template == "already-registered")));
    }

    [Fact]
    public async Task Register_AHousehold_UpToTheLimitOnOneContact_ThenCreatesNobody_AndTellsTheContact()
    {
        var email = $"{Guid.NewGuid():N}@example.org";
        for (var i = 0; i < 6; i++)
        {
            await RegisterAsync(Person(30 + i, email: email));
        }

        await RegisterAsync(Person(80, email: email));

        Assert.Equal(6, await app.WithDbAsync(db => db.People.CountAsync(p => p.Email == email)));
        Assert.Equal(1, await app.WithDbAsync(db => db.Outbox.CountAsync(m => m.Recipient == email && m.Template == "household-full")));
    }

    [Fact]
    public async Task Register_TheSamePersonInParallel_LeavesExactlyOneRegistration()
    {
        var dob = new DateOnly(1944, 12, 24);
        var body = Person(82, first: "Racer", last: "Twin", dob: dob);

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => app.CreateClient().PostAsJsonAsync("/api/v1/registrations", body)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode)); // one answer for all twelve
        Assert.Equal(1, await app.WithDbAsync(db => db.People.CountAsync(p => p.DateOfBirth == dob && p.LastName == "Twin")));
    }

    [Fact]
    public async Task ReplacingTheRules_MovesPeople_AndTheAuditLogShowsIt()
    {
        var teacher = await RegisterAsync(Person(41, "teacher"));
        var id = teacher.GetProperty("id").GetString();
        var admin = await app.CreateStaffClientAsync();
        var rules = await (await admin.GetAsync("/api/v1/admin/eligibility")).JsonAsync();
        Assert.Equal(["1a", "1b", "1c", "general"], rules.GetProperty("phases").EnumerateArray().Select(p => p.GetProperty("code").GetString()));

        // Teachers move up into 1a.
        var replaced = new
        {
            phases = new object[]
            {
                new { code = "1a", name = "Phase 1a", groups = new object[] { new { code = "teachers-first", name = "Teachers", occupations = new[] { "teacher" } }, new { code = "healthcare-workers", name = "Health care", occupations = new[] { "healthcare" } } } },
                new { code = "1b", name = "Phase 1b", groups = new object[] { new { code = "age-75-plus", name = "75+", minAge = 75 } } },
                new { code = "general", name = "Everyone", groups = new object[] { new { code = "general", name = "Everyone else" } } },
            },
        };
        var result = await (await admin.PutAsJsonAsync("/api/v1/admin/eligibility", replaced)).JsonAsync();
        Assert.True(result.GetProperty("moved").GetInt32() >= 1);

        var person = await app.WithDbAsync(db => db.People.SingleAsync(p => p.Id == Guid.Parse(id!)));
        Assert.Equal("teachers-first", person.GroupCode);
        Assert.Equal("1a", person.PhaseCode);
        await app.SealAuditLogAsync();
        var audit = await (await admin.GetAsync("/api/v1/admin/audit?entityType=Eligibility")).JsonAsync();
        Assert.Equal("eligibility.replaced", audit.GetProperty("entries")[0].GetProperty("action").GetString());

        // Put the defaults back for the other tests in this class.
        var defaults = new { phases = rules.GetProperty("phases") };
        await (await admin.PutAsJsonAsync("/api/v1/admin/eligibility", defaults)).JsonAsync();
        Assert.Equal("frontline-essential", (await app.WithDbAsync(db => db.People.SingleAsync(p => p.Id == Guid.Parse(id!)))).GroupCode);
    }

    [Fact]
    public async Task ReplacingTheRules_WithoutAGeneralPhaseLast_Is400_AndChangesNothing()
    {
        var admin = await app.CreateStaffClientAsync();
        var bad = new { phases = new object[] { new { code = "1a", name = "Only", groups = new object[] { new { code = "x", name = "X", minAge = 80 } } } } };

        await (await admin.PutAsJsonAsync("/api/v1/admin/eligibility", bad)).AssertProblemAsync(HttpStatusCode.BadRequest, "phases");
        Assert.Equal(4, await app.WithDbAsync(db => db.Phases.CountAsync()));
    }

    [Fact]
    public async Task OpeningAPhase_IsAudited_AndShowsInTheAnswer()
    {
        var admin = await app.CreateStaffClientAsync();

        var opened = await (await admin.PostAsync("/api/v1/admin/phases/1c/open", null)).JsonAsync();
        Assert.True(opened.GetProperty("open").GetBoolean());
        var person = await RegisterAsync(Person(68));
        Assert.True(person.GetProperty("phase").GetProperty("open").GetBoolean());

        await (await admin.PostAsync("/api/v1/admin/phases/1c/close", null)).JsonAsync();
        await (await admin.PostAsync("/api/v1/admin/phases/zz/open", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        await app.SealAuditLogAsync();
        var audit = await (await admin.GetAsync("/api/v1/admin/audit?entityType=Phase&entityId=1c")).JsonAsync();
        Assert.Equal(["phase.closed", "phase.opened"], audit.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()));
    }

    [Fact]
    public async Task ABirthday_MovesAPersonIntoTheOlderGroup_WhenRecomputed()
    {
        await using var own = new FairShotApp();
        await own.InitializeAsync();
        var birthday = Today.AddDays(3).AddYears(-75);
        var created = await (await own.CreateClient().PostAsJsonAsync("/api/v1/registrations", Person(dob: birthday))).JsonAsync(HttpStatusCode.Created);
        Assert.Equal("age-65-74", created.GetProperty("priorityGroup").GetProperty("code").GetString());

        own.Clock.Advance(TimeSpan.FromDays(3));
        await using (var scope = own.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<EligibilityRules>().RecomputeAsync(Actor.System, CancellationToken.None);
        }

        Assert.Equal("age-75-plus", await own.WithDbAsync(db => db.People.Select(p => p.GroupCode).SingleAsync()));
    }

    [Fact]
    public async Task CallCentre_RegistersSomeoneByPhone_AndTheRegistrationNamesTheAgent()
    {
        var admin = await app.CreateStaffClientAsync();
        var email = $"agent-{Guid.NewGuid():N}@test.local";
        var agent = await (await admin.PostAsJsonAsync("/api/v1/admin/staff", new { email, displayName = "Call Agent", roles = new[] { "CallCentre" } })).JsonAsync(HttpStatusCode.Created);
        var agentClient = await app.CreateStaffClientAsync(email, agent.GetProperty("initialPassword").GetString()!);

        var created = await (await agentClient.PostAsJsonAsync("/api/v1/admin/registrations", Person(81, phone: $"573555{Random.Shared.Next(1000, 9999)}"))).JsonAsync(HttpStatusCode.Created);

        var person = await app.WithDbAsync(db => db.People.SingleAsync(p => p.Id == Guid.Parse(created.GetProperty("id").GetString()!)));
        Assert.Equal(RegistrationSource.Staff, person.Source);
        Assert.Equal(Guid.Parse(agent.GetProperty("staff").GetProperty("id").GetString()!), person.RegisteredByStaffId);
    }

    [Fact]
    public async Task CorrectingARegistration_KeepsThePlaceInLine_AndIsAudited()
    {
        var created = await RegisterAsync(Person(45, first: "Jon"));
        var id = created.GetProperty("id").GetString()!;
        var before = await app.WithDbAsync(db => db.People.SingleAsync(p => p.Id == Guid.Parse(id)));
        var admin = await app.CreateStaffClientAsync();

        var corrected = await (await admin.PutAsJsonAsync($"/api/v1/admin/registrations/{id}",
            new { firstName = "John", lastName = before.LastName, dateOfBirth = before.DateOfBirth.ToString("yyyy-MM-dd"), email = before.Email, zipCode = "63010", occupation = "firefighter", setting = "home" })).JsonAsync();

        Assert.Equal("frontline-essential", corrected.GetProperty("priorityGroup").GetProperty("code").GetString());
        var after = await app.WithDbAsync(db => db.People.SingleAsync(p => p.Id == Guid.Parse(id)));
        Assert.Equal(before.RegisteredAt, after.RegisteredAt);
        Assert.Equal(before.TieBreaker, after.TieBreaker);
        Assert.Equal("John", after.FirstName);
        await app.SealAuditLogAsync();
        var audit = await (await admin.GetAsync($"/api/v1/admin/audit?entityType=Person&entityId={id}")).JsonAsync();
        Assert.Equal("registration.corrected", audit.GetProperty("entries")[0].GetProperty("action").GetString());
    }

    [Fact]
    public async Task TheLine_IsOrderedByPhaseThenGroupThenRegistrationTime_AndFilters()
    {
        await using var own = new FairShotApp();
        await own.InitializeAsync();
        async Task<string> AddAsync(object body)
        {
            own.Clock.Advance(TimeSpan.FromMinutes(1));
            return (await (await own.CreateClient().PostAsJsonAsync("/api/v1/registrations", body)).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        }
        var general = await AddAsync(Person(30));
        var older = await AddAsync(Person(80));
        var nurse = await AddAsync(Person(30, "healthcare"));
        var teacher = await AddAsync(Person(30, "teacher"));
        var older2 = await AddAsync(Person(79));

        var admin = await own.CreateStaffClientAsync();
        var line = await (await admin.GetAsync("/api/v1/admin/line")).JsonAsync();
        Assert.Equal([nurse, older, older2, teacher, general], line.GetProperty("people").EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        var phase1b = await (await admin.GetAsync("/api/v1/admin/line?phase=1b")).JsonAsync();
        Assert.Equal(3, phase1b.GetProperty("total").GetInt32());
        await (await admin.GetAsync("/api/v1/admin/line?status=sleeping")).AssertProblemAsync(HttpStatusCode.BadRequest, "status");
    }

    // --- where do I stand? ---------------------------------------------------------------------

    [GeneratedRegex(@"\b(\d{6})\b")]
    private static partial Regex SixDigits();

    private async Task<string> LatestCodeAsync(string contact) =>
        SixDigits().Match((await app.WithDbAsync(db => db.Outbox.Where(m => m.Recipient == contact && m.Template == "status-code")
            .OrderByDescending(m => m.CreatedAt).FirstAsync())).Body).Groups[1].Value;

    [Fact]
    public async Task StatusCode_AnswersTheSame_ForAKnownAndAnUnknownContact()
    {
        var email = $"{Guid.NewGuid():N}@example.org";
        await RegisterAsync(Person(77, email: email));
        var client = app.CreateClient();

        var known = await client.PostAsJsonAsync("/api/v1/registrations/status/code", new { contact = email });
        var unknown = await client.PostAsJsonAsync("/api/v1/registrations/status/code", new { contact = $"{Guid.NewGuid():N}@example.org" });

        Assert.Equal(HttpStatusCode.Accepted, known.StatusCode);
        Assert.Equal(known.StatusCode, unknown.StatusCode);
        Assert.Equal(await known.Content.ReadAsStringAsync(), await unknown.Content.ReadAsStringAsync());
        Assert.Equal(6, (await LatestCodeAsync(email)).Length);
    }

    [Fact]
    public async Task Status_WithTheCode_ShowsGroupPhaseAndPeopleAhead_AndTheCodeWorksOnce()
    {
        var email = $"{Guid.NewGuid():N}@example.org";
        await RegisterAsync(Person(77, email: email, first: "Irma"));
        var client = app.CreateClient();
        await client.PostAsJsonAsync("/api/v1/registrations/status/code", new { contact = email });
        var code = await LatestCodeAsync(email);

        var status = await (await client.PostAsJsonAsync("/api/v1/registrations/status", new { contact = email, code })).JsonAsync();

        var me = Assert.Single(status.GetProperty("people").EnumerateArray());
        Assert.Equal("Irma", me.GetProperty("firstName").GetString());
        Assert.Equal("age-75-plus", me.GetProperty("priorityGroup").GetProperty("code").GetString());
        Assert.False(me.GetProperty("phase").GetProperty("open").GetBoolean());
        Assert.True(me.GetProperty("peopleAhead").GetInt32() >= 0);
        await (await client.PostAsJsonAsync("/api/v1/registrations/status", new { contact = email, code })).AssertProblemAsync(HttpStatusCode.BadRequest, "code");
    }

    [Fact]
    public async Task Status_AfterFiveWrongCodes_RefusesEvenTheRightOne()
    {
        var email = $"{Guid.NewGuid():N}@example.org";
        await RegisterAsync(Person(77, email: email));
        var client = app.CreateClient();
        await client.PostAsJsonAsync("/api/v1/registrations/status/code", new { contact = email });
        var code = await LatestCodeAsync(email);
        var wrong = code == "000000" ? "111111" : "000000";

        // Parallel guesses share one counter in the database.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.PostAsJsonAsync("/api/v1/registrations/status", new { contact = email, code = wrong })));

        await (await client.PostAsJsonAsync("/api/v1/registrations/status", new { contact = email, code })).AssertProblemAsync(HttpStatusCode.BadRequest, "code");
        var subject = OneTimeCode.HashSubject(email);
        Assert.Equal(OneTimeCode.MaxAttempts, await app.WithDbAsync(db => db.OneTimeCodes.Where(c => c.Subject == subject).Select(c => c.Attempts).SingleAsync()));
    }

    [Fact]
    public async Task Status_CodeExpiresAfterTenMinutes_AndARepeatRequestKeepsTheLiveCode()
    {
        var email = $"{Guid.NewGuid():N}@example.org";
        await RegisterAsync(Person(77, email: email));
        var client = app.CreateClient();
        (await client.PostAsJsonAsync("/api/v1/registrations/status/code", new { contact = email })).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var first = await LatestCodeAsync(email);
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        (await client.PostAsJsonAsync("/api/v1/registrations/status/code", new { contact = email })).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        Assert.Equal(1, await app.WithDbAsync(db => db.Outbox.CountAsync(m => m.Template == "status-code" && m.Recipient == email))); // the live code was kept, nothing sent

        app.Clock.Advance(TimeSpan.FromMinutes(11));
        await (await client.PostAsJsonAsync("/api/v1/registrations/status", new { contact = email, code = first })).AssertProblemAsync(HttpStatusCode.BadRequest, "code");

        // Refused for its age, not because codes never work: a fresh one just short of ten minutes old still does.
        (await client.PostAsJsonAsync("/api/v1/registrations/status/code", new { contact = email })).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var third = await LatestCodeAsync(email);
        app.Clock.Advance(TimeSpan.FromMinutes(9));
        await (await client.PostAsJsonAsync("/api/v1/registrations/status", new { contact = email, code = third })).JsonAsync();
    }

    [Fact]
    public async Task StatusCode_IsCappedPerContactPerDay()
    {
        var email = $"{Guid.NewGuid():N}@example.org";
        await RegisterAsync(Person(77, email: email));
        var client = app.CreateClient();

        // Asked for again each time the last code expires (a live code is never replaced): the cap is per day.
        for (var i = 0; i < StatusLookup.DailySendCap + 5; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsJsonAsync("/api/v1/registrations/status/code", new { contact = email })).StatusCode);
            app.Clock.Advance(OneTimeCode.Lifetime + TimeSpan.FromSeconds(1));
        }

        Assert.Equal(StatusLookup.DailySendCap, await app.WithDbAsync(db => db.Outbox.CountAsync(m => m.Recipient == email && m.Template == "status-code")));
    }
}

public sealed class RegistrationInputTests
{
    [Theory]
    [InlineData("573-555-0123", "+15735550123")]
    [InlineData("(573) 555 0123", "+15735550123")]
    [InlineData("1 573 555 0123", "+15735550123")]
    [InlineData("+1 573.555.0123", "+15735550123")]
    [InlineData("+44 20 7946 0958", "+442079460958")]
    [InlineData("555-0123", null)]
    [InlineData("073-555-0123", null)]
    [InlineData("call me", null)]
    public void NormalizePhone_AcceptsUsFormats_AndE164(string input, string? expected) =>
        Assert.Equal(expected, RegistrationInput.NormalizePhone(input));

    [Theory]
    [InlineData(" Ana@Example.ORG ", "ana@example.org")]
    [InlineData("ana@localhost", null)]
    [InlineData("ana example.org", null)]
    public void NormalizeEmail_LowerCasesAndRefusesOddities(string input, string? expected) =>
        Assert.Equal(expected, RegistrationInput.NormalizeEmail(input));

    [Theory]
    [InlineData("2000-02-29", "2075-02-28", 74)]
    [InlineData("2000-02-29", "2075-03-01", 75)]
    [InlineData("1950-06-15", "2027-06-14", 76)]
    [InlineData("1950-06-15", "2027-06-15", 77)]
    public void AgeOn_CountsBirthdaysTheWayTheDatabaseDoes(string dob, string on, int age) =>
        Assert.Equal(age, CodeList.AgeOn(DateOnly.Parse(dob, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void NormalizeName_IgnoresCaseAccentsAndSpacing() =>
        Assert.Equal(Person.NormalizeName("María José", "Núñez-García"), Person.NormalizeName(" maria  jose ", "NUNEZ GARCIA"));
}

public sealed class BirthdayRegroupingTests
{
    [Fact]
    public async Task TheDailyRegrouping_RunsOncePerCountyDay_EvenWithTwoInstancesRacing()
    {
        await using var app = new FairShotApp();
        await app.InitializeAsync();
        var dob = new DateOnly(2027, 2, 3).AddYears(-75); // turns 75 two days after the fixture's start
        await (await app.CreateClient().PostAsJsonAsync("/api/v1/registrations", new
        {
            firstName = "Berta",
            lastName = "Lang",
            dateOfBirth = dob.ToString("yyyy-MM-dd"),
            email = "berta@example.org",
            zipCode = "63050",
            occupation = "none",
            setting = "home",
        })).JsonAsync(HttpStatusCode.Created);
        var instanceA = ActivatorUtilities.CreateInstance<BirthdayRegrouping>(app.Services);
        var instanceB = ActivatorUtilities.CreateInstance<BirthdayRegrouping>(app.Services);

        var first = await Task.WhenAll(instanceA.RunIfDueAsync(CancellationToken.None), instanceB.RunIfDueAsync(CancellationToken.None));
        Assert.Equal(1, first.Count(ran => ran));
        Assert.Equal("age-65-74", await app.WithDbAsync(db => db.People.Select(p => p.GroupCode).SingleAsync()));

        app.Clock.Advance(TimeSpan.FromDays(2));
        var second = await Task.WhenAll(instanceA.RunIfDueAsync(CancellationToken.None), instanceB.RunIfDueAsync(CancellationToken.None));
        Assert.Equal(1, second.Count(ran => ran));
        Assert.Equal("age-75-plus", await app.WithDbAsync(db => db.People.Select(p => p.GroupCode).SingleAsync()));
        Assert.Equal(2, await app.WithDbAsync(db => db.JobRuns.CountAsync(r => r.Job == BirthdayRegrouping.JobName && r.FinishedAt != null)));
    }
}
