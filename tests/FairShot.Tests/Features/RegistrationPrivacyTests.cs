using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using FairShot.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Tests.Features;

/// <summary>
/// Security review (issue 10), findings 2, 3, 5 and the name rules of 11: a resident's sign-up
/// answers the same whoever is registered, what differs goes only to the contact on file (once a
/// day), sign-ups are limited per address and per contact, names carry no links or hidden
/// characters and compare clean, and a status code takes the same work for a known and an unknown
/// contact.
/// </summary>
public sealed partial class RegistrationPrivacyTests(FairShotApp app) : IClassFixture<FairShotApp>
{
    // The fixture's clock: 2027-02-01 in America/Chicago.
    private static readonly DateOnly Today = new(2027, 2, 1);

    private static Dictionary<string, object?> Person(string? first = null, string last = "Privacy", DateOnly? dob = null, string? email = null, string? phone = null) => new()
    {
        ["firstName"] = first ?? "P" + Guid.NewGuid().ToString("N")[..8],
        ["lastName"] = last,
        ["dateOfBirth"] = (dob ?? Today.AddYears(-50).AddDays(-Random.Shared.Next(1, 3000))).ToString("yyyy-MM-dd"),
        ["email"] = email ?? (phone is null ? $"{Guid.NewGuid():N}@example.org" : null),
        ["phone"] = phone,
        ["zipCode"] = "63050",
        ["occupation"] = "none",
        ["setting"] = "home",
        ["language"] = "en",
    };

    private static string Email() => $"{Guid.NewGuid():N}@example.org";

    private static Task<HttpResponseMessage> PostAsync(FairShotApp on, object body) => on.CreateClient().PostAsJsonAsync("/api/v1/registrations", body);

    /// <summary>Status, the answer's members with their values (the id and Location only as "a fresh id").</summary>
    private static async Task<string> ShapeAsync(HttpResponseMessage response)
    {
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var members = json.EnumerateObject().Select(p => p.Name == "id" ? "id=" + (Guid.TryParse(p.Value.GetString(), out var id) && id.Version == 7) : p.Name + "=" + p.Value).ToList();
        var location = response.Headers.Location?.OriginalString ?? "";
        return $"{(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType} location={location.StartsWith("/api/v1/registrations/", StringComparison.Ordinal)} {string.Join(" ", members)}";
    }

    // --- Finding 2: one answer --------------------------------------------------------------------

