using System.Net;
using System.Net.Http.Json;
using System.Text;
using FairShot.Tests.Infrastructure;

namespace FairShot.Tests.Features;

public sealed class ClinicsApiTests(FairShotApp app) : IClassFixture<FairShotApp>
{
    private static object Day(string date = "2027-03-01", string opensAt = "09:00", string closesAt = "17:00", int slotMinutes = 15, int capacityPerSlot = 25, string cvxCode = "208") =>
        new { date, opensAt, closesAt, slotMinutes, capacityPerSlot, cvxCode };

    private async Task<(HttpClient Client, string ClinicId)> NewClinicAsync(string timeZone = "America/Chicago")
    {
        var client = await app.CreateStaffClientAsync();
        var response = await client.PostAsJsonAsync("/api/v1/admin/clinics", new { name = $"Clinic {Guid.NewGuid():N}", address = "1200 Fairgrounds Rd", timeZone });
        var clinic = await response.JsonAsync(HttpStatusCode.Created);
        await Stock.PlentyAsync(client, clinic.GetProperty("id").GetString()!);
        return (client, clinic.GetProperty("id").GetString()!);
    }

    [Fact]
    public async Task CreateClinicDay_WithBootstrapAdmin_CapacityIsSlotsTimesCapacityPerSlot_AndAuditVerifies()
    {
        var (client, clinicId) = await NewClinicAsync();

        var created = await (await client.PostAsJsonAsync($"/api/v1/admin/clinics/{clinicId}/days", Day())).JsonAsync(HttpStatusCode.Created);

        var slots = created.GetProperty("slots");
        Assert.Equal(32, slots.GetArrayLength()); // 8 hours of 15-minute slots
        Assert.Equal(32 * 25, created.GetProperty("capacity").GetInt32());
        Assert.All(slots.EnumerateArray(), s => Assert.Equal(25, s.GetProperty("capacity").GetInt32()));

        var dayId = created.GetProperty("id").GetString();
        var fetched = await (await client.GetAsync($"/api/v1/admin/clinic-days/{dayId}")).JsonAsync();
        Assert.Equal(clinicId, fetched.GetProperty("clinicId").GetString());
        Assert.Equal("2027-03-01", fetched.GetProperty("date").GetString());
        Assert.Equal(800, fetched.GetProperty("capacity").GetInt32());
        Assert.Equal(0, fetched.GetProperty("booked").GetInt32());
        Assert.Equal(32, fetched.GetProperty("slots").GetArrayLength());

        await app.SealAuditLogAsync();
        var clinicAudit = await (await client.GetAsync($"/api/v1/admin/audit?entityType=Clinic&entityId={clinicId}")).JsonAsync();
        Assert.Equal("clinic.created", clinicAudit.GetProperty("entries")[0].GetProperty("action").GetString());
        Assert.StartsWith("staff:", clinicAudit.GetProperty("entries")[0].GetProperty("actor").GetString(), StringComparison.Ordinal);
        var dayAudit = await (await client.GetAsync($"/api/v1/admin/audit?entityType=ClinicDay&entityId={dayId}")).JsonAsync();
        Assert.Equal("clinic-day.created", dayAudit.GetProperty("entries")[0].GetProperty("action").GetString());
        var verify = await (await client.GetAsync("/api/v1/admin/audit/verify")).JsonAsync();
        Assert.True(verify.GetProperty("valid").GetBoolean());
    }

