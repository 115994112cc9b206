using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FairShot.BrowserTests.Console;

/// <summary>Features/Supply/ProductsPage: the products list, and an admin adding and changing one, checked by axe-core.</summary>
public sealed class ProductsTests(ConsoleApp app)
{
    [Fact]
    public async Task ProductsPage_AddWithMistakes_SaysWhatToFix_ThenAddsAndChangesTheProduct()
    {
        await using var tab = await PortalPages.OpenForAxeAsync(app);
        await tab.SignInAsync(ConsoleApp.AdminEmail, app.AdminPassword);
        await tab.Page.GetByRole(AriaRole.Navigation, new() { Name = "Primary navigation" }).GetByRole(AriaRole.Link, new() { Name = "Products" }).ClickAsync();
        await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Vaccine products");
        await Expect(tab.Page.Locator("tbody tr", new() { HasText = "CVX 208" })).ToContainTextAsync("at least 21");
        await PortalPages.AssertAccessibleAsync(tab.Page, "products");

        var form = tab.Page.Locator("form", new() { Has = tab.Page.GetByRole(AriaRole.Button, new() { Name = "Add the product" }) });
        await form.GetByLabel("CVX code").FillAsync("20A");
        await form.GetByLabel("Manufacturer").FillAsync("Browser Biologics");
        await form.GetByLabel("NDC of the unit of use").FillAsync("12345");
        await form.GetByLabel("Doses per vial").FillAsync("ten");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add the product" }).ClickAsync();

        await Expect(tab.Page.Locator("#CvxCode-error")).ToContainTextAsync("1 to 3 digits");
        await Expect(tab.Page.Locator("#Name-error")).ToContainTextAsync("Enter the product's name");
        await Expect(tab.Page.Locator("#NdcUnitOfUse-error")).ToContainTextAsync("5-4-2 digits");
        await Expect(tab.Page.Locator("#DosesPerVial-error")).ToContainTextAsync("how many doses one vial gives");
        await Expect(tab.Page.Locator("#error-summary a[href='#CvxCode']")).ToBeVisibleAsync();
        await Expect(tab.Page.GetByLabel("CVX code")).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex("1 to 3 digits"));
        await Expect(tab.Page.GetByLabel("Manufacturer")).ToHaveValueAsync("Browser Biologics"); // what was typed stays
        await PortalPages.AssertAccessibleAsync(tab.Page, "products with form errors");
        await tab.ScreenshotAsync("products-errors");

        await FillAsync(form, "501", "Browser Test Vaccine", openVialHours: "6");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add the product" }).ClickAsync();
        await Expect(tab.Page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Added Browser Test Vaccine (CVX 501).");
        var row = tab.Page.Locator("tbody tr", new() { HasText = "CVX 501" });
        await Expect(row).ToContainTextAsync("Browser Biologics (MVX BRW)");

        // The same CVX code again is refused next to the field, saying what to do instead.
        await FillAsync(form, "501", "Browser Test Vaccine again", openVialHours: "6");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add the product" }).ClickAsync();
        await Expect(tab.Page.Locator("#CvxCode-error")).ToContainTextAsync("Product 501 exists already; change it instead.");

        await tab.Page.Locator("tbody tr", new() { HasText = "CVX 501" }).GetByRole(AriaRole.Link, new() { Name = "Change Browser Test Vaccine" }).ClickAsync();
        await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Name = "Change CVX 501" })).ToBeVisibleAsync();
        await Expect(tab.Page.GetByLabel("CVX code")).ToHaveCountAsync(0); // the code stays
        await Expect(tab.Page.GetByLabel("Hours an opened vial may be used")).ToHaveValueAsync("6");
        await tab.Page.GetByLabel("Hours an opened vial may be used").FillAsync("12");
        await PortalPages.AssertAccessibleAsync(tab.Page, "changing a product");
        await tab.ScreenshotAsync("products-change");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Save the changes" }).ClickAsync();

        await Expect(tab.Page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved the changes to Browser Test Vaccine (CVX 501).");
        await Expect(tab.Page.Locator("tbody tr", new() { HasText = "CVX 501" }).Locator("td[data-label='Open vial usable (hours)']")).ToHaveTextAsync("12");
        await tab.AssertLooksRightAsync();
        await tab.ScreenshotAsync("products");
        await tab.Page.SetViewportSizeAsync(390, 844);
        await tab.ScreenshotAsync("products-phone");
    }

    private static async Task FillAsync(ILocator form, string cvx, string name, string openVialHours)
    {
        await form.GetByLabel("CVX code").FillAsync(cvx);
        await form.GetByLabel("Product name").FillAsync(name);
        await form.GetByLabel("Manufacturer").FillAsync("Browser Biologics");
        await form.GetByLabel("MVX code").FillAsync("BRW");
        await form.GetByLabel("NDC of the unit of use").FillAsync("12345-6789-01");
        await form.GetByLabel("Doses per vial").FillAsync("10");
        await form.GetByLabel("Doses in the primary series").FillAsync("2");
        await form.GetByLabel("Minimum days between doses").FillAsync("21");
        await form.GetByLabel("Recommended days between doses").FillAsync("28");
        await form.GetByLabel("Hours an opened vial may be used").FillAsync(openVialHours);
    }
}
