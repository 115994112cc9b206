using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FairShot.Tests.Infrastructure;
using FairShot.Tests.Vaccination;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Tests.Features.Records;

/// <summary>
/// Open availability for slot finders (SMART Scheduling Links): the clinics a county lists, their
/// schedules and slots with the seats still free, public and cached, checked against the IG package
/// in the fixtures by Firely's validator.
/// </summary>
public sealed class SchedulingLinksTests(FairShotApp app) : IClassFixture<FairShotApp>
{
    private readonly DeskFlow _desk = new(app);

    private async Task<(string ClinicId, string DayId, JsonElement Day)> ListedDayAsync(int perSlot = 5, string? phone = "(312) 555-0100")
    {
        var admin = await _desk.Flow.AdminAsync();
        var clinic = await (await admin.PostAsJsonAsync("/api/v1/admin/clinics", new
        {
            name = $"Listed {Guid.NewGuid():N}",
            address = "1200 Fairgrounds Rd",
            timeZone = "America/Chicago",
            isPublic = true,
            city = "Hillsboro",
            state = "mo",
            postalCode = "63050",
            phone,
        })).JsonAsync(HttpStatusCode.Created);
        var clinicId = clinic.GetProperty("id").GetString()!;
        Assert.True(clinic.GetProperty("isPublic").GetBoolean());
        Assert.Equal("MO", clinic.GetProperty("state").GetString());
        await Stock.PlentyAsync(admin, clinicId);
        var (_, dayId, day) = await _desk.DayAsync(clinicId: clinicId, perSlot: perSlot);
        return (clinicId, dayId, day);
    }