    [Theory]
    [InlineData("America/Chicago", "2027-03-01T15:00:00")] // CST, UTC-6
    [InlineData("America/Phoenix", "2027-03-01T16:00:00")] // MST all year, UTC-7
    [InlineData("America/New_York", "2027-07-01T13:00:00")] // EDT, UTC-4
    public async Task CreateClinicDay_LocalTimes_AreStoredAsUtcInstants(string timeZone, string firstSlotUtc)
    {
        var (client, clinicId) = await NewClinicAsync(timeZone);
        var date = firstSlotUtc[..10];

        var created = await (await client.PostAsJsonAsync($"/api/v1/admin/clinics/{clinicId}/days", Day(date: date))).JsonAsync(HttpStatusCode.Created);

        var first = created.GetProperty("slots")[0];
        Assert.Equal(DateTime.Parse(firstSlotUtc + "Z", null, System.Globalization.DateTimeStyles.AdjustToUniversal), first.GetProperty("startsAt").GetDateTime().ToUniversalTime());
        Assert.Equal(TimeSpan.FromMinutes(15), first.GetProperty("endsAt").GetDateTime() - first.GetProperty("startsAt").GetDateTime());
    }

    [Fact]
    public async Task CreateClinicDay_AcrossSpringForward_SkipsTheHourThatDoesNotExist()
    {
        var (client, clinicId) = await NewClinicAsync("America/Chicago");

        // 2027-03-14: clocks go from 02:00 to 03:00 in Chicago.
        var created = await (await client.PostAsJsonAsync($"/api/v1/admin/clinics/{clinicId}/days",
            Day(date: "2027-03-14", opensAt: "01:00", closesAt: "04:00", slotMinutes: 30, capacityPerSlot: 10))).JsonAsync(HttpStatusCode.Created);

        var starts = created.GetProperty("slots").EnumerateArray().Select(s => s.GetProperty("startsAt").GetDateTime()).ToList();
        Assert.Equal(4, starts.Count); // 01:00, 01:30, 03:00, 03:30 local
        Assert.Equal(starts.Count, starts.Distinct().Count());
        Assert.Equal(40, created.GetProperty("capacity").GetInt32());
    }

    public static TheoryData<string, object> InvalidDays => new()
    {
        { "closesAt", Day(opensAt: "17:00", closesAt: "09:00") },
        { "closesAt", Day(opensAt: "09:00", closesAt: "09:00") },
        { "slotMinutes", Day(slotMinutes: 7) },
        { "slotMinutes", Day(slotMinutes: 0) },
        { "capacityPerSlot", Day(capacityPerSlot: 0) },
        { "capacityPerSlot", Day(capacityPerSlot: 100_000) },
        { "date", Day(date: "2027-01-31") },
        { "date", Day(date: "2027-13-45") },
        { "date", Day(date: "2031-01-01") },
        { "opensAt", Day(opensAt: "9 in the morning") },
        { "cvxCode", Day(cvxCode: "999") },
        { "cvxCode", Day(cvxCode: "") },
        { "opensAt", Day(date: "2027-03-14", opensAt: "02:30", closesAt: "05:30") },
    };

