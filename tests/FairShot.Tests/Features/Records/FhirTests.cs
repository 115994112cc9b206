using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FairShot.Domain;
using FairShot.Features.Records.Fhir;
using FairShot.Tests.Infrastructure;
using FairShot.Tests.Vaccination;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FairShot.Tests.Features.Records;

/// <summary>Two app instances on one database and one clock, as production runs N of them.</summary>
public sealed class FhirApps : IAsyncLifetime
{
    public const string PublicBaseUrl = "https://shots.example.gov";

    public FairShotApp A { get; } = new FairShotApp().With("PublicBaseUrl", PublicBaseUrl);
    public FairShotApp B { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await A.InitializeAsync();
        B = FairShotApp.Sharing(A).With("PublicBaseUrl", PublicBaseUrl);
        await B.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
    }
}

/// <summary>
/// FHIR R4 reads and the bulk export, checked by Firely's validator (0 errors on every resource we
/// serve) and across two instances: one builds an export, the other serves its files.
/// </summary>
public sealed class FhirTests(FhirApps apps) : IClassFixture<FhirApps>
{
    private readonly FairShotApp _a = apps.A;
    private readonly FairShotApp _b = apps.B;
    private readonly DeskFlow _desk = new(apps.A);

    private static FhirExporter ExporterOf(FairShotApp app) => app.Services.GetRequiredService<FhirExporter>();

