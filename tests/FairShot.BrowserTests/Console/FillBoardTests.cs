using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FairShot.BrowserTests.Console;

/// <summary>Features/Console/FillBoard: a scheduler watches a half-empty day and presses "fill now".</summary>
public sealed class FillBoardTests(ConsoleApp app)
{
    [Fact]
    public async Task FillBoard_OfAHalfEmptyDay_FillNow_SendsTheInvitations()
    {
        var http = await app.AdminApiAsync();
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");
        var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).DateTime).AddDays(2);
        var clinic = await ConsoleApp.PostJsonAsync(http, "/api/v1/admin/clinics", new { name = $"Fill {Guid.NewGuid():N}"[..13], address = "1 Main St", timeZone = "America/Chicago" });
        await ConsoleApp.PostJsonAsync(http, "/api/v1/admin/shipments", new { clinicId = clinic.GetProperty("id").GetString(), cvxCode = "212", lot = "BROWSER-1", expiresOn = "2099-12-31", doses = 1000 });
        var day = await ConsoleApp.PostJsonAsync(http, $"/api/v1/admin/clinics/{clinic.GetProperty("id").GetString()}/days",
            new { date = date.ToString("yyyy-MM-dd"), opensAt = "09:00", closesAt = "09:30", slotMinutes = 15, capacityPerSlot = 5, cvxCode = "212" });
        var dayId = day.GetProperty("id").GetString();
        var slot = day.GetProperty("slots")[0].GetProperty("id").GetString();
        var people = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            var person = await ConsoleApp.PostJsonAsync(http, "/api/v1/registrations", new
            {
                firstName = "Nurse",
                lastName = $"Fill{Guid.NewGuid():N}"[..12],
                dateOfBirth = $"198{i}-05-05",
                email = $"fill-{Guid.NewGuid():N}@example.org",
                zipCode = "63050",
                occupation = "healthcare",
                setting = "home",
            });
            people.Add(person.GetProperty("id").GetString()!);
        }
        foreach (var person in people.Take(5))
        {
            await ConsoleApp.PostJsonAsync(http, $"/api/v1/admin/people/{person}/appointments", new { slotId = slot, reason = "Booked by phone before the day." });
        }

        await using var tab = await app.OpenAsAdminAsync();
        await tab.Page.GotoAsync($"/console/clinic-days/{dayId}/fill");
        var numbers = tab.Page.GetByRole(AriaRole.List, new() { Name = "Fill of the day" });
        await Expect(numbers).ToContainTextAsync("10 places");
        await Expect(numbers).ToContainTextAsync("5 booked (50%)");
        await Expect(numbers).ToContainTextAsync("0 invitations out");
        await tab.AssertLooksRightAsync();
        await tab.ScreenshotAsync("fill-board-half-empty");

        // The browser fixture is shared, so other tests' registrants may be in line too: ask for three.
        await tab.Page.GetByLabel("How many people to invite").FillAsync("3");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Fill now" }).ClickAsync();

        await Expect(tab.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Invited 3 people");
        await Expect(numbers).ToContainTextAsync("3 invitations out");
        await Expect(tab.Page.Locator("main table")).ToContainTextAsync("Fill now by staff: invited 3 of the next people in line.");
        await tab.AssertLooksRightAsync();
        await tab.ScreenshotAsync("fill-board-after-fill-now");
    }
}

/// <summary>Features/Console/Rosters and Leftover: an admin uploads a roster; clinic staff offer leftover doses.</summary>
public sealed class RosterAndLeftoverPageTests(ConsoleApp app)
{
    [Fact]
    public async Task RosterUpload_WithABadLine_ListsTheLine_AndAGoodRosterImports()
    {
        await using var tab = await app.OpenAsAdminAsync();
        await tab.Page.GotoAsync("/console/rosters");
        var bad = System.Text.Encoding.UTF8.GetBytes("first_name,last_name,date_of_birth,email\nAna,Ruiz,1980-04-02,ana.roster@example.org\nBo,,1979-01-01,bo.roster@example.org\n");
        await tab.Page.GetByLabel("Employer").FillAsync("Jefferson County Sheriff");
        await tab.Page.GetByLabel("What the people on it do").SelectOptionAsync("law-enforcement");
        await tab.Page.GetByLabel("ZIP code to use when a line has none").FillAsync("63050");
        await tab.Page.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload { Name = "roster.csv", MimeType = "text/csv", Buffer = bad });
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Import the roster" }).ClickAsync();