    private static async Task<List<JsonElement>> NdjsonAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/fhir+ndjson", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("max-age", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain('\r', text);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
    }

    private static string? Extension(JsonElement resource, string name, string valueKey) =>
        resource.TryGetProperty("extension", out var extensions)
            ? extensions.EnumerateArray().Where(e => e.GetProperty("url").GetString()!.EndsWith("/" + name, StringComparison.Ordinal))
                .Select(e => e.GetProperty(valueKey).ToString()).SingleOrDefault()
            : null;

    [Fact]
    public async Task Feed_WithoutLogin_ListsTheListedClinic_ItsSchedule_AndEachSlotWithTheSeatsStillFree()
    {
        var (clinicId, _, day) = await ListedDayAsync(perSlot: 5);
        var hidden = (await _desk.Flow.ClinicDayAsync(date: DeskFlow.Today, opensAt: "12:00")).ClinicId;
        var booked = await _desk.BookAsync(DeskFlow.Slot(day, 0));
        var anonymous = app.CreateClient();

        var manifestResponse = await anonymous.GetAsync("/fhir/$bulk-publish");
        var manifest = await manifestResponse.JsonAsync();
        Assert.Contains("max-age", manifestResponse.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        var outputs = manifest.GetProperty("output").EnumerateArray().ToList();
        Assert.Equal(["Location", "Schedule", "Slot"], outputs.Select(o => o.GetProperty("type").GetString()!).ToArray());
        Assert.Contains("MO", outputs[2].GetProperty("extension").GetProperty("state").EnumerateArray().Select(s => s.GetString()));
        Assert.EndsWith("Z", manifest.GetProperty("transactionTime").GetString()!, StringComparison.Ordinal);
        Assert.Empty(manifest.GetProperty("error").EnumerateArray());

        var urls = outputs.Select(o => new Uri(o.GetProperty("url").GetString()!).PathAndQuery).ToList();
        var locations = await NdjsonAsync(anonymous, urls[0]);
        var schedules = await NdjsonAsync(anonymous, urls[1]);
        var slots = await NdjsonAsync(anonymous, urls[2]);

        var location = Assert.Single(locations, l => l.GetProperty("id").GetString() == clinicId);
        Assert.DoesNotContain(locations, l => l.GetProperty("id").GetString() == hidden);
        Assert.Equal("Hillsboro", location.GetProperty("address").GetProperty("city").GetString());
        Assert.Equal("63050", location.GetProperty("address").GetProperty("postalCode").GetString());
        Assert.Contains(location.GetProperty("telecom").EnumerateArray(), t => t.GetProperty("system").GetString() == "phone" && t.GetProperty("value").GetString() == "312-555-0100");

        var schedule = Assert.Single(schedules, s => s.GetProperty("actor")[0].GetProperty("reference").GetString() == $"Location/{clinicId}");
        Assert.Contains("\"code\":\"212\"", Extension(schedule, "vaccine-product", "valueCoding"), StringComparison.Ordinal);
        var ours = slots.Where(s => s.GetProperty("schedule").GetProperty("reference").GetString() == $"Schedule/{schedule.GetProperty("id").GetString()}").ToList();
        Assert.Equal(day.GetProperty("slots").GetArrayLength(), ours.Count);

        var first = ours.Single(s => s.GetProperty("id").GetString() == DeskFlow.Slot(day, 0));
        Assert.Equal(("free", "4"), (first.GetProperty("status").GetString(), Extension(first, "slot-capacity", "valueInteger")));
        Assert.Equal("2027-02-01T12:00:00-06:00", first.GetProperty("start").GetString());
        Assert.EndsWith("/register", Extension(first, "booking-deep-link", "valueUrl"), StringComparison.Ordinal);
        Assert.Equal("312-555-0100", Extension(first, "booking-phone", "valueString"));
        // Nothing about a person: the booked resident's ids are nowhere in the files.
        var all = string.Join('\n', locations.Concat(schedules).Concat(slots).Select(r => r.GetRawText()));
        Assert.DoesNotContain(booked.PersonId, all, StringComparison.Ordinal);
        Assert.DoesNotContain(booked.ConfirmationCode, all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feed_EveryLine_ValidatesAgainstTheSchedulingLinksProfiles_AsTheIgsOwnExamplesDo()
    {
        var package = FhirValidation.SmartSchedulingLinksPackage;
        Assert.SkipWhen(!File.Exists(package), "shared/fixtures is not present on this machine");
        var (clinicId, _, day) = await ListedDayAsync(perSlot: 1, phone: null);
        await _desk.BookAsync(DeskFlow.Slot(day, 0)); // one busy slot, one free
        var anonymous = app.CreateClient();
        var profiles = new (string File, string Profile, string Example)[]
        {
            ("locations.ndjson", "vaccine-location", "locations.ndjson"),
            ("schedules.ndjson", "vaccine-schedule", "schedules.ndjson"),
            ("slots.ndjson", "vaccine-slot", "slots-2021-W09.ndjson"),
        };
        foreach (var (file, profile, example) in profiles)
        {
            var url = "http://fhir-registry.smarthealthit.org/StructureDefinition/" + profile;
            // The IG's own examples pass: a 0-error answer on ours means the profile was applied.
            var theirs = File.ReadLines(Path.Combine(Path.GetDirectoryName(package)!, example)).First();
            FhirValidation.AssertValid(theirs, url, package);

            var lines = (await NdjsonAsync(anonymous, "/fhir/scheduling/" + file)).Select(l => l.GetRawText()).ToList();
            var ours = lines.Where(l => l.Contains(clinicId, StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(ours);
            foreach (var line in ours)
            {
                FhirValidation.AssertValid(line, url, package);
            }
        }
    }

    [Fact]
    public async Task Feed_FullSlot_IsBusyWithNoSeats_AndANoLongerListedClinicDropsOut()
    {
        var (clinicId, _, day) = await ListedDayAsync(perSlot: 1, phone: null);
        await _desk.BookAsync(DeskFlow.Slot(day, 0));
        var anonymous = app.CreateClient();

        var full = (await NdjsonAsync(anonymous, "/fhir/scheduling/slots.ndjson")).Single(s => s.GetProperty("id").GetString() == DeskFlow.Slot(day, 0));
        Assert.Equal(("busy", "0"), (full.GetProperty("status").GetString(), Extension(full, "slot-capacity", "valueInteger")));
        Assert.Null(Extension(full, "booking-phone", "valueString"));

        var admin = await _desk.Flow.AdminAsync();
        var unlisted = await (await admin.PatchAsJsonAsync($"/api/v1/admin/clinics/{clinicId}", new { isPublic = false })).JsonAsync();
        Assert.False(unlisted.GetProperty("isPublic").GetBoolean());
        Assert.Equal("Hillsboro", unlisted.GetProperty("city").GetString());
        Assert.DoesNotContain(await NdjsonAsync(anonymous, "/fhir/scheduling/locations.ndjson"), l => l.GetProperty("id").GetString() == clinicId);
        Assert.DoesNotContain(await NdjsonAsync(anonymous, "/fhir/scheduling/slots.ndjson"), s => s.GetProperty("id").GetString() == DeskFlow.Slot(day, 0));
        Assert.Equal(1, await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "clinic.listingChanged" && e.EntityId == clinicId)));
    }

    [Fact]
    public async Task Listing_WithoutCityStateAndZip_Is400NamingEachField_AndNothingChanges()
    {
        var admin = await _desk.Flow.AdminAsync();
        var (clinicId, _, _) = await _desk.Flow.ClinicDayAsync(date: DeskFlow.Today, opensAt: "12:00");

        await (await admin.PatchAsJsonAsync($"/api/v1/admin/clinics/{clinicId}", new { isPublic = true }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "city", "state", "postalCode");
        await (await admin.PatchAsJsonAsync($"/api/v1/admin/clinics/{clinicId}", new { isPublic = true, city = "Hillsboro", state = "Missouri", postalCode = "630", phone = "555" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "state", "postalCode", "phone");
        await (await admin.PostAsJsonAsync("/api/v1/admin/clinics", new { name = $"C {Guid.NewGuid():N}", address = "1 Main St", timeZone = "America/Chicago", isPublic = true, city = "Hillsboro" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "state", "postalCode");

        var clinic = await app.WithDbAsync(db => db.Clinics.AsNoTracking().SingleAsync(c => c.Id == Guid.Parse(clinicId)));
        Assert.Equal((false, null, null), (clinic.IsPublic, clinic.City, clinic.State));
        Assert.Equal(0, await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "clinic.listingChanged" && e.EntityId == clinicId)));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PatchAsJsonAsync($"/api/v1/admin/clinics/{Guid.NewGuid()}", new { isPublic = false })).StatusCode);
    }

    [Fact]
    public async Task Listing_ByAnyoneButAnAdmin_IsRefused_AndTheDatabaseRefusesAListedClinicWithoutItsTown()
    {
        var (clinicId, _, _) = await ListedDayAsync();
        var (email, password, _) = await _desk.StaffAsync("Scheduler");
        var scheduler = await app.CreateStaffClientAsync(email, password);

        Assert.Equal(HttpStatusCode.Forbidden, (await scheduler.PatchAsJsonAsync($"/api/v1/admin/clinics/{clinicId}", new { isPublic = false })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().PatchAsJsonAsync($"/api/v1/admin/clinics/{clinicId}", new { isPublic = false })).StatusCode);

        // The CHECK holds even for a writer that skips the entity's rule.
        var refused = await Assert.ThrowsAnyAsync<DbUpdateException>(() => app.WithDbAsync(async db =>
        {
            var clinic = await db.Clinics.SingleAsync(c => c.Id == Guid.Parse(clinicId));
            db.Entry(clinic).Property(c => c.City).CurrentValue = null;
            return await db.SaveChangesAsync();
        }));
        Assert.Contains("CK_Clinics_PublicListing", refused.InnerException?.Message ?? refused.Message, StringComparison.OrdinalIgnoreCase);
    }
}
