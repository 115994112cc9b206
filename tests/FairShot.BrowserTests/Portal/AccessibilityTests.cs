using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FairShot.BrowserTests.Portal;

/// <summary>
/// axe-core on every public screen, in both languages, including a form showing its errors: no
/// serious or critical violation. The pages' CSP blocks injected scripts, so these tabs bypass it.
/// </summary>
public sealed class AccessibilityTests(ConsoleApp app)
{
    [Theory]
    [InlineData("en", "Continue", "Confirm and sign up")]
    [InlineData("es", "Continuar", "Confirmar e inscribirme")]
    public async Task EveryPublicScreen_HasNoSeriousAccessibilityViolation(string lang, string next, string confirm)
    {
        await using var tab = await PortalPages.OpenForAxeAsync(app);
        var page = tab.Page;
        var continueButton = page.GetByRole(AriaRole.Button, new() { Name = next, Exact = true });

        await page.GotoAsync($"/?lang={lang}");
        await PortalPages.AssertAccessibleAsync(page, "home");
        await page.GotoAsync("/register");
        await PortalPages.AssertAccessibleAsync(page, "step 1");
        await continueButton.ClickAsync();
        await Expect(page.Locator("#error-summary")).ToBeVisibleAsync();
        await PortalPages.AssertAccessibleAsync(page, "step 1 with errors");

        await page.Locator("#FirstName").FillAsync("Axel");
        await page.Locator("#LastName").FillAsync("Axe" + SignUpTests.Letters());
        await page.Locator("#DateOfBirth").SelectOptionAsync("11");
        await page.Locator("#BirthDay").FillAsync("2");
        await page.Locator("#BirthYear").FillAsync("1945");
        await continueButton.ClickAsync();
        await PortalPages.AssertAccessibleAsync(page, "step 2");
        await continueButton.ClickAsync();
        await Expect(page.Locator("#Email-error")).ToBeVisibleAsync();
        await PortalPages.AssertAccessibleAsync(page, "step 2 with errors");

        await page.Locator("#Email").FillAsync($"axe.{SignUpTests.Letters()}@example.org");
        await continueButton.ClickAsync();
        await PortalPages.AssertAccessibleAsync(page, "step 3");
        await page.Locator("#ZipCode").FillAsync("63050");
        await continueButton.ClickAsync();
        await PortalPages.AssertAccessibleAsync(page, "step 4");
        await continueButton.ClickAsync();
        await Expect(page.Locator("#Occupation-error")).ToBeVisibleAsync();
        await PortalPages.AssertAccessibleAsync(page, "step 4 with errors");

        await page.Locator("label[for='Occupation']").ClickAsync();
        await page.Locator("label[for='Setting']").ClickAsync();
        await continueButton.ClickAsync();
        await PortalPages.AssertAccessibleAsync(page, "step 5");
        await page.GetByRole(AriaRole.Button, new() { Name = confirm }).ClickAsync();
        await Expect(page).ToHaveURLAsync($"{app.BaseUrl}/register/done");
        await PortalPages.AssertAccessibleAsync(page, "confirmation");

        await page.GotoAsync("/status");
        await PortalPages.AssertAccessibleAsync(page, "status");
        await page.Locator("button[type=submit]").First.ClickAsync();
        await Expect(page.Locator("#Contact-error")).ToBeVisibleAsync();
        await PortalPages.AssertAccessibleAsync(page, "status with errors");
        await page.Locator("#Contact").FillAsync($"axe.{SignUpTests.Letters()}@example.org");
        await page.Locator("button[type=submit]").First.ClickAsync();
        await Expect(page.Locator("#Code")).ToBeVisibleAsync();
        await PortalPages.AssertAccessibleAsync(page, "status code");
    }
}
