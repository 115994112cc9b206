using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FairShot.Domain;
using FairShot.Features.Records.HealthCards;
using FairShot.Tests.Infrastructure;
using FairShot.Tests.Vaccination;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FairShot.Tests.Features.Records;

/// <summary>
/// SMART Health Cards (spec v1.4), checked by software nobody on the team wrote: our verifier on the
/// spec's own examples; our cards with jose against the JWK set the app publishes; the QR with
/// Debian's zbarimg and with jsqr (which also names its segments); every part against the
/// health-cards-dev-tools schemas with ajv.
/// </summary>
public sealed partial class HealthCardTests(HealthCardTests.HealthCardApp app) : IClassFixture<HealthCardTests.HealthCardApp>
{
    public const string PublicBaseUrl = "https://vaccines.county.example";
    private readonly DeskFlow _desk = new(app);

    /// <summary>The app as a county would set it up, its public address with a trailing slash (the card's iss has none).</summary>
    public sealed class HealthCardApp : FairShotApp
    {
        public HealthCardApp() => With("PublicBaseUrl", PublicBaseUrl + "/");
    }

    public static string Fixtures => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../../shared/fixtures/smart-health-cards"));

    [GeneratedRegex("src=\"data:image/png;base64,([^\"]+)\"")]
    private static partial Regex QrImage();

    [GeneratedRegex("href=\"data:application/smart-health-card;base64,([^\"]+)\"")]
    private static partial Regex FileLink();

    [GeneratedRegex(@"\b(\d{6})\b")]
    private static partial Regex SixDigits();

    /// <summary>A person with one dose given (CVX 212, the lot named) and their appointment's confirmation code.</summary>
    private async Task<DeskFlow.Booked> VaccinatedAsync(string lot, string outcome = "given")
    {
        var (clinicId, _, day) = await _desk.DayAsync();
        var admin = await _desk.Flow.AdminAsync();
        await Stock.ReceiveAsync(admin, clinicId, "212", 10, lot: lot);
        var booked = await _desk.BookAsync(DeskFlow.Slot(day));
        var nurse = await _desk.NurseAsync(clinicId);
        (await DeskFlow.CheckInAsync(nurse, booked)).EnsureSuccessStatusCode();
        var recorded = outcome == "given" ? await DeskFlow.RecordAsync(nurse, booked, lot: lot) : await DeskFlow.RecordAsync(nurse, booked, outcome: outcome);
        await recorded.JsonAsync(HttpStatusCode.Created);
        return booked;
    }

    private async Task<string> CardAsync(string personId, HttpClient? client = null)
    {
        var answer = await (await (client ?? await _desk.Flow.AdminAsync()).GetAsync($"/api/v1/admin/people/{personId}/smart-health-card")).JsonAsync();
        return Assert.Single(answer.GetProperty("verifiableCredential").EnumerateArray()).GetString()!;
    }

    private async Task<JsonNode> JwksAsync() => JsonNode.Parse(await app.CreateClient().GetStringAsync("/.well-known/jwks.json"))!;

    private static async Task<JsonElement> CheckAsync(string jws, JsonNode jwks, JsonNode? file = null, byte[]? png = null) =>
        await Checkers.RunAsync("shc-check.mjs", new JsonObject
        {
            ["jws"] = jws,
            ["jwks"] = jwks.DeepClone(),
            ["file"] = file?.DeepClone(),
            ["png"] = png is null ? null : Convert.ToBase64String(png),
            ["schemas"] = Path.Combine(Fixtures, "schema"),
        }.ToJsonString());