    [Fact]
    public async Task Register_NewDuplicateAndFullHousehold_GetTheSameAnswer_WithAnIdThatNamesNobody()
    {
        var onFile = Person(first: "Rosa", last: "Parkes", email: Email(), dob: new DateOnly(1970, 3, 3));
        await (await PostAsync(app, onFile)).JsonAsync(HttpStatusCode.Created);
        var household = Email();
        for (var i = 0; i < 6; i++)
        {
            await (await PostAsync(app, Person(email: household))).JsonAsync(HttpStatusCode.Created);
        }

        var fresh = await PostAsync(app, Person());
        var duplicate = await PostAsync(app, Person(first: "ROSA", last: "parkes", email: Email(), dob: new DateOnly(1970, 3, 3)));
        var full = await PostAsync(app, Person(email: household));

        var shape = await ShapeAsync(fresh);
        Assert.StartsWith("201 application/json location=True id=True", shape, StringComparison.Ordinal);
        Assert.Equal(shape, await ShapeAsync(duplicate));
        Assert.Equal(shape, await ShapeAsync(full));
        foreach (var answer in new[] { duplicate, full })
        {
            var id = Guid.Parse((await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
            Assert.False(await app.WithDbAsync(db => db.People.AnyAsync(p => p.Id == id)));
        }
        Assert.Equal(6, await app.WithDbAsync(db => db.People.CountAsync(p => p.Email == household)));
    }

    [Fact]
    public async Task Register_FullHousehold_TellsOnlyTheContactOnFile_InItsLanguage_QuotingNothingTyped()
    {
        var household = Email();
        for (var i = 0; i < 6; i++)
        {
            var member = Person(email: household);
            member["language"] = "es";
            await (await PostAsync(app, member)).JsonAsync(HttpStatusCode.Created);
        }

        var seventh = Person(first: "Intruso", email: household);
        seventh["language"] = "es";
        await (await PostAsync(app, seventh)).JsonAsync(HttpStatusCode.Created);

        var notice = await app.WithDbAsync(db => db.Outbox.SingleAsync(m => m.Recipient == household && m.Template == "household-full"));
        Assert.Equal("es", notice.Language);
        Assert.Contains("6 personas", notice.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Intruso", notice.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignUp_NewAndDuplicate_ShowTheSameDonePage()
    {
        var email = Email();
        async Task<string> SignUpAsync(string contact)
        {
            var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            var token = await Forms.TokenAsync(client, "/register?lang=en");
            var posted = await client.PostAsync("/register?handler=Confirm", SignUpForm(token, "Carmen", "Doble", contact));
            Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
            Assert.Equal("/register/done", posted.Headers.Location?.OriginalString);
            var done = await client.GetAsync("/register/done");
            return $"{(int)done.StatusCode} {MainElement().Match(await done.Content.ReadAsStringAsync()).Value}";
        }

        var first = await SignUpAsync(email);
        var again = await SignUpAsync(Email()); // same name and birth date, another contact

        Assert.Contains("Check your messages", first, StringComparison.Ordinal);
        Assert.Equal(first, again);
        Assert.Equal(1, await app.WithDbAsync(db => db.People.CountAsync(p => p.LastName == "Doble")));
        Assert.Equal(1, await app.WithDbAsync(db => db.Outbox.CountAsync(m => m.Recipient == email && m.Template == "already-registered")));
    }

    [GeneratedRegex("<main[^>]*>.*</main>", RegexOptions.Singleline)]
    private static partial Regex MainElement();

    private static FormUrlEncodedContent SignUpForm(string token, string first, string last, string email, string step = "5", string go = "confirm") => new(new Dictionary<string, string>
    {
        ["__RequestVerificationToken"] = token,
        ["Step"] = step,
        ["Go"] = go,
        ["FirstName"] = first,
        ["LastName"] = last,
        ["BirthMonth"] = "5",
        ["BirthDay"] = "14",
        ["BirthYear"] = "1951",
        ["Email"] = email,
        ["ZipCode"] = "63050",
        ["Occupation"] = "none",
        ["Setting"] = "home",
    });

    [Fact]
    public async Task StaffRegistering_ADuplicate_IsToldItIsOne()
    {
        var body = Person(first: "Agnes", last: "Console", dob: new DateOnly(1955, 8, 8));
        await (await PostAsync(app, body)).JsonAsync(HttpStatusCode.Created);
        var agent = await app.CreateStaffClientAsync();

        body["email"] = Email();
        var again = await agent.PostAsJsonAsync("/api/v1/admin/registrations", body);

        await again.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    // --- Finding 5: limits, links, one notice ---------------------------------------------------

    [Fact]
    public async Task Register_TwentyDuplicates_SendTheRealPersonOneNoticeADay()
    {
        var email = Email();
        var dob = new DateOnly(1948, 4, 4);
        await (await PostAsync(app, Person(first: "Imelda", last: "Flood", email: email, dob: dob))).JsonAsync(HttpStatusCode.Created);

        for (var i = 0; i < 20; i++)
        {
            await (await PostAsync(app, Person(first: "Imelda", last: "Flood", email: Email(), dob: dob))).JsonAsync(HttpStatusCode.Created);
        }

        Assert.Equal(1, await app.WithDbAsync(db => db.Outbox.CountAsync(m => m.Recipient == email && m.Template == "already-registered")));
        var id = (await app.WithDbAsync(db => db.People.SingleAsync(p => p.Email == email))).Id.ToString();
        Assert.Equal(20, await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "registration.duplicate-refused" && e.EntityId == id)));
    }

    [Fact]
    public async Task Register_ADuplicateADayLater_IsToldAgain()
    {
        await using var own = new FairShotApp();
        await own.InitializeAsync();
        var email = Email();
        var dob = new DateOnly(1950, 6, 6);
        await (await PostAsync(own, Person(first: "Nora", last: "Later", email: email, dob: dob))).JsonAsync(HttpStatusCode.Created);
        await (await PostAsync(own, Person(first: "Nora", last: "Later", email: Email(), dob: dob))).JsonAsync(HttpStatusCode.Created);
        await (await PostAsync(own, Person(first: "Nora", last: "Later", email: Email(), dob: dob))).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(1, await own.WithDbAsync(db => db.Outbox.CountAsync(m => m.Recipient == email && m.Template == "already-registered")));

        own.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await (await PostAsync(own, Person(first: "Nora", last: "Later", email: Email(), dob: dob))).JsonAsync(HttpStatusCode.Created);

        Assert.Equal(2, await own.WithDbAsync(db => db.Outbox.CountAsync(m => m.Recipient == email && m.Template == "already-registered")));
    }

    [Fact]
    public async Task Register_PastThePerAddressLimit_Gets429_OnTheApiAndTheFormsLastStep()
    {
        await using var own = new FairShotApp();
        own.With("RateLimits:RegistrationsPerMinute", "3");
        await own.InitializeAsync();

        var api = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            api.Add((await PostAsync(own, Person())).StatusCode);
        }

        var client = own.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var token = await Forms.TokenAsync(client, "/register?lang=en");
        var form = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            // A screen's Continue registers nobody and is not counted; the last step's Confirm is.
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/register", SignUpForm(token, "Form", "Limit" + i, Email(), step: "1", go: "next"))).StatusCode);
            form.Add((await client.PostAsync("/register?handler=Confirm", SignUpForm(token, "Form", "Limit" + i, Email()))).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], api);
        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], form);
        Assert.Equal(6, await own.WithDbAsync(db => db.People.CountAsync()));
    }

    [Fact]
    public async Task Register_PastThePerContactDailyCap_Gets429_EvenInParallel_AndStaffCanStillRegister()
    {
        await using var own = new FairShotApp();
        own.With("RateLimits:RegistrationsPerContactPerDay", "3");
        await own.InitializeAsync();
        var unknown = Email();

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => PostAsync(own, Person(email: unknown))));

        Assert.Equal(3, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.Equal(7, answers.Count(a => a.StatusCode == HttpStatusCode.TooManyRequests));
        await answers.First(a => a.StatusCode == HttpStatusCode.TooManyRequests).AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal(3, await own.WithDbAsync(db => db.People.CountAsync(p => p.Email == unknown)));
        var agent = await own.CreateStaffClientAsync();
        await (await agent.PostAsJsonAsync("/api/v1/admin/registrations", Person(email: unknown))).JsonAsync(HttpStatusCode.Created);

        own.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await (await PostAsync(own, Person(email: unknown))).JsonAsync(HttpStatusCode.Created);
    }

    public const string PhishingName = "Sam. URGENT your slot was cancelled rebook at https://evil.example";

    public static TheoryData<string> Refused => new()
    {
        PhishingName,
        "Sam rebook at evil.example",
        "Sam www.evil.test",
        "Sam sam@evil.example",
        "ｈｔｔｐｓ：／／evil",
        "Mar\0ta",
        "Mar\nta",
        "Mar\u202Eatr",
        "Mar\u2066ta\u2069",
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Register_ANameWithALinkOrAHiddenCharacter_Is400OnTheName_AndNoMessageCarriesIt(string name)
    {
        var email = Email();

        var response = await PostAsync(app, Person(first: name, email: email));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "firstName");
        Assert.Matches("web address|hidden character", problem.GetProperty("errors").GetProperty("firstName")[0].GetString()!);
        Assert.False(await app.WithDbAsync(db => db.People.AnyAsync(p => p.Email == email)));
        Assert.False(await app.WithDbAsync(db => db.Outbox.AnyAsync(m => m.Recipient == email)));
        Assert.False(await app.WithDbAsync(db => db.Outbox.AnyAsync(m => m.Body.Contains("evil.example"))));
    }

    [Fact]
    public async Task SignUp_ThePhishingName_IsRefusedOnTheFirstScreen_InSpanishToo()
    {
        var client = app.CreateClient();
        var token = await Forms.TokenAsync(client, "/register?lang=es");
        var form = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Step"] = "1",
            ["Go"] = "next",
            ["FirstName"] = PhishingName,
            ["LastName"] = "Okafor",
            ["BirthMonth"] = "5",
            ["BirthDay"] = "14",
            ["BirthYear"] = "1951",
        };

        var html = WebUtility.HtmlDecode(await (await client.PostAsync("/register", new FormUrlEncodedContent(form))).Content.ReadAsStringAsync());

        Assert.Contains("Paso 1 de 5", html, StringComparison.Ordinal);
        Assert.Contains("Un nombre no puede tener una dirección web", html, StringComparison.Ordinal);
    }

    // --- Finding 11: names compared and stored clean -----------------------------------------------

    [Fact]
    public async Task Register_ANameWithAZeroWidthCharacter_IsTheSamePersonAsWithout_AndIsStoredClean()
    {
        var email = Email();
        var dob = new DateOnly(1961, 9, 9);
        await (await PostAsync(app, Person(first: "Marta", last: "Invisible", email: email, dob: dob))).JsonAsync(HttpStatusCode.Created);

        await (await PostAsync(app, Person(first: "Mar\u200bta", last: "Invi\uFEFFsible", email: Email(), dob: dob))).JsonAsync(HttpStatusCode.Created);
        await (await PostAsync(app, Person(first: "Ｍａｒｔａ", last: "Invisible\u2060", email: Email(), dob: dob))).JsonAsync(HttpStatusCode.Created);

        var people = await app.WithDbAsync(db => db.People.Where(p => p.DateOfBirth == dob).ToListAsync());
        Assert.Single(people);
        Assert.Equal(1, await app.WithDbAsync(db => db.Outbox.CountAsync(m => m.Recipient == email && m.Template == "already-registered")));

        var clean = Email();
        await (await PostAsync(app, Person(first: "Jo\u200bsé", last: "Ｌｉｍｐｉｏ", email: clean))).JsonAsync(HttpStatusCode.Created);
        var stored = await app.WithDbAsync(db => db.People.SingleAsync(p => p.Email == clean));
        Assert.Equal(("José", "Limpio"), (stored.FirstName.Normalize(), stored.LastName));
    }

    [Fact]
    public async Task StaffRegistering_AZeroWidthTwin_IsADuplicate_AndADirectionOverrideIsRefused()
    {
        var dob = new DateOnly(1962, 10, 10);
        await (await PostAsync(app, Person(first: "Marta", last: "Agente", dob: dob))).JsonAsync(HttpStatusCode.Created);
        var agent = await app.CreateStaffClientAsync();

        await (await agent.PostAsJsonAsync("/api/v1/admin/registrations", Person(first: "Mar\u200bta", last: "Agente", dob: dob))).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await agent.PostAsJsonAsync("/api/v1/admin/registrations", Person(first: "Mar\u202Eta", last: "Agente"))).AssertProblemAsync(HttpStatusCode.BadRequest, "firstName");
    }

    [Theory]
    [InlineData("North\0 Clinic")]
    [InlineData("North \u202Ecinilc")]
    [InlineData("North\u2067 Clinic")]
    public async Task CreatingAClinic_WithAHiddenCharacterInTheName_Is400(string name)
    {
        var admin = await app.CreateStaffClientAsync();

        var response = await admin.PostAsJsonAsync("/api/v1/admin/clinics", new { name, address = "1 Main St", timeZone = "America/Chicago" });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "name");
    }

    [Fact]
    public async Task CreatingAClinic_StoresTheNameClean()
    {
        var admin = await app.CreateStaffClientAsync();
        var name = "Zero" + Guid.NewGuid().ToString("N")[..6];

        var created = await (await admin.PostAsJsonAsync("/api/v1/admin/clinics", new { name = $"{name}\u200b  Ｈａｌｌ", address = "1 Main St", timeZone = "America/Chicago" }))
            .JsonAsync(HttpStatusCode.Created);

        Assert.Equal($"{name} Hall", created.GetProperty("name").GetString());
    }

    // --- Finding 3: a status code takes the same work for a known and an unknown contact ---------

    [Fact]
    public async Task StatusCode_ForAnUnknownContact_QueuesNoMessage_AndKeepsOnlyAKeyedHash()
    {
        var unknown = Email();

        await (await app.CreateClient().PostAsJsonAsync("/api/v1/registrations/status/code", new { contact = unknown })).JsonAsync(HttpStatusCode.Accepted);

        // A silent code (so a repeat costs what it costs for a registered contact), never a message.
        Assert.False(await app.WithDbAsync(db => db.Outbox.AnyAsync(m => m.Recipient == unknown)));
        var subject = FairShot.Domain.OneTimeCode.HashSubject(unknown);
        Assert.False(await app.WithDbAsync(db => db.OneTimeCodes.AnyAsync(c => c.Subject.Contains(unknown))));
        Assert.Equal(1, await app.WithDbAsync(db => db.OneTimeCodes.CountAsync(c => c.Subject == subject)));
    }
}

