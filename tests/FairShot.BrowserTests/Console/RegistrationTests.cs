using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FairShot.BrowserTests.Console;

/// <summary>Features/Console/Registrations and Line: a call-centre agent registers someone by phone and finds them in the line.</summary>
public sealed class RegistrationTests(ConsoleApp app)
{
    [Fact]
    public async Task RegisterSomeone_AsCallCentreAgent_AppearsInTheLineAndCanBeCorrected()
    {
        var (agent, agentName) = await SignInNewAgentAsync();
        await using var _ = agent;
        var page = agent.Page;
        var last = "Phone" + Portal.SignUpTests.Letters();
        var zip = $"65{Random.Shared.Next(100, 999)}";

        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Primary navigation" });
        await nav.GetByRole(AriaRole.Link, new() { Name = "Register someone" }).ClickAsync();
        await page.GetByLabel("First name").FillAsync("Josefina");
        await page.GetByLabel("Last name").FillAsync(last);
        await page.GetByLabel("Date of birth").FillAsync(Portal.SignUpTests.Today().AddYears(-81).ToString("yyyy-MM-dd"));
        await page.Locator("label[for='Language-es']").ClickAsync();
        await page.GetByLabel("Mobile phone").FillAsync($"314-555-{Random.Shared.Next(1000, 9999)}");
        await page.GetByLabel("ZIP code").FillAsync(zip);
        await page.GetByLabel("Work").SelectOptionAsync("none");
        await page.GetByLabel("Where the person lives").SelectOptionAsync("home");
        await agent.ScreenshotAsync("console-register");
        await page.GetByRole(AriaRole.Button, new() { Name = "Register", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Josefina {last}");
        await Expect(page.Locator("#registered")).ToContainTextAsync("People 75 and older");
        await Expect(page.Locator("main")).ToContainTextAsync(agentName); // registered by the agent
        await Expect(page.Locator("main")).ToContainTextAsync("Spanish");
        await agent.AssertLooksRightAsync();
        await agent.ScreenshotAsync("console-registered");

        await nav.GetByRole(AriaRole.Link, new() { Name = "Line" }).ClickAsync();
        await page.GetByLabel("ZIP code").FillAsync(zip);
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        var row = page.Locator("table.fs-line tbody tr", new() { HasText = last });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("People 75 and older");
        await Expect(row).ToContainTextAsync("By phone");
        await Expect(row.Locator("td").First).ToHaveTextAsync("1"); // first for this ZIP code
        await agent.AssertLooksRightAsync();
        await agent.ScreenshotAsync("console-line");

        // Correct the ZIP code from the line: the row's link opens the registration.
        await row.GetByRole(AriaRole.Link).ClickAsync();
        await page.GetByLabel("ZIP code").FillAsync("63050");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the correction" }).ClickAsync();
        await Expect(page.Locator("#corrected")).ToContainTextAsync("corrected");
        await Expect(page.GetByLabel("ZIP code")).ToHaveValueAsync("63050");
    }

    [Fact]
    public async Task Line_WithFilters_KeepsThemAcrossTheFormAndIgnoresABadZip()
    {
        await using var admin = await app.OpenAsAdminAsync(390, 844);
        var page = admin.Page;

        await page.GotoAsync("/console/line?phase=1b&zip=12");

        await Expect(page.GetByLabel("Phase")).ToHaveValueAsync("1b");
        await Expect(page.Locator("#zip-error")).ToContainTextAsync("5 digits");
        await Expect(page.Locator("#line-count")).ToContainTextAsync("matching the filters");
        await admin.AssertLooksRightAsync();
        await admin.ScreenshotAsync("console-line-phone");
    }

    private async Task<(ConsoleTab Tab, string Name)> SignInNewAgentAsync()
    {
        var name = "Carmen Caller " + Portal.SignUpTests.Letters();
        var email = $"carmen.{Portal.SignUpTests.Letters()}@county.test";
        string password;
        await using (var admin = await app.OpenAsAdminAsync())
        {
            await admin.Page.GotoAsync("/console/staff");
            await admin.Page.GetByLabel("Full name").FillAsync(name);
            await admin.Page.GetByLabel("Work e-mail address").FillAsync(email);
            await admin.Page.Locator("label[for='Role-CallCentre']").ClickAsync();
            await admin.Page.GetByRole(AriaRole.Button, new() { Name = "Add the staff member" }).ClickAsync();
            password = (await admin.Page.Locator("#one-time-password").InnerTextAsync()).Trim();
        }
        var agent = await app.OpenAsync();
        await agent.SignInAsync(email, password);
        await Expect(agent.Page).ToHaveURLAsync($"{app.BaseUrl}/console");
        return (agent, name);
    }
}