    private static void AssertNoSchemaErrors(JsonElement check)
    {
        foreach (var part in check.GetProperty("schema").EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Array))
        {
            Assert.True(part.Value.GetArrayLength() == 0, $"{part.Name}: {part.Value}");
        }
        Assert.Equal(0, check.GetProperty("minimisation").GetArrayLength());
    }

    [Fact]
    public void Verify_TheSpecExamples_WithTheIssuersKeys_GivesTheMinifiedPayloadAndTheBundle()
    {
        Assert.SkipWhen(!Directory.Exists(Fixtures), "shared/fixtures is not present on this machine");
        var keys = JsonNode.Parse(File.ReadAllText(Path.Combine(Fixtures, "issuer/.well-known/jwks.json")))!["keys"]!.AsArray();
        foreach (var example in new[] { "example-00", "example-01" })
        {
            var jws = File.ReadAllText(Path.Combine(Fixtures, $"{example}-d-jws.txt")).Trim();
            var card = HealthCardCodec.Verify(jws, keys, out var reason);
            Assert.True(card is not null, $"{example}: {reason}");
            Assert.Equal(File.ReadAllBytes(Path.Combine(Fixtures, $"{example}-c-jws-payload-minified.json")), card!.PayloadBytes);
            Assert.Equal("https://spec.smarthealth.cards/examples/issuer", card.Issuer);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(File.ReadAllText(Path.Combine(Fixtures, $"{example}-a-fhirBundle.json"))),
                card.Payload["vc"]!["credentialSubject"]!["fhirBundle"]));
            // The QR's numeric value is the same JWS, two digits a character.
            Assert.Equal(jws, HealthCardQr.Jws(File.ReadAllText(Path.Combine(Fixtures, $"{example}-f-qr-code-numeric-value-0.txt")).Trim()));
            Assert.Equal(File.ReadAllText(Path.Combine(Fixtures, $"{example}-f-qr-code-numeric-value-0.txt")).Trim(), HealthCardQr.Numeric(jws));

        }

        // The other example's payload (valid DEFLATE, valid JSON) under this one's signature: refused.
        var first = File.ReadAllText(Path.Combine(Fixtures, "example-00-d-jws.txt")).Trim().Split('.');
        var second = File.ReadAllText(Path.Combine(Fixtures, "example-01-d-jws.txt")).Trim().Split('.');
        Assert.Null(HealthCardCodec.Verify($"{first[0]}.{second[1]}.{first[2]}", keys, out var refused));
        Assert.Equal("the signature does not verify", refused);
    }

    [Fact]
    public async Task Card_ForAPersonGivenADose_VerifiesWithJoseAgainstThePublishedKeys_AndMeetsTheSchemas()
    {
        Assert.SkipWhen(!Directory.Exists(Fixtures), "shared/fixtures is not present on this machine");
        var booked = await VaccinatedAsync("SHC001");
        var jws = await CardAsync(booked.PersonId);

        var response = await app.CreateClient().GetAsync("/.well-known/jwks.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("max-age", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        var jwks = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var key = jwks["keys"]!.AsArray().First()!;
        Assert.Equal(("EC", "P-256", "sig", "ES256"), (key["kty"]!.GetValue<string>(), key["crv"]!.GetValue<string>(), key["use"]!.GetValue<string>(), key["alg"]!.GetValue<string>()));
        Assert.Null(key["d"]);
        Assert.Equal(Jwk.Thumbprint(key["x"]!.GetValue<string>(), key["y"]!.GetValue<string>()), key["kid"]!.GetValue<string>());

        var check = await CheckAsync(jws, jwks, new JsonObject { ["verifiableCredential"] = new JsonArray(jws) });
        Assert.True(check.GetProperty("verified").GetBoolean(), check.GetProperty("error").GetString());
        var header = check.GetProperty("header");
        Assert.Equal(("ES256", "DEF", key["kid"]!.GetValue<string>()), (header.GetProperty("alg").GetString(), header.GetProperty("zip").GetString(), header.GetProperty("kid").GetString()));
        AssertNoSchemaErrors(check);
        Assert.Equal(64, Jwk.FromBase64Url(jws.Split('.')[2]).Length);

        var payload = JsonNode.Parse(check.GetProperty("payload").GetString()!)!;
        Assert.DoesNotContain("\n", check.GetProperty("payload").GetString()!, StringComparison.Ordinal);
        Assert.Equal(PublicBaseUrl, payload["iss"]!.GetValue<string>());
        Assert.Equal(app.Clock.GetUtcNow().ToUnixTimeSeconds(), payload["nbf"]!.GetValue<long>());
        Assert.Equal("https://smarthealth.cards#health-card", payload["vc"]!["type"]!.AsArray().Single()!.GetValue<string>());
        Assert.Equal("4.0.1", payload["vc"]!["credentialSubject"]!["fhirVersion"]!.GetValue<string>());
        var bundle = payload["vc"]!["credentialSubject"]!["fhirBundle"]!;
        Assert.Equal("collection", bundle["type"]!.GetValue<string>());
        var entries = bundle["entry"]!.AsArray();
        Assert.Equal(2, entries.Count);
        Assert.Equal(new[] { "resource:0", "resource:1" }, entries.Select(e => e!["fullUrl"]!.GetValue<string>()));
        var person = await app.WithDbAsync(db => db.People.AsNoTracking().SingleAsync(p => p.Id == Guid.Parse(booked.PersonId)));
        var patient = entries[0]!["resource"]!.AsObject();
        Assert.Equal(new[] { "birthDate", "name", "resourceType" }, patient.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(person.DateOfBirth.ToString("yyyy-MM-dd"), patient["birthDate"]!.GetValue<string>());
        Assert.Equal(person.LastName, patient["name"]![0]!["family"]!.GetValue<string>());
        var immunization = entries[1]!["resource"]!;
        Assert.Equal("completed", immunization["status"]!.GetValue<string>());
        Assert.Equal(("http://hl7.org/fhir/sid/cvx", "212"), (immunization["vaccineCode"]!["coding"]![0]!["system"]!.GetValue<string>(), immunization["vaccineCode"]!["coding"]![0]!["code"]!.GetValue<string>()));
        Assert.Equal("resource:0", immunization["patient"]!["reference"]!.GetValue<string>());
        Assert.Equal("SHC001", immunization["lotNumber"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(immunization["performer"]![0]!["actor"]!["display"]!.GetValue<string>()));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", immunization["occurrenceDateTime"]!.GetValue<string>());

        // Our verifier agrees with jose.
        Assert.NotNull(HealthCardCodec.Verify(jws, jwks["keys"]!.AsArray(), out _));
        // Issuing is audited.
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "health-card.issued" && a.EntityId == booked.PersonId)));
    }

    [Fact]
    public async Task PrintPage_OfACallersCard_HasAQrThatZbarAndJsqrReadAsTheFilesJws_InTwoSegments()
    {
        Assert.SkipWhen(!Directory.Exists(Fixtures), "shared/fixtures is not present on this machine");
        var booked = await VaccinatedAsync("SHC002");
        var (email, password, _) = await _desk.StaffAsync(StaffRoles.CallCentre);
        var console = await _desk.ConsoleAsync(email, password);
        var page = await console.GetAsync($"/console/registrations/{booked.PersonId}/health-card");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        var png = Convert.FromBase64String(WebUtility.HtmlDecode(QrImage().Match(html).Groups[1].Value));
        var file = JsonNode.Parse(Convert.FromBase64String(WebUtility.HtmlDecode(FileLink().Match(html).Groups[1].Value)))!;
        var jws = file["verifiableCredential"]![0]!.GetValue<string>();
        Assert.Contains("download=\"vaccination-card.smart-health-card\"", html, StringComparison.Ordinal);

        var zbar = await ZbarAsync(png);
        Assert.Equal("shc:/" + string.Concat(jws.Select(c => ((c - 45) / 10).ToString() + ((c - 45) % 10).ToString())), zbar);
        var check = await CheckAsync(jws, await JwksAsync(), file, png);
        Assert.True(check.GetProperty("verified").GetBoolean(), check.GetProperty("error").GetString());
        AssertNoSchemaErrors(check);
        var qr = check.GetProperty("qr");
        Assert.Equal(zbar, qr.GetProperty("text").GetString());
        Assert.Equal(new[] { "byte", "numeric" }, qr.GetProperty("segments").EnumerateArray().Select(s => s.GetString()));
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "health-card.issued" && a.EntityId == booked.PersonId && a.Summary.Contains("console-print"))));
    }

    private static async Task<string> ZbarAsync(byte[] png)
    {
        var file = Path.Combine(Path.GetTempPath(), $"fairshot-qr-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(file, png);
        try
        {
            var start = new ProcessStartInfo("zbarimg") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "--raw", "-q", file })
            {
                start.ArgumentList.Add(argument);
            }
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"zbarimg found no QR code ({process.ExitCode}): {error}");
            return output.TrimEnd('\n');
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Rotate_AfterACardWasIssued_SignsNewCardsWithTheNewKey_AndTheOldCardStillVerifies()
    {
        var booked = await VaccinatedAsync("SHC003");
        var before = await CardAsync(booked.PersonId);
        var admin = await _desk.Flow.AdminAsync();
        var rotated = await (await admin.PostAsync("/api/v1/admin/health-cards/keys/rotate", null)).JsonAsync();
        var newKid = rotated.GetProperty("kid").GetString()!;
        var after = await CardAsync(booked.PersonId);

        var keys = (await JwksAsync())["keys"]!.AsArray();
        Assert.Equal(newKid, keys[0]!["kid"]!.GetValue<string>());
        Assert.Equal(newKid, HealthCardCodec.Verify(after, keys, out _)!.Kid);
        var old = HealthCardCodec.Verify(before, keys, out var reason);
        Assert.True(old is not null, reason);
        Assert.NotEqual(newKid, old!.Kid);
        Assert.Equal(rotated.GetProperty("retiredKid").GetString(), old.Kid);
        var check = await CheckAsync(before, await JwksAsync());
        Assert.True(check.GetProperty("verified").GetBoolean(), check.GetProperty("error").GetString());
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "health-card-key.rotated" && a.EntityId == newKid)));
        Assert.NotNull(await app.WithDbAsync(db => db.HealthCardKeys.Where(k => k.Kid == old.Kid).Select(k => k.RetiredAt).SingleAsync()));

        // Only admins rotate.
        var (email, password, _) = await _desk.StaffAsync(StaffRoles.CallCentre);
        var caller = await app.CreateStaffClientAsync(email, password);
        Assert.Equal(HttpStatusCode.Forbidden, (await caller.PostAsync("/api/v1/admin/health-cards/keys/rotate", null)).StatusCode);
    }

    [Fact]
    public async Task Keys_InTheTable_HoldThePrivateKeyOnlyAsDataProtectionCiphertext()
    {
        await JwksAsync();
        var rows = await app.WithDbAsync(db => db.HealthCardKeys.AsNoTracking().ToListAsync());
        Assert.NotEmpty(rows);
        var protector = app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("FairShot.HealthCards.SigningKey.v1");
        foreach (var row in rows)
        {
            var stored = Convert.FromBase64String(row.ProtectedPrivateKey);
            using var ec = ECDsa.Create();
            Assert.ThrowsAny<CryptographicException>(() => ec.ImportPkcs8PrivateKey(stored, out _));
            ec.ImportPkcs8PrivateKey(protector.Unprotect(stored), out _);
            var d = ec.ExportParameters(true).D!;
            foreach (var form in new[] { Convert.ToBase64String(d), Jwk.Base64Url(d), Convert.ToHexString(d), Convert.ToHexString(d).ToLowerInvariant() })
            {
                Assert.DoesNotContain(form, row.ProtectedPrivateKey + row.PublicJwk, StringComparison.Ordinal);
            }
            Assert.Null(JsonNode.Parse(row.PublicJwk)!["d"]);
            Assert.Equal(Jwk.Public(ec.ExportParameters(false))["kid"]!.GetValue<string>(), row.Kid);
        }
    }

    [Fact]
    public async Task Card_ForAnUnknownPersonOrOneWithNoDoseGiven_IsAProblemAndForClinicStaffIsDenied()
    {
        var admin = await _desk.Flow.AdminAsync();
        await (await admin.GetAsync($"/api/v1/admin/people/{Guid.NewGuid()}/smart-health-card")).AssertProblemAsync(HttpStatusCode.NotFound);

        var refused = await VaccinatedAsync("SHC004", outcome: "refused");
        var problem = await (await admin.GetAsync($"/api/v1/admin/people/{refused.PersonId}/smart-health-card")).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("nothing to put on a card", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var registered = await _desk.Flow.RegisterAsync();
        await (await admin.GetAsync($"/api/v1/admin/people/{registered.Id}/smart-health-card")).AssertProblemAsync(HttpStatusCode.Conflict);

        var (email, password, _) = await _desk.StaffAsync(StaffRoles.CallCentre);
        var given = await VaccinatedAsync("SHC005");
        await CardAsync(given.PersonId, await app.CreateStaffClientAsync(email, password));
        var (clinicId, _, _) = await _desk.DayAsync();
        var nurse = await _desk.NurseAsync(clinicId);
        Assert.Equal(HttpStatusCode.Forbidden, (await nurse.GetAsync($"/api/v1/admin/people/{given.PersonId}/smart-health-card")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync($"/api/v1/admin/people/{given.PersonId}/smart-health-card")).StatusCode);
    }

    [Fact]
    public async Task Card_AfterTheDoseWasVoided_HasNothingOnIt()
    {
        var booked = await VaccinatedAsync("SHC006");
        var admin = await _desk.Flow.AdminAsync();
        var id = await app.WithDbAsync(db => db.Administrations.Where(a => a.PersonId == Guid.Parse(booked.PersonId)).Select(a => a.Id).SingleAsync());
        await (await admin.PostAsJsonAsync($"/api/v1/clinic/administrations/{id}/void", new { reason = "wrong person", returnToStock = true })).JsonAsync();
        await (await admin.GetAsync($"/api/v1/admin/people/{booked.PersonId}/smart-health-card")).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    private async Task<string> EmailOfAsync(string personId) =>
        (await app.WithDbAsync(db => db.People.AsNoTracking().SingleAsync(p => p.Id == Guid.Parse(personId)))).Email!;

    private async Task<string> LatestCodeAsync(string email, string template) =>
        SixDigits().Match((await app.WithDbAsync(db => db.Outbox.Where(m => m.Recipient == email && m.Template == template)
            .OrderByDescending(m => m.CreatedAt).FirstAsync())).Body).Groups[1].Value;

    [Fact]
    public async Task CardPage_FromTheConfirmationLink_NeedsTheOneTimeCode_ThenShowsTheQrAndTheFile()
    {
        var booked = await VaccinatedAsync("SHC007");
        var email = await EmailOfAsync(booked.PersonId);
        var resident = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var path = $"/appointments/{booked.ConfirmationCode}/card";

        var without = await resident.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, without.StatusCode);
        Assert.Equal($"/appointments/{booked.ConfirmationCode}", without.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, (await resident.GetAsync("/appointments/NOSUCHCODE/card")).StatusCode);

        (await resident.PostAsync($"/api/v1/appointments/{booked.ConfirmationCode}/code", null)).EnsureSuccessStatusCode();
        var code = await LatestCodeAsync(email, "appointment-code");
        var wrong = code == "000000" ? "111111" : "000000";
        Assert.Equal(HttpStatusCode.Unauthorized, (await resident.PostAsJsonAsync($"/api/v1/appointments/{booked.ConfirmationCode}/verify", new { code = wrong })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await resident.GetAsync(path)).StatusCode);
        var session = await (await resident.PostAsJsonAsync($"/api/v1/appointments/{booked.ConfirmationCode}/verify", new { code })).JsonAsync();
        resident.DefaultRequestHeaders.Add("Cookie", "fs-appointment=" + session.GetProperty("sessionToken").GetString());

        var page = await resident.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("no-store", page.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Your vaccination card", html, StringComparison.Ordinal);
        var file = JsonNode.Parse(Convert.FromBase64String(WebUtility.HtmlDecode(FileLink().Match(html).Groups[1].Value)))!;
        var jws = file["verifiableCredential"]![0]!.GetValue<string>();
        Assert.Equal(HealthCardQr.Numeric(jws), await ZbarAsync(Convert.FromBase64String(WebUtility.HtmlDecode(QrImage().Match(html).Groups[1].Value))));
        Assert.NotNull(HealthCardCodec.Verify(jws, (await JwksAsync())["keys"]!.AsArray(), out _));

        // In the resident's language when asked.
        Assert.Contains("Su tarjeta de vacunación", WebUtility.HtmlDecode(await resident.GetStringAsync(path + "?lang=es")), StringComparison.Ordinal);
        // The appointment page links to it.
        Assert.Contains(path, await resident.GetStringAsync($"/appointments/{booked.ConfirmationCode}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusPage_WithTheRightCode_ShowsTheCard_AndWithAWrongCodeShowsNothing()
    {
        var booked = await VaccinatedAsync("SHC008");
        var email = await EmailOfAsync(booked.PersonId);
        var resident = app.CreateClient();
        (await Forms.PostAsync(resident, "/status", "/status?handler=SendCode", ("Contact", email))).EnsureSuccessStatusCode();
        var code = await LatestCodeAsync(email, "status-code");
        var wrong = code == "000000" ? "111111" : "000000";

        var refused = await (await Forms.PostAsync(resident, "/status", "/status?handler=LookUp", ("Contact", email), ("Code", wrong))).Content.ReadAsStringAsync();
        Assert.DoesNotMatch(QrImage(), refused);
        Assert.DoesNotMatch(FileLink(), refused);

        var html = await (await Forms.PostAsync(resident, "/status", "/status?handler=LookUp", ("Contact", email), ("Code", code))).Content.ReadAsStringAsync();
        Assert.Contains("Show my vaccination card", html, StringComparison.Ordinal);
        var file = JsonNode.Parse(Convert.FromBase64String(WebUtility.HtmlDecode(FileLink().Match(html).Groups[1].Value)))!;
        var jws = file["verifiableCredential"]![0]!.GetValue<string>();
        Assert.Equal(HealthCardQr.Numeric(jws), await ZbarAsync(Convert.FromBase64String(WebUtility.HtmlDecode(QrImage().Match(html).Groups[1].Value))));
    }

    [Fact]
    public async Task TwoInstances_StartingOnOneEmptyDatabase_PublishAndSignWithOneKey()
    {
        await using var first = new FairShotApp();
        await first.InitializeAsync();
        await using var second = new SameDatabase(first);
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => (i % 2 == 0 ? first.CreateClient() : second.CreateClient()).GetStringAsync("/.well-known/jwks.json")));
        var kids = answers.Select(a => string.Join(",", JsonNode.Parse(a)!["keys"]!.AsArray().Select(k => k!["kid"]!.GetValue<string>()))).Distinct().ToList();
        Assert.Single(Assert.Single(kids).Split(','));
        Assert.Equal(1, await first.WithDbAsync(db => db.HealthCardKeys.CountAsync()));

        // A key one instance rotated in is what the other signs with.
        var rotated = await (await (await first.CreateStaffClientAsync()).PostAsync("/api/v1/admin/health-cards/keys/rotate", null)).JsonAsync();
        await using var scope = second.Services.CreateAsyncScope();
        using var key = await scope.ServiceProvider.GetRequiredService<HealthCardKeyRing>().CurrentAsync(CancellationToken.None);
        Assert.Equal(rotated.GetProperty("kid").GetString(), key.Kid);
        var jws = HealthCardCodec.Sign(Encoding.UTF8.GetBytes("{}"), key);
        Assert.NotNull(HealthCardCodec.Verify(jws, JsonNode.Parse(await first.CreateClient().GetStringAsync("/.well-known/jwks.json"))!["keys"]!.AsArray(), out _));
    }

    /// <summary>A second app instance on the first one's database and settings.</summary>
    private sealed class SameDatabase(FairShotApp first) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("Database:Provider", first.Database.Provider.ToString());
            builder.UseSetting("ConnectionStrings:FairShot", first.Database.ConnectionString);
            builder.UseSetting("Bootstrap:AdminEmail", FairShotApp.AdminEmail);
            builder.UseSetting("Bootstrap:AdminPassword", FairShotApp.AdminPassword);
            builder.UseSetting("Notifications:Directory", first.OutboxDirectory);
            foreach (var off in new[] { "Notifications:Dispatcher:Enabled", "Registry:Dispatcher:Enabled", "Audit:Sealer:Enabled", "Jobs:Enabled", "Demo:Seed" })
            {
                builder.UseSetting(off, "false");
            }
        }
    }
}
