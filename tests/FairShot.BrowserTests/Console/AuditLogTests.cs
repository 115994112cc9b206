using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FairShot.BrowserTests.Console;

/// <summary>Features/Console/AuditLog: an admin checks the chain and reads who changed what.</summary>
public sealed class AuditLogTests(ConsoleApp app)
{
    [Fact]
    public async Task OpenAuditLog_AfterAddingAClinic_ShowsAnIntactChainAndTheEntry()
    {
        await using var tab = await app.OpenAsAdminAsync();
        var name = $"Audit Hall {Guid.NewGuid().ToString()[..8]}";
        await tab.Page.GotoAsync("/console/clinics/new");
        await tab.Page.GetByLabel("Clinic name").FillAsync(name);
        await tab.Page.GetByLabel("Street address").FillAsync("9 Court St, Hillsboro, MO 63050");
        await tab.Page.GetByLabel("Time zone").SelectOptionAsync("America/Chicago");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Add the clinic" }).ClickAsync();
        await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(name);

        await tab.Page.GotoAsync("/console/audit");
        await Expect(tab.Page.Locator("#audit-check")).ToContainTextAsync("complete and unchanged");
        await tab.Page.GetByLabel("Show entries about").SelectOptionAsync("Clinic");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();

        await Expect(tab.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("type=Clinic"));
        var entry = tab.Page.Locator("tbody tr", new() { HasText = name });
        await Expect(entry).ToContainTextAsync("Clinic created");
        await Expect(entry).ToContainTextAsync("Administrator");
        await Expect(tab.Page.Locator("tbody tr", new() { HasText = "Staff created" })).ToHaveCountAsync(0);
        await tab.AssertLooksRightAsync();
        await tab.ScreenshotAsync("audit");
    }
}