/// <summary>
/// Finding 3, measured: many status-code requests for registered and for unknown contacts,
/// interleaved in random order so the machine's load falls on both alike, in an app of its own.
/// Before the fix a registered contact took about 1.6 times as long (a transaction that stores a
/// code and a message, against one query); the test asks that the medians be within a generous
/// 25 % of each other and that a threshold between them sort requests no better than 70 %, in at
/// least one of three rounds (a busy 2-core machine can spoil one).
/// </summary>
public sealed class StatusCodeTimingTests
{
    private const int Pairs = 150;
    private const double MedianMargin = 0.25;
    private const double ClassifierCeiling = 0.70;

    [Fact]
    public async Task StatusCode_TakesTheSameTime_ForARegisteredAndAnUnknownContact()
    {
        await using var app = new FairShotApp();
        await app.InitializeAsync();
        // Each registered contact may be sent ten codes a day: enough contacts that none reaches it.
        var known = new List<string>();
        for (var i = 0; i < 3 * Pairs / 8 + 1; i++)
        {
            var email = $"timing{i}-{Guid.NewGuid():N}@example.org";
            await (await app.CreateClient().PostAsJsonAsync("/api/v1/registrations", new
            {
                firstName = "Timing",
                lastName = "Contact" + new string((char)('a' + i % 26), 1 + i / 26),
                dateOfBirth = new DateOnly(1960, 1, 1).AddDays(i).ToString("yyyy-MM-dd"),
                email,
                zipCode = "63050",
                occupation = "none",
                setting = "home",
            })).JsonAsync(HttpStatusCode.Created);
            known.Add(email);
        }
        // Unknown contacts are asked for in the same pattern as the registered ones (each again after
        // the same number of requests), so both meet the same rules: a first request, then a live code.
        var unknown = known.Select(_ => $"{Guid.NewGuid():N}@example.org").ToList();
        var client = app.CreateClient();
        var (nextKnown, nextUnknown) = (0, 0);
        async Task<double> TimeAsync(bool registered)
        {
            var contact = registered ? known[nextKnown++ % known.Count] : unknown[nextUnknown++ % unknown.Count];
            var watch = Stopwatch.StartNew();
            var response = await client.PostAsJsonAsync("/api/v1/registrations/status/code", new { contact });
            watch.Stop();
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            return watch.Elapsed.TotalMilliseconds;
        }

        var rounds = new List<string>();
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 20; i++)
            {
                await TimeAsync(i % 2 == 0); // warm both paths
            }
            var registeredTimes = new List<double>();
            var unknownTimes = new List<double>();
            for (var i = 0; i < Pairs / 2; i++)
            {
                var registeredFirst = Random.Shared.Next(2) == 0;
                (registeredFirst ? registeredTimes : unknownTimes).Add(await TimeAsync(registeredFirst));
                (registeredFirst ? unknownTimes : registeredTimes).Add(await TimeAsync(!registeredFirst));
            }
            var (mr, mu) = (Median(registeredTimes), Median(unknownTimes));
            var gap = Math.Abs(mr - mu) / Math.Min(mr, mu);
            var threshold = (mr + mu) / 2;
            var slowerIsRegistered = mr >= mu;
            var right = registeredTimes.Count(t => t >= threshold == slowerIsRegistered) + unknownTimes.Count(t => t < threshold == slowerIsRegistered);
            var accuracy = right / (double)(registeredTimes.Count + unknownTimes.Count);
            rounds.Add($"registered {mr:F2} ms, unknown {mu:F2} ms (gap {gap:P0}), a threshold sorts {accuracy:P0}");
            if (gap <= MedianMargin && accuracy <= ClassifierCeiling)
            {
                return;
            }
        }
        Assert.Fail("A status-code request's time tells whether the contact is registered: " + string.Join("; ", rounds));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