        await Expect(tab.Page.Locator("main")).ToContainTextAsync("Line 3: lastName");
        await tab.AssertLooksRightAsync();
        await tab.ScreenshotAsync("roster-bad-line");

        var good = System.Text.Encoding.UTF8.GetBytes("first_name,last_name,date_of_birth,email\nAna,Ruiz,1980-04-02,ana.roster@example.org\nBo,Lee,1979-01-01,bo.roster@example.org\n");
        await tab.Page.GetByLabel("Employer").FillAsync("Jefferson County Sheriff");
        await tab.Page.GetByLabel("What the people on it do").SelectOptionAsync("law-enforcement");
        await tab.Page.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload { Name = "roster.csv", MimeType = "text/csv", Buffer = good });
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Import the roster" }).ClickAsync();

        await Expect(tab.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("2 people, 2 newly registered");
        await tab.ScreenshotAsync("roster-imported");
    }

    [Fact]
    public async Task LeftoverDoses_WithNobodyOnStandby_OpensTheSlotAndSaysNoOfferWentOut()
    {
        var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var token = await (await http.PostAsJsonAsync("/api/v1/auth/token", new { email = ConsoleApp.AdminEmail, password = app.AdminPassword })).Content.ReadFromJsonAsync<JsonElement>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        // Leftover doses are reported on the clinic day itself: the browser fixture runs on the real
        // clock, so the day is today where the clinic is (its closing slot then opens within the hour).
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");
        var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).DateTime);
        var clinic = await (await http.PostAsJsonAsync("/api/v1/admin/clinics", new { name = $"Left {Guid.NewGuid():N}"[..13], address = "2 Main St", timeZone = "America/Chicago" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True((await http.PostAsJsonAsync("/api/v1/admin/shipments",
            new { clinicId = clinic.GetProperty("id").GetString(), cvxCode = "212", lot = "BROWSER-1", expiresOn = "2099-12-31", doses = 1000 })).IsSuccessStatusCode);
        var created = await http.PostAsJsonAsync($"/api/v1/admin/clinics/{clinic.GetProperty("id").GetString()}/days",
            new { date = date.ToString("yyyy-MM-dd"), opensAt = "09:00", closesAt = "09:15", slotMinutes = 15, capacityPerSlot = 1, cvxCode = "212" });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var day = await created.Content.ReadFromJsonAsync<JsonElement>();

        await using var tab = await app.OpenAsAdminAsync(390, 844);
        await tab.Page.GotoAsync($"/console/clinic-days/{day.GetProperty("id").GetString()}/leftover");
        await tab.Page.GetByLabel("Doses left").FillAsync("3");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Offer them now" }).ClickAsync();

        // Nobody is on standby for this new clinic: the page says so instead of reporting "offered to 0 people".
        await Expect(tab.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("A last slot for 3 doses is open, but nobody eligible is on standby");
        var dayId = Guid.Parse(day.GetProperty("id").GetString()!);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<FairShot.Data.FairShotDb>();
            var slots = await db.Slots.AsNoTracking().Where(s => s.ClinicDayId == dayId).OrderBy(s => s.StartsAt).ToListAsync();
            Assert.Equal(2, slots.Count); // the planned one and the one closing slot
            Assert.Equal(3, slots[^1].Capacity);
        }
        await tab.AssertLooksRightAsync();
        await tab.ScreenshotAsync("leftover-doses-phone");
    }
}