    private static async Task<string> FhirJsonAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        return body;
    }

    private static async Task AssertOutcomeAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await FhirJsonAsync(response, status);
        Assert.Equal("OperationOutcome", JsonDocument.Parse(body).RootElement.GetProperty("resourceType").GetString());
        FhirValidation.AssertValid(body);
    }

    /// <summary>A person with one record of each kind we keep apart: given, refused, not given, given then voided.</summary>
    private async Task<(string PersonId, string Administration)> RecordedAsync(string lot, string? outcome = null, string? reason = null, bool voided = false)
    {
        var (clinicId, _, day) = await _desk.DayAsync();
        var admin = await _desk.Flow.AdminAsync();
        await Stock.ReceiveAsync(admin, clinicId, "212", 10, lot: lot);
        var booked = await _desk.BookAsync(DeskFlow.Slot(day));
        var nurse = await _desk.NurseAsync(clinicId);
        (await DeskFlow.CheckInAsync(nurse, booked)).EnsureSuccessStatusCode();
        var id = (await (await DeskFlow.RecordAsync(nurse, booked, lot: outcome is null ? lot : null, outcome: outcome, reason: reason))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("administrationId").GetString()!;
        if (voided)
        {
            await (await admin.PostAsJsonAsync($"/api/v1/clinic/administrations/{id}/void", new { reason = "wrong person", returnToStock = true })).JsonAsync();
        }
        return (booked.PersonId, id);
    }

    private static HttpRequestMessage ExportRequest(string query = "", bool prefer = true, string? accept = "application/fhir+json")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/fhir/$export" + query);
        if (prefer)
        {
            request.Headers.Add("Prefer", "respond-async");
        }
        if (accept is not null)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        }
        return request;
    }

    /// <summary>Starts an export and returns its status path (the Content-Location, made relative to reach either instance).</summary>
    private static async Task<string> StartExportAsync(HttpClient admin, string query = "")
    {
        var started = await admin.SendAsync(ExportRequest(query));
        Assert.True(started.StatusCode == HttpStatusCode.Accepted, $"{(int)started.StatusCode}: {await started.Content.ReadAsStringAsync()}");
        var location = started.Content.Headers.ContentLocation ?? started.Headers.GetValues("Content-Location").Select(v => new Uri(v)).Single();
        Assert.True(location.IsAbsoluteUri);
        Assert.StartsWith(FhirApps.PublicBaseUrl + "/fhir/", location.ToString(), StringComparison.Ordinal);
        return location.PathAndQuery;
    }

    /// <summary>A client of instance B holding the token instance A issued.</summary>
    private HttpClient OnB(HttpClient fromA)
    {
        var client = _b.CreateClient();
        client.DefaultRequestHeaders.Authorization = fromA.DefaultRequestHeaders.Authorization;
        return client;
    }

    [Fact]
    public async Task ReadPatient_KnownPerson_ValidR4WithWhatIsOnFile_AuditedAndNotLogged()
    {
        var invitee = await _desk.Flow.RegisterAsync(language: "es");
        var admin = await _desk.Flow.AdminAsync();
        var body = await FhirJsonAsync(await admin.GetAsync($"/fhir/Patient/{invitee.Id}"));
        FhirValidation.AssertValid(body);

        var patient = JsonDocument.Parse(body).RootElement;
        var person = await _a.WithDbAsync(db => db.People.AsNoTracking().SingleAsync(p => p.Id == Guid.Parse(invitee.Id)));
        Assert.Equal(("Patient", invitee.Id), (patient.GetProperty("resourceType").GetString(), patient.GetProperty("id").GetString()));
        var identifier = Assert.Single(patient.GetProperty("identifier").EnumerateArray());
        Assert.Equal(FhirApps.PublicBaseUrl + "/fhir/sid/record-number", identifier.GetProperty("system").GetString());
        Assert.Equal(person.RecordNumber, identifier.GetProperty("value").GetString());
        var name = Assert.Single(patient.GetProperty("name").EnumerateArray());
        Assert.Equal((person.LastName, person.FirstName), (name.GetProperty("family").GetString(), name.GetProperty("given")[0].GetString()));
        Assert.Equal(invitee.DateOfBirth.ToString("yyyy-MM-dd"), patient.GetProperty("birthDate").GetString());
        var telecom = Assert.Single(patient.GetProperty("telecom").EnumerateArray()); // an e-mail, no phone on file
        Assert.Equal(("email", invitee.Email), (telecom.GetProperty("system").GetString(), telecom.GetProperty("value").GetString()));
        Assert.Equal("63050", patient.GetProperty("address")[0].GetProperty("postalCode").GetString());
        Assert.Equal("es", patient.GetProperty("communication")[0].GetProperty("language").GetProperty("coding")[0].GetProperty("code").GetString());

        var audited = await _a.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.Action == "fhir.patient.read" && e.EntityId == invitee.Id).ToListAsync());
        var entry = Assert.Single(audited);
        Assert.DoesNotContain(invitee.Email, entry.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain(_a.Logs.Lines, l => l.Contains(invitee.Email, StringComparison.Ordinal) || l.Contains(invitee.DateOfBirth.ToString("yyyy-MM-dd"), StringComparison.Ordinal));

        await AssertOutcomeAsync(await admin.GetAsync($"/fhir/Patient/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        await AssertOutcomeAsync(await admin.GetAsync("/fhir/Patient/not-an-id"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task SearchImmunization_EachKindOfRecord_ValidSearchsetWithTheDoseAsRecorded()
    {
        var admin = await _desk.Flow.AdminAsync();
        var given = await RecordedAsync("FGIVEN1");
        var refused = await RecordedAsync("FREF1", outcome: "refused");
        var notGiven = await RecordedAsync("FNOT1", outcome: "notGiven", reason: "contraindication");
        var voided = await RecordedAsync("FVOID1", voided: true);

        async Task<JsonElement> SearchAsync(string personId, string expectedStatus)
        {
            var body = await FhirJsonAsync(await admin.GetAsync($"/fhir/Immunization?patient={personId}"));
            FhirValidation.AssertValid(body);
            var bundle = JsonDocument.Parse(body).RootElement;
            Assert.Equal(("Bundle", "searchset", 1), (bundle.GetProperty("resourceType").GetString(), bundle.GetProperty("type").GetString(), bundle.GetProperty("total").GetInt32()));
            var entry = Assert.Single(bundle.GetProperty("entry").EnumerateArray());
            var immunization = entry.GetProperty("resource");
            Assert.Equal(expectedStatus, immunization.GetProperty("status").GetString());
            Assert.Equal($"Patient/{personId}", immunization.GetProperty("patient").GetProperty("reference").GetString());
            Assert.EndsWith($"/fhir/Immunization/{immunization.GetProperty("id").GetString()}", entry.GetProperty("fullUrl").GetString(), StringComparison.Ordinal);
            // Each resource alone passes too (what the bulk export writes, one per line).
            FhirValidation.AssertValid(immunization.GetRawText());
            return immunization;
        }

        var dose = await SearchAsync(given.PersonId, "completed");
        Assert.Equal(given.Administration, dose.GetProperty("id").GetString());
        var code = dose.GetProperty("vaccineCode").GetProperty("coding")[0];
        Assert.Equal(("http://hl7.org/fhir/sid/cvx", "212"), (code.GetProperty("system").GetString(), code.GetProperty("code").GetString()));
        var contained = dose.GetProperty("contained").EnumerateArray().ToDictionary(c => "#" + c.GetProperty("id").GetString());
        var manufacturer = contained[dose.GetProperty("manufacturer").GetProperty("reference").GetString()!];
        Assert.Equal("Organization", manufacturer.GetProperty("resourceType").GetString());
        Assert.Equal("http://hl7.org/fhir/sid/mvx", manufacturer.GetProperty("identifier")[0].GetProperty("system").GetString());
        Assert.Equal("JSN", manufacturer.GetProperty("identifier")[0].GetProperty("value").GetString());
        // The clinic is in Chicago: the time carries its offset (-06:00 in February).
        Assert.EndsWith("-06:00", dose.GetProperty("occurrenceDateTime").GetString(), StringComparison.Ordinal);
        Assert.Equal("FGIVEN1", dose.GetProperty("lotNumber").GetString());
        Assert.Equal(Stock.Expiry, dose.GetProperty("expirationDate").GetString());
        Assert.Equal("LD", dose.GetProperty("site").GetProperty("coding")[0].GetProperty("code").GetString());
        Assert.Equal("IM", dose.GetProperty("route").GetProperty("coding")[0].GetProperty("code").GetString());
        Assert.Equal((0.5m, "mL"), (dose.GetProperty("doseQuantity").GetProperty("value").GetDecimal(), dose.GetProperty("doseQuantity").GetProperty("code").GetString()));
        var vaccinator = contained[dose.GetProperty("performer")[0].GetProperty("actor").GetProperty("reference").GetString()!];
        Assert.Equal("Nora Nurse", vaccinator.GetProperty("name")[0].GetProperty("text").GetString());
        Assert.StartsWith("Clinic ", dose.GetProperty("location").GetProperty("display").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("Location/", dose.GetProperty("location").GetProperty("reference").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, dose.GetProperty("protocolApplied")[0].GetProperty("doseNumberPositiveInt").GetInt32());

        var refusal = await SearchAsync(refused.PersonId, "not-done");
        Assert.Equal("PATOBJ", refusal.GetProperty("statusReason").GetProperty("coding")[0].GetProperty("code").GetString());
        Assert.False(refusal.TryGetProperty("lotNumber", out _));
        var notDone = await SearchAsync(notGiven.PersonId, "not-done");
        Assert.Equal("MEDPREC", notDone.GetProperty("statusReason").GetProperty("coding")[0].GetProperty("code").GetString());
        await SearchAsync(voided.PersonId, "entered-in-error");

        var audited = await _a.WithDbAsync(db => db.AuditEntries.AsNoTracking().CountAsync(e => e.Action == "fhir.immunization.searched" && e.EntityId == given.PersonId));
        Assert.Equal(1, audited);

        foreach (var bad in new[] { "", "?patient=", "?patient=nobody", $"?patient={given.PersonId}&patient={refused.PersonId}", $"?patient={given.PersonId}&date=2027" })
        {
            await AssertOutcomeAsync(await admin.GetAsync("/fhir/Immunization" + bad), HttpStatusCode.BadRequest);
        }
    }

    [Fact]
    public async Task Fhir_NoTokenIs401_ClinicStaffIs403_CallCentreReadsButCannotExport()
    {
        var invitee = await _desk.Flow.RegisterAsync();
        var reads = new[] { $"/fhir/Patient/{invitee.Id}", $"/fhir/Immunization?patient={invitee.Id}" };
        var anonymous = _a.CreateClient();
        foreach (var path in reads)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(ExportRequest())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/fhir/$export-status/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/fhir/$export-file/{Guid.NewGuid()}/Patient")).StatusCode);

        var (clinicId, _, _) = await _desk.DayAsync();
        var nurse = await _desk.NurseAsync(clinicId);
        foreach (var path in reads)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await nurse.GetAsync(path)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await nurse.SendAsync(ExportRequest())).StatusCode);

        var (email, password, _) = await _desk.StaffAsync(StaffRoles.CallCentre);
        var agent = await _a.CreateStaffClientAsync(email, password);
        foreach (var path in reads)
        {
            Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync(path)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.SendAsync(ExportRequest())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync($"/fhir/$export-status/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task Export_TwoInstances_ExactlyOneBuildsIt_TheOtherServesValidNdjson_ThenDeleteRemovesIt()
    {
        var given = await RecordedAsync("FEXP1");
        var refused = await RecordedAsync("FEXP2", outcome: "refused");
        var admin = await _desk.Flow.AdminAsync();
        var adminOnB = OnB(admin);

        var status = await StartExportAsync(admin);
        var waiting = await adminOnB.GetAsync(status);
        Assert.Equal(HttpStatusCode.Accepted, waiting.StatusCode);
        Assert.Equal("queued", waiting.Headers.GetValues("X-Progress").Single());
        Assert.True(waiting.Headers.RetryAfter is not null);

        // Both instances' workers go for it at once: one builds it.
        var rounds = await Task.WhenAll(ExporterOf(_a).RunRoundAsync(CancellationToken.None), ExporterOf(_b).RunRoundAsync(CancellationToken.None));
        Assert.Single(rounds, built => built);
        Assert.False(await ExporterOf(_b).RunRoundAsync(CancellationToken.None)); // nothing left to do

        var done = await adminOnB.GetAsync(status);
        var manifestText = await done.Content.ReadAsStringAsync();
        Assert.True(done.StatusCode == HttpStatusCode.OK, manifestText);
        var manifest = JsonDocument.Parse(manifestText).RootElement;
        Assert.True(manifest.GetProperty("requiresAccessToken").GetBoolean());
        Assert.Equal(FhirApps.PublicBaseUrl + "/fhir/$export", manifest.GetProperty("request").GetString());
        Assert.True(DateTimeOffset.TryParse(manifest.GetProperty("transactionTime").GetString(), out _));
        Assert.Empty(manifest.GetProperty("error").EnumerateArray());
        var outputs = manifest.GetProperty("output").EnumerateArray().ToList();
        Assert.Equal(["Patient", "Immunization"], outputs.Select(o => o.GetProperty("type").GetString()));

        var people = await _a.WithDbAsync(db => db.Administrations.Select(a => a.PersonId).Distinct().CountAsync());
        var records = await _a.WithDbAsync(db => db.Administrations.CountAsync());
        var lines = new Dictionary<string, List<string>>();
        foreach (var output in outputs)
        {
            var url = new Uri(output.GetProperty("url").GetString()!);
            Assert.StartsWith(FhirApps.PublicBaseUrl, url.ToString(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Unauthorized, (await _b.CreateClient().GetAsync(url.PathAndQuery)).StatusCode);
            var file = await adminOnB.GetAsync(url.PathAndQuery);
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
            Assert.Equal("application/fhir+ndjson", file.Content.Headers.ContentType?.MediaType);
            var text = await file.Content.ReadAsStringAsync();
            var type = output.GetProperty("type").GetString()!;
            lines[type] = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
            Assert.Equal(output.GetProperty("count").GetInt32(), lines[type].Count);
            foreach (var line in lines[type])
            {
                Assert.Equal(type, JsonDocument.Parse(line).RootElement.GetProperty("resourceType").GetString());
                FhirValidation.AssertValid(line);
            }
        }
        Assert.Equal(people, lines["Patient"].Count);
        Assert.Equal(records, lines["Immunization"].Count);
        Assert.Contains(lines["Immunization"], l => l.Contains(given.Administration, StringComparison.Ordinal) && l.Contains("\"completed\"", StringComparison.Ordinal));
        Assert.Contains(lines["Immunization"], l => l.Contains(refused.Administration, StringComparison.Ordinal) && l.Contains("\"not-done\"", StringComparison.Ordinal));
        Assert.Contains(lines["Patient"], l => l.Contains(given.PersonId, StringComparison.Ordinal));

        var exportId = status.Split('/')[^1];
        var audited = await _a.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.EntityId == exportId).Select(e => e.Action).ToListAsync());
        Assert.Contains("fhir.export.requested", audited);
        Assert.Equal(2, audited.Count(a => a == "fhir.export.downloaded"));

        Assert.Equal(HttpStatusCode.Accepted, (await adminOnB.DeleteAsync(status)).StatusCode);
        await AssertOutcomeAsync(await admin.GetAsync(status), HttpStatusCode.NotFound);
        await AssertOutcomeAsync(await admin.GetAsync(new Uri(outputs[0].GetProperty("url").GetString()!).PathAndQuery), HttpStatusCode.NotFound);
        Assert.Equal(0, await _a.WithDbAsync(db => db.FhirExportFiles.CountAsync(f => f.ExportId == Guid.Parse(exportId))));
        await AssertOutcomeAsync(await admin.DeleteAsync(status), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("", false, "application/fhir+json")]
    [InlineData("", true, null)]
    [InlineData("", true, "application/json")]
    [InlineData("?_type=Observation", true, "application/fhir+json")]
    [InlineData("?_type=Patient,Slot", true, "application/fhir+json")]
    [InlineData("?_since=yesterday", true, "application/fhir+json")]
    [InlineData("?_since=2027-02-01", true, "application/fhir+json")]
    [InlineData("?_since=2027-02-01T09:00:00", true, "application/fhir+json")]
    [InlineData("?_since=2027-02-30T09:00:00Z", true, "application/fhir+json")]
    [InlineData("?_outputFormat=text/csv", true, "application/fhir+json")]
    [InlineData("?_typeFilter=Patient%3Factive%3Dtrue", true, "application/fhir+json")]
    public async Task Export_BadRequest_400OutcomeAndNothingQueued(string query, bool prefer, string? accept)
    {
        var admin = await _desk.Flow.AdminAsync();
        var before = await _a.WithDbAsync(db => db.FhirExports.CountAsync());
        await AssertOutcomeAsync(await admin.SendAsync(ExportRequest(query, prefer, accept)), HttpStatusCode.BadRequest);
        Assert.Equal(before, await _a.WithDbAsync(db => db.FhirExports.CountAsync()));
    }

    [Fact]
    public async Task Export_InstanceDiesMidway_LeaseRunsOut_TheOtherBuildsIt_AndTheLateOneWritesNothing()
    {
        // Its own two instances: this test moves the clock a day on.
        var own = new FhirApps();
        await own.InitializeAsync();
        try
        {
            var (a, b) = (own.A, own.B);
            var desk = new DeskFlow(a);
            var (clinicId, _, day) = await desk.DayAsync();
            var admin = await desk.Flow.AdminAsync();
            await Stock.ReceiveAsync(admin, clinicId, "212", 10, lot: "FDIE1");
            var booked = await desk.BookAsync(DeskFlow.Slot(day));
            var nurse = await desk.NurseAsync(clinicId);
            (await DeskFlow.CheckInAsync(nurse, booked)).EnsureSuccessStatusCode();
            await (await DeskFlow.RecordAsync(nurse, booked, lot: "FDIE1")).JsonAsync(HttpStatusCode.Created);

            var status = await StartExportAsync(admin, "?_type=Immunization");
            var id = Guid.Parse(status.Split('/')[^1]);

            // A claims it and dies before writing anything.
            Assert.Equal(id, await ExporterOf(a).ClaimAsync(CancellationToken.None));
            Assert.False(await ExporterOf(b).RunRoundAsync(CancellationToken.None)); // the claim holds
            var onB = b.CreateClient();
            onB.DefaultRequestHeaders.Authorization = admin.DefaultRequestHeaders.Authorization;
            var running = await onB.GetAsync(status);
            Assert.Equal(HttpStatusCode.Accepted, running.StatusCode);
            Assert.StartsWith("running", running.Headers.GetValues("X-Progress").Single(), StringComparison.Ordinal);

            a.Clock.Advance(new FhirExportOptions().LeaseDuration + TimeSpan.FromSeconds(1));
            Assert.True(await ExporterOf(b).RunRoundAsync(CancellationToken.None));
            var export = await a.WithDbAsync(db => db.FhirExports.AsNoTracking().SingleAsync(e => e.Id == id));
            Assert.Equal((FhirExportState.Completed, 2), (export.State, export.Attempts));

            // A comes back and finishes its stale claim: it no longer holds it, so nothing is written twice.
            Assert.False(await ExporterOf(a).BuildAsync(id, CancellationToken.None));
            var files = await a.WithDbAsync(db => db.FhirExportFiles.AsNoTracking().Where(f => f.ExportId == id).Select(f => f.Type).ToListAsync());
            Assert.Equal(["Immunization"], files);
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(status)).StatusCode);

            // Kept for a day, then removed with its files.
            a.Clock.Advance(new FhirExportOptions().KeepFor + TimeSpan.FromMinutes(1));
            admin = await desk.Flow.AdminAsync(); // a new token: the old one ran out too
            await AssertOutcomeAsync(await admin.GetAsync(status), HttpStatusCode.NotFound);
            Assert.False(await ExporterOf(b).RunRoundAsync(CancellationToken.None));
            Assert.Equal(0, await a.WithDbAsync(db => db.FhirExports.CountAsync(e => e.Id == id)));
            Assert.Equal(0, await a.WithDbAsync(db => db.FhirExportFiles.CountAsync(f => f.ExportId == id)));
        }
        finally
        {
            await own.DisposeAsync();
        }
    }

    [Fact]
    public async Task Export_ClaimedThreeTimesByInstancesThatDied_FailsWithAnOutcome()
    {
        var admin = await _desk.Flow.AdminAsync();
        var status = await StartExportAsync(admin, "?_type=Patient");
        var id = Guid.Parse(status.Split('/')[^1]);
        for (var i = 0; i < FhirExport.MaxAttempts; i++)
        {
            Assert.Equal(id, await ExporterOf(_a).ClaimAsync(CancellationToken.None));
            _a.Clock.Advance(new FhirExportOptions().LeaseDuration + TimeSpan.FromSeconds(1));
        }
        Assert.False(await ExporterOf(_b).RunRoundAsync(CancellationToken.None));
        Assert.Equal(FhirExportState.Failed, await _a.WithDbAsync(db => db.FhirExports.Where(e => e.Id == id).Select(e => e.State).SingleAsync()));
        await AssertOutcomeAsync(await admin.GetAsync(status), HttpStatusCode.InternalServerError);
    }

    [Fact]
    public async Task Export_Since_OnlyRecordsMadeOrChangedSince_IncludingAVoidAsEnteredInError()
    {
        var before = await RecordedAsync("FSINCE1");
        var admin = await _desk.Flow.AdminAsync();
        _a.Clock.Advance(TimeSpan.FromMinutes(10));
        var since = _a.Clock.GetUtcNow();
        _a.Clock.Advance(TimeSpan.FromMinutes(1));
        var after = await RecordedAsync("FSINCE2");
        await (await admin.PostAsJsonAsync($"/api/v1/clinic/administrations/{before.Administration}/void", new { reason = "wrong person", returnToStock = true })).JsonAsync();

        // An offset other than UTC's reads as the same instant.
        var query = "?_type=Immunization&_since=" + Uri.EscapeDataString(since.ToOffset(TimeSpan.FromHours(-6)).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz"));
        var status = await StartExportAsync(admin, query);
        Assert.True(await ExporterOf(_a).RunRoundAsync(CancellationToken.None));
        var manifest = await (await admin.GetAsync(status)).JsonAsync();
        var output = Assert.Single(manifest.GetProperty("output").EnumerateArray());
        var text = await (await admin.GetAsync(new Uri(output.GetProperty("url").GetString()!).PathAndQuery)).Content.ReadAsStringAsync();
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var changed = await _a.WithDbAsync(db => db.Administrations.CountAsync(a => a.RecordedAt >= since.UtcDateTime || a.ChangedAt >= since.UtcDateTime));
        Assert.Equal(changed, lines.Length);
        Assert.Contains(lines, l => l.Contains(after.Administration, StringComparison.Ordinal) && l.Contains("\"completed\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(before.Administration, StringComparison.Ordinal) && l.Contains("\"entered-in-error\"", StringComparison.Ordinal));
        foreach (var line in lines)
        {
            FhirValidation.AssertValid(line);
        }
    }
}
