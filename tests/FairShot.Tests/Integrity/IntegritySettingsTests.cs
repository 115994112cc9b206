using System.Net;
using System.Net.Http.Json;
using FairShot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Tests.Integrity;

/// <summary>The integrity thresholds as county settings: GET|PUT /api/v1/admin/settings/integrity, and the report reading them.</summary>
public sealed class IntegritySettingsTests : FreshAppTest
{
    private const string Path = "/api/v1/admin/settings/integrity";

    private async Task<string> RegisterAsync(string email, string first, int n)
    {
        var created = await (await App.CreateClient().PostAsJsonAsync("/api/v1/registrations", new
        {
            firstName = first,
            lastName = "Shared",
            dateOfBirth = InvitationFlowDates.Adult(n),
            email,
            zipCode = "63050",
            occupation = "healthcare",
            setting = "home",
            language = "en",
        })).JsonAsync(HttpStatusCode.Created);
        return created.GetProperty("id").GetString()!;
    }

    private static async Task BookAsync(HttpClient staff, string personId, Guid slotId) =>
        Assert.Equal(HttpStatusCode.Created, (await staff.PostAsJsonAsync($"/api/v1/admin/people/{personId}/appointments", new { slotId, reason = "called the help line" })).StatusCode);

    private async Task<Guid> FirstSlotAsync(string dayId) =>
        await App.WithDbAsync(db => db.Slots.Where(s => s.ClinicDayId == Guid.Parse(dayId)).OrderBy(s => s.StartsAt).Select(s => s.Id).FirstAsync());

