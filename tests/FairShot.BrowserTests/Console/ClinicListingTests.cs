using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FairShot.BrowserTests.Console;

/// <summary>
/// Features/Clinics/ClinicListing: an admin lists a clinic for slot finders, is told what is missing,
/// and the public feed then carries the clinic; checked by axe-core.
/// </summary>
public sealed class ClinicListingTests(ConsoleApp app)
{
    [Fact]
    public async Task Listing_WithoutTheTown_SaysWhatToFill_ThenTheFeedShowsTheClinic()
    {
        var api = await app.AdminApiAsync();
        var name = "Fairgrounds " + Guid.NewGuid().ToString("N")[..6];
        var clinic = await ConsoleApp.PostJsonAsync(api, "/api/v1/admin/clinics", new { name, address = "1200 Fairgrounds Rd", timeZone = "America/Chicago" });
        var clinicId = clinic.GetProperty("id").GetString()!;

        await using var tab = await PortalPages.OpenForAxeAsync(app);
        await tab.SignInAsync(ConsoleApp.AdminEmail, app.AdminPassword);
        await tab.Page.GotoAsync($"{app.BaseUrl}/console/clinics/{clinicId}");
        await Expect(tab.Page.Locator("dd", new() { HasText = "Not shown" })).ToBeVisibleAsync();
        await tab.Page.GetByRole(AriaRole.Link, new() { Name = "Change" }).ClickAsync();
        await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Show {name} on slot finders");

        await tab.Page.Locator("label[for='IsPublic']").ClickAsync(); // USWDS draws the box on the label
        await tab.Page.GetByLabel("Booking phone (optional)").FillAsync("555");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(tab.Page.Locator("#City-error")).ToContainTextAsync("needs its city");
        await Expect(tab.Page.Locator("#State-error")).ToContainTextAsync("needs its state");
        await Expect(tab.Page.Locator("#PostalCode-error")).ToContainTextAsync("needs its ZIP code");
        await Expect(tab.Page.Locator("#Phone-error")).ToContainTextAsync("with its area code");
        await Expect(tab.Page.GetByLabel("Show this clinic's free seats on slot finders")).ToBeCheckedAsync(); // what was chosen stays
        await PortalPages.AssertAccessibleAsync(tab.Page, "clinic listing with errors");
        await tab.ScreenshotAsync("clinic-listing-errors");

        await tab.Page.GetByLabel("City").FillAsync("Hillsboro");
        await tab.Page.GetByLabel("State").FillAsync("MO");
        await tab.Page.GetByLabel("ZIP code").FillAsync("63050");
        await tab.Page.GetByLabel("Booking phone (optional)").FillAsync("(636) 555-0100");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Expect(tab.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Slot finders will show this clinic's free seats");
        await Expect(tab.Page.Locator("dd", new() { HasText = "Shown (Hillsboro, MO 63050)" })).ToBeVisibleAsync();
        await tab.AssertLooksRightAsync();
        await tab.ScreenshotAsync("clinic-listed");

        // The page's own link to the feed, then the Location file it names, without signing in.
        using var anonymous = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var locations = await anonymous.GetStringAsync("/fhir/scheduling/locations.ndjson");
        var line = Assert.Single(locations.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains(clinicId, StringComparison.Ordinal));
        Assert.Contains("\"value\":\"636-555-0100\"", line, StringComparison.Ordinal);

        await tab.Page.GotoAsync($"{app.BaseUrl}/console/clinics/{clinicId}/listing");
        await Expect(tab.Page.GetByLabel("Booking phone (optional)")).ToHaveValueAsync("636-555-0100");
        await tab.Page.SetViewportSizeAsync(390, 844);
        await tab.AssertLooksRightAsync();
        await tab.ScreenshotAsync("clinic-listing-phone");
    }
}
