using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FairShot.BrowserTests.Console;

/// <summary>Features/Supply: a clinic's stock page, the week's allocation with its proposal, and the projection, each checked by axe-core.</summary>
public sealed class SupplyPagesTests(ConsoleApp app)
{
    // axe is injected as a script, so these tabs bypass the CSP (as the portal's accessibility tests do) and sign in themselves.
    private async Task<ConsoleTab> AxeTabAsync(int width = 1280, int height = 900)
    {
        var tab = await PortalPages.OpenForAxeAsync(app, width, height);
        await tab.SignInAsync(ConsoleApp.AdminEmail, app.AdminPassword);
        await Expect(tab.Page.GetByText("Signed in as")).ToBeVisibleAsync();
        return tab;
    }

    private static DateOnly Today() =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("America/Chicago")).DateTime);

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task StockPage_ShowsLotsAndLedger_AndAWasteFormWithoutAReason_SaysWhatIsMissing()
    {
        var http = await app.AdminApiAsync();
        var clinic = await ConsoleApp.PostJsonAsync(http, "/api/v1/admin/clinics", new { name = $"Depot {Guid.NewGuid():N}"[..14], address = "3 Main St", timeZone = "America/Chicago" });
        var clinicId = clinic.GetProperty("id").GetString();
        await ConsoleApp.PostJsonAsync(http, "/api/v1/admin/shipments", new { clinicId, cvxCode = "208", lot = "EW0182", expiresOn = "2099-12-31", doses = 300 });
        await ConsoleApp.PostJsonAsync(http, "/api/v1/admin/shipments", new { clinicId, cvxCode = "208", lot = "EW0190", expiresOn = "2099-11-30", doses = 150, arrivesOn = Iso(Today().AddDays(10)) });

        await using var tab = await AxeTabAsync(1024, 768); // a tablet on its side
        await tab.Page.GotoAsync($"/console/clinics/{clinicId}/stock");
        await Expect(tab.Page.Locator("main")).ToContainTextAsync("EW0182");
        await Expect(tab.Page.Locator("main")).ToContainTextAsync("EW0190");
        await PortalPages.AssertAccessibleAsync(tab.Page, "stock page");

        var waste = tab.Page.Locator("form", new() { Has = tab.Page.GetByRole(AriaRole.Button, new() { Name = "Record wasted doses" }) });
        await waste.GetByLabel("Product").SelectOptionAsync("208");
        await waste.GetByLabel("Lot number").FillAsync("EW0182");
        await waste.GetByLabel("Doses").FillAsync("2");
        await waste.GetByRole(AriaRole.Button, new() { Name = "Record wasted doses" }).ClickAsync();
        await Expect(tab.Page.Locator("#Waste\\.Reason-error")).ToContainTextAsync("Choose a reason");
        await PortalPages.AssertAccessibleAsync(tab.Page, "stock page with a wastage error");
        await tab.ScreenshotAsync("supply-stock-waste-error");

        await waste.GetByLabel("Reason").SelectOptionAsync("broken");
        await waste.GetByLabel("Doses").FillAsync("2");
        await waste.GetByRole(AriaRole.Button, new() { Name = "Record wasted doses" }).ClickAsync();
        await Expect(tab.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Recorded 2 wasted doses of lot EW0182.");
        await Expect(tab.Page.Locator("main")).ToContainTextAsync("broken");
        await tab.ScreenshotAsync("supply-stock");
    }

    [Fact]
    public async Task AllocationPage_ProposesASplit_EditedAndAccepted_ThenTheProjectionShowsPhases()
    {
        var http = await app.AdminApiAsync();
        var monday = Today().AddDays(14);
        monday = monday.AddDays(-(((int)monday.DayOfWeek + 6) % 7));
        var a = await ConsoleApp.PostJsonAsync(http, "/api/v1/admin/clinics", new { name = $"North {Guid.NewGuid():N}"[..14], address = "4 Main St", timeZone = "America/Chicago" });
        var b = await ConsoleApp.PostJsonAsync(http, "/api/v1/admin/clinics", new { name = $"South {Guid.NewGuid():N}"[..14], address = "5 Main St", timeZone = "America/Chicago" });
        foreach (var c in new[] { a, b })
        {
            await ConsoleApp.PostJsonAsync(http, "/api/v1/admin/shipments", new { clinicId = c.GetProperty("id").GetString(), cvxCode = "207", lot = "BROWSER-207", expiresOn = "2099-12-31", doses = 500 });
        }
        await ConsoleApp.PostJsonAsync(http, $"/api/v1/admin/clinics/{a.GetProperty("id").GetString()}/days",
            new { date = Iso(monday.AddDays(1)), opensAt = "09:00", closesAt = "10:00", slotMinutes = 15, capacityPerSlot = 5, cvxCode = "207" });

        await using var tab = await AxeTabAsync();
        await tab.Page.GotoAsync($"/console/allocations?weekOf={Iso(monday)}");
        await tab.Page.GetByLabel("Product").SelectOptionAsync("207");
        await tab.Page.GetByLabel("Doses allocated for the week").FillAsync("1200");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Save allocation" }).ClickAsync();
        await Expect(tab.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Allocation saved: 1,200 doses");
        var north = tab.Page.GetByLabel($"Doses to send to {a.GetProperty("name").GetString()}");
        await Expect(north).ToHaveValueAsync("1200"); // the only clinic with a day planned that week
        await PortalPages.AssertAccessibleAsync(tab.Page, "allocation proposal");
        await tab.ScreenshotAsync("supply-allocation-proposal");

        await north.FillAsync("1000");
        await tab.Page.GetByLabel($"Doses to send to {b.GetProperty("name").GetString()}").FillAsync("200");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Accept and expect these shipments" }).ClickAsync();
        await Expect(tab.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Accepted: 1,200 doses expected at 2 clinics");
        await PortalPages.AssertAccessibleAsync(tab.Page, "allocation accepted");
        await tab.ScreenshotAsync("supply-allocation-accepted");

        await tab.Page.GotoAsync("/console/supply/projection");
        await Expect(tab.Page.Locator("main table")).ToContainTextAsync("Phase 1a");
        await PortalPages.AssertAccessibleAsync(tab.Page, "projection");
        await tab.ScreenshotAsync("supply-projection");
    }
}