    private static async Task<List<List<string>>> ReasonsAsync(HttpClient admin, string dayId) =>
        (await (await admin.GetAsync($"/api/v1/admin/integrity?clinicDayId={dayId}")).JsonAsync()).GetProperty("findings").EnumerateArray()
            .Select(f => f.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!).ToList()).ToList();

    [Fact]
    public async Task Settings_OnAFreshCounty_AreTodaysValues_AndAPutIsReadBack()
    {
        var admin = await App.CreateStaffClientAsync();

        var fresh = await (await admin.GetAsync(Path)).JsonAsync();
        var put = await admin.PutAsJsonAsync(Path, new { sharedLimit = 4, outlierMinimum = 10, outlierFactor = 5 });
        var after = await (await admin.GetAsync(Path)).JsonAsync();

        Assert.Equal((6, 20, 3), (fresh.GetProperty("sharedLimit").GetInt32(), fresh.GetProperty("outlierMinimum").GetInt32(), fresh.GetProperty("outlierFactor").GetInt32()));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal((4, 10, 5), (after.GetProperty("sharedLimit").GetInt32(), after.GetProperty("outlierMinimum").GetInt32(), after.GetProperty("outlierFactor").GetInt32()));
    }

    [Theory]
    [InlineData(0, 20, 3, "sharedLimit")]
    [InlineData(6, 1, 3, "outlierMinimum")]
    [InlineData(6, 20, 1, "outlierFactor")]
    [InlineData(6, 20, 101, "outlierFactor")]
    public async Task Settings_OutOfRange_Is400NamingTheField_AndChangesNothing(int sharedLimit, int outlierMinimum, int outlierFactor, string field)
    {
        var admin = await App.CreateStaffClientAsync();

        var response = await admin.PutAsJsonAsync(Path, new { sharedLimit, outlierMinimum, outlierFactor });

        var problem = await response.JsonAsync(HttpStatusCode.BadRequest);
        Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList());
        var after = await (await admin.GetAsync(Path)).JsonAsync();
        Assert.Equal((6, 20, 3), (after.GetProperty("sharedLimit").GetInt32(), after.GetProperty("outlierMinimum").GetInt32(), after.GetProperty("outlierFactor").GetInt32()));
    }

    [Fact]
    public async Task Settings_MissingField_Is400NamingIt()
    {
        var admin = await App.CreateStaffClientAsync();

        var problem = await (await admin.PutAsJsonAsync(Path, new { sharedLimit = 6, outlierFactor = 3 })).JsonAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("outlierMinimum", out _));
    }

    [Fact]
    public async Task Report_SharedLimitLowered_MakesAnEmailBehindThreeRegistrationsAFinding()
    {
        var admin = await App.CreateStaffClientAsync();
        var (_, dayId, _) = await Flow.ClinicDayAsync();
        var slot = await FirstSlotAsync(dayId);
        foreach (var (first, n) in new[] { ("Ann", 1), ("Bea", 2), ("Cleo", 3) })
        {
            await BookAsync(admin, await RegisterAsync("family@example.org", first, n), slot);
        }
        Assert.Empty(await ReasonsAsync(admin, dayId));

        (await admin.PutAsJsonAsync(Path, new { sharedLimit = 2, outlierMinimum = 20, outlierFactor = 3 })).EnsureSuccessStatusCode();

        var reasons = await ReasonsAsync(admin, dayId);
        Assert.Equal(3, reasons.Count);
        Assert.All(reasons, r => Assert.Equal(["sharedContact"], r));
    }

    [Fact]
    public async Task Report_OutlierThresholdsLowered_FlagsOnlyTheStaffMemberWhoBookedMoreThanTheFactorTimesTheOthers()
    {
        var admin = await App.CreateStaffClientAsync();
        var email = $"agent-{Guid.NewGuid():N}@test.local";
        var created = await (await admin.PostAsJsonAsync("/api/v1/admin/staff", new { email, displayName = "Cal Centre", roles = new[] { "CallCentre" } })).JsonAsync(HttpStatusCode.Created);
        var agent = await App.CreateStaffClientAsync(email, created.GetProperty("initialPassword").GetString()!);
        var (_, dayId, _) = await Flow.ClinicDayAsync();
        var slot = await FirstSlotAsync(dayId);
        for (var i = 0; i < 4; i++)
        {
            await BookAsync(admin, (await Flow.RegisterAsync()).Id, slot);
        }
        await BookAsync(agent, (await Flow.RegisterAsync()).Id, slot);
        Assert.Empty(await ReasonsAsync(admin, dayId));

        // 4 bookings against the others' median of 1: an outlier at factor 2, not at factor 4.
        (await admin.PutAsJsonAsync(Path, new { sharedLimit = 6, outlierMinimum = 3, outlierFactor = 4 })).EnsureSuccessStatusCode();
        Assert.Empty(await ReasonsAsync(admin, dayId));
        (await admin.PutAsJsonAsync(Path, new { sharedLimit = 6, outlierMinimum = 5, outlierFactor = 2 })).EnsureSuccessStatusCode();
        Assert.Empty(await ReasonsAsync(admin, dayId));
        (await admin.PutAsJsonAsync(Path, new { sharedLimit = 6, outlierMinimum = 3, outlierFactor = 2 })).EnsureSuccessStatusCode();

        var reasons = await ReasonsAsync(admin, dayId);
        Assert.Equal(4, reasons.Count);
        Assert.All(reasons, r => Assert.Equal(["staffOutlier"], r));
    }

    [Fact]
    public async Task Settings_ForAScheduler_AreForbidden()
    {
        var admin = await App.CreateStaffClientAsync();
        var email = $"scheduler-{Guid.NewGuid():N}@test.local";
        var created = await (await admin.PostAsJsonAsync("/api/v1/admin/staff", new { email, displayName = "Sam Scheduler", roles = new[] { "Scheduler" } })).JsonAsync(HttpStatusCode.Created);
        var scheduler = await App.CreateStaffClientAsync(email, created.GetProperty("initialPassword").GetString()!);

        Assert.Equal(HttpStatusCode.Forbidden, (await scheduler.GetAsync(Path)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await scheduler.PutAsJsonAsync(Path, new { sharedLimit = 1, outlierMinimum = 2, outlierFactor = 2 })).StatusCode);
    }
}

internal static class InvitationFlowDates
{
    /// <summary>An adult's date of birth, different per <paramref name="n"/> so names alone tell people apart.</summary>
    public static string Adult(int n) => Features.InvitationFlow.Today.AddYears(-40).AddDays(-n).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
