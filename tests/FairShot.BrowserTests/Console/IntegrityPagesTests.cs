using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FairShot.BrowserTests.Console;

/// <summary>
/// Features/Integrity's console pages, as an admin cleaning up after a shared partner link: the
/// report of a clinic day, the selective cancellation with its dry run, the call list, and one
/// person's story; axe-core on each page and a screenshot of each.
/// </summary>
public sealed class IntegrityPagesTests(ConsoleApp app)
{
    private static async Task<JsonElement> SendAsync(Task<HttpResponseMessage> sending, string what)
    {
        var response = await sending;
        Assert.True(response.IsSuccessStatusCode, $"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Admin_CleansUpADay_ReportDryRunCancellationCallListAndStory()
    {
        var http = await app.AdminApiAsync();
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var clinic = await SendAsync(http.PostAsJsonAsync("/api/v1/admin/clinics", new { name = $"Jefferson {suffix}", address = "1 Main St, Hillsboro, MO", timeZone = "America/Chicago" }), "clinic");
        var clinicId = clinic.GetProperty("id").GetString()!;
        await SendAsync(http.PostAsJsonAsync("/api/v1/admin/shipments", new { clinicId, cvxCode = "208", lot = "INT" + suffix, expiresOn = "2099-12-31", doses = 100 }), "shipment");
        var date = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(20);
        var day = await SendAsync(http.PostAsJsonAsync($"/api/v1/admin/clinics/{clinicId}/days", new
        {
            date = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            opensAt = "09:00",
            closesAt = "10:00",
            slotMinutes = 15,
            capacityPerSlot = 4,
            cvxCode = "208",
        }), "clinic day");
        var dayId = day.GetProperty("id").GetString()!;

        // One person who booked properly (a staff booking with a reason) ...
        var lastName = "Proper" + suffix;
        var person = await SendAsync(http.PostAsJsonAsync("/api/v1/registrations", new
        {
            firstName = "Rosa",
            lastName,
            dateOfBirth = "1950-04-02",
            phone = "(314) 555-0142",
            zipCode = "63050",
            occupation = "healthcare",
            setting = "home",
            language = "es",
        }), "registration");
        var personId = person.GetProperty("id").GetString()!;
        await SendAsync(http.PostAsJsonAsync($"/api/v1/admin/people/{personId}/appointments", new { slotId = day.GetProperty("slots")[0].GetProperty("id").GetString(), reason = "booked by phone" }), "staff booking");
        // ... and three who came in through a partner's shared link, never registered before.
        var csv = new StringBuilder("firstName,lastName,dateOfBirth,email,phone,zipCode,startsAt\n");
        for (var i = 0; i < 3; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"Link{i},Shared{suffix},{1980 + i}-05-0{i + 1},shared{suffix}@example.net,,63050,{date:yyyy-MM-dd}T09:{15 * (i + 1):00}\n");
        }
        await SendAsync(http.PostAsync($"/api/v1/admin/imports/appointments?clinicDayId={dayId}&partner=Hospital%20portal", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv")), "import");

        await using var tab = await PortalPages.OpenForAxeAsync(app);
        await tab.SignInAsync(ConsoleApp.AdminEmail, app.AdminPassword);
        await Expect(tab.Page).ToHaveURLAsync($"{app.BaseUrl}/console");

        // The report: from the console home, pick the day.
        await tab.Page.GetByRole(AriaRole.Link, new() { Name = "Integrity report" }).ClickAsync();
        await tab.Page.GetByLabel("Clinic day").SelectOptionAsync(dayId);
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Show the report" }).ClickAsync();
        await Expect(tab.Page.Locator(".fs-numbers")).ToContainTextAsync("3 failed a check");
        await Expect(tab.Page.Locator(".fs-numbers")).ToContainTextAsync("1 passed every check");
        var findings = tab.Page.Locator("#findings + table, #findings ~ .fs-table-wrap").First;
        await Expect(findings).ToContainTextAsync("Imported from Hospital portal");
        await Expect(findings).Not.ToContainTextAsync(lastName);
        await Expect(tab.Page.Locator("main")).Not.ToContainTextAsync("1980-05-01");
        await tab.AssertLooksRightAsync();
        await PortalPages.AssertAccessibleAsync(tab.Page, "integrity report");
        await tab.ScreenshotAsync("integrity-report");

        // The clean-up: reasons, words, the dry run, then confirm.
        await tab.Page.GetByRole(AriaRole.Link, new() { Name = "Cancel bookings that failed a check" }).ClickAsync();
        await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Cancel bookings that failed a check");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Show who would be cancelled" }).ClickAsync();
        await Expect(tab.Page.Locator("#error-summary")).ToContainTextAsync("Choose at least one reason");
        await PortalPages.AssertAccessibleAsync(tab.Page, "cancellation with nothing chosen");
        await tab.ScreenshotAsync("integrity-cancel-nothing-chosen");
        // USWDS draws its own box over the real input: a person clicks the label.
        await tab.Page.Locator("label[for=Reason-noValidChain]").ClickAsync();
        await Expect(tab.Page.GetByLabel("No traceable booking (3)")).ToBeCheckedAsync();
        await tab.Page.GetByLabel("A few words from the county").FillAsync("If you are eligible, please register on FairShot and we will invite you.");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Show who would be cancelled" }).ClickAsync();
        await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Name = "3 appointments would be cancelled" })).ToBeVisibleAsync();
        await Expect(tab.Page.Locator("#dry-run-list tbody tr")).ToHaveCountAsync(3);
        await Expect(tab.Page.Locator("#message-preview")).ToContainTextAsync("please register on FairShot");
        await PortalPages.AssertAccessibleAsync(tab.Page, "cancellation dry run");
        await tab.ScreenshotAsync("integrity-dry-run");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Cancel these 3 appointments and tell each person" }).ClickAsync();
        var done = tab.Page.Locator("#done");
        await Expect(done).ToContainTextAsync("Cancelled 3 appointments");
        await Expect(done).ToContainTextAsync("3 people were told why");
        await PortalPages.AssertAccessibleAsync(tab.Page, "cancellation done");
        await tab.ScreenshotAsync("integrity-cancelled");

        // The call list: the one who booked properly, phoned and confirmed.
        await done.GetByRole(AriaRole.Link, new() { Name = "phone the people who booked properly" }).ClickAsync();
        await Expect(tab.Page.Locator("#left-to-call")).ToContainTextAsync("1 left to call");
        var row = tab.Page.Locator("tbody tr", new() { HasText = lastName });
        await Expect(row).ToContainTextAsync("(314) 555-0142");
        await PortalPages.AssertAccessibleAsync(tab.Page, "call list");
        await tab.ScreenshotAsync("integrity-call-list");
        await row.GetByLabel($"What came of the call to Rosa {lastName}").SelectOptionAsync("confirmed");
        await row.GetByRole(AriaRole.Button, new() { Name = $"Record the call to Rosa {lastName}" }).ClickAsync();
        await Expect(tab.Page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Rosa {lastName}: confirmed.");
        await Expect(tab.Page.Locator("#left-to-call")).ToContainTextAsync("0 left to call");
        await tab.Page.GetByRole(AriaRole.Link, new() { Name = "Show everyone, with the calls already made" }).ClickAsync();
        await Expect(tab.Page.Locator("tbody tr", new() { HasText = lastName })).ToContainTextAsync("Confirmed");
        await PortalPages.AssertAccessibleAsync(tab.Page, "call list, everyone");
        await tab.ScreenshotAsync("integrity-call-list-done");

        // One person's story, from the call list.
        await tab.Page.GetByRole(AriaRole.Link, new() { Name = $"Rosa {lastName}" }).ClickAsync();
        await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Rosa {lastName}");
        var story = tab.Page.Locator("#story");
        await Expect(story).ToContainTextAsync("Registered");
        await Expect(story).ToContainTextAsync("Booked");
        await Expect(story).ToContainTextAsync("Called to confirm");
        await Expect(tab.Page.Locator("main")).Not.ToContainTextAsync("555-0142");
        await Expect(tab.Page.Locator("main")).Not.ToContainTextAsync("1950");
        await PortalPages.AssertAccessibleAsync(tab.Page, "person story");
        await tab.ScreenshotAsync("integrity-story");
    }
}