    [Theory]
    [MemberData(nameof(InvalidDays))]
    public async Task CreateClinicDay_InvalidInput_Is400NamingTheField_AndWritesNothing(string field, object body)
    {
        var (client, clinicId) = await NewClinicAsync();

        var response = await client.PostAsJsonAsync($"/api/v1/admin/clinics/{clinicId}/days", body);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, field);
        var days = await app.WithDbAsync(db => Task.FromResult(db.ClinicDays.Count(d => d.ClinicId == Guid.Parse(clinicId))));
        Assert.Equal(0, days);
    }

    [Theory]
    [InlineData("timeZone", "{\"name\":\"A\",\"address\":\"B\",\"timeZone\":\"Mars/Olympus\"}")]
    [InlineData("timeZone", "{\"name\":\"A\",\"address\":\"B\",\"timeZone\":\"Central Standard Time\"}")]
    [InlineData("name", "{\"name\":\"\",\"address\":\"B\",\"timeZone\":\"America/Chicago\"}")]
    [InlineData("address", "{\"name\":\"A\",\"timeZone\":\"America/Chicago\"}")]
    public async Task CreateClinic_InvalidInput_Is400NamingTheField(string field, string json)
    {
        var client = await app.CreateStaffClientAsync();

        var response = await client.PostAsync("/api/v1/admin/clinics", new StringContent(json, Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task CreateClinic_NameOf5000Characters_Is400()
    {
        var client = await app.CreateStaffClientAsync();

        var response = await client.PostAsJsonAsync("/api/v1/admin/clinics", new { name = new string('x', 5000), address = "B", timeZone = "America/Chicago" });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "name");
    }

    [Theory]
    [InlineData("{\"name\": ")]
    [InlineData("not json at all")]
    [InlineData("{\"date\":\"2027-03-01\",\"opensAt\":\"09:00\",\"closesAt\":\"17:00\",\"slotMinutes\":\"fifteen\",\"capacityPerSlot\":25,\"cvxCode\":\"208\"}")]
    [InlineData("[1,2,3]")]
    public async Task CreateClinicDay_MalformedJson_Is400ProblemDetails(string json)
    {
        var (client, clinicId) = await NewClinicAsync();

        var response = await client.PostAsync($"/api/v1/admin/clinics/{clinicId}/days", new StringContent(json, Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task CreateClinicDay_SameClinicAndDateTwice_IsConflict()
    {
        var (client, clinicId) = await NewClinicAsync();
        await (await client.PostAsJsonAsync($"/api/v1/admin/clinics/{clinicId}/days", Day(date: "2027-04-01"))).JsonAsync(HttpStatusCode.Created);

        var again = await client.PostAsJsonAsync($"/api/v1/admin/clinics/{clinicId}/days", Day(date: "2027-04-01"));

        await again.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task CreateClinic_SameNameTwice_Is400()
    {
        var client = await app.CreateStaffClientAsync();
        var name = $"Twin {Guid.NewGuid():N}";
        await (await client.PostAsJsonAsync("/api/v1/admin/clinics", new { name, address = "A", timeZone = "America/Chicago" })).JsonAsync(HttpStatusCode.Created);

        var again = await client.PostAsJsonAsync("/api/v1/admin/clinics", new { name, address = "B", timeZone = "America/Chicago" });

        await again.AssertProblemAsync(HttpStatusCode.BadRequest, "name");
    }

    [Fact]
    public async Task ClinicDay_UnknownIds_Are404()
    {
        var client = await app.CreateStaffClientAsync();

        await (await client.GetAsync($"/api/v1/admin/clinic-days/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await client.PostAsJsonAsync($"/api/v1/admin/clinics/{Guid.NewGuid()}/days", Day())).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AdminApi_WithoutToken_Is401_AndWithGarbageToken_Is401()
    {
        var client = app.CreateClient();
        (await client.PostAsJsonAsync("/api/v1/admin/clinics", new { name = "A", address = "B", timeZone = "America/Chicago" }))
            .StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        client.DefaultRequestHeaders.Authorization = new("Bearer", "not-a-token");
        (await client.GetAsync("/api/v1/admin/clinics")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Scheduler_CanPlanDays_ButCannotCreateClinics()
    {
        var (admin, clinicId) = await NewClinicAsync();
        var email = $"scheduler-{Guid.NewGuid():N}@test.local";
        var created = await (await admin.PostAsJsonAsync("/api/v1/admin/staff", new { email, displayName = "Sam Scheduler", roles = new[] { "Scheduler" } }))
            .JsonAsync(HttpStatusCode.Created);
        var scheduler = await app.CreateStaffClientAsync(email, created.GetProperty("initialPassword").GetString()!);

        (await scheduler.PostAsJsonAsync("/api/v1/admin/clinics", new { name = "Nope", address = "B", timeZone = "America/Chicago" }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await scheduler.PostAsJsonAsync($"/api/v1/admin/clinics/{clinicId}/days", Day(date: "2027-05-01")))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        (await scheduler.GetAsync("/api/v1/admin/audit")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}

internal static class ShouldExtensions
{
    public static void ShouldBe<T>(this T actual, T expected) => Assert.Equal(expected, actual);
}
