using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FairShot.BrowserTests.Console;

/// <summary>Features/Console/StaffAccounts: an admin adds and disables staff; roles decide what they see.</summary>
public sealed partial class StaffTests(ConsoleApp app)
{
    [Fact]
    public async Task CreateStaff_AsScheduler_ShowsTheOneTimePasswordOnceAndItSignsIn()
    {
        await using var admin = await app.OpenAsAdminAsync();
        var email = $"sam.{Guid.NewGuid().ToString()[..8]}@county.test";

        await AddStaffAsync(admin, "Sam Scheduler", email, "Scheduler");

        var alert = admin.Page.Locator("#new-staff");
        await Expect(alert).ToContainTextAsync("Sam Scheduler can now sign in");
        await Expect(alert).ToContainTextAsync("only time");
        var password = (await admin.Page.Locator("#one-time-password").InnerTextAsync()).Trim();
        Assert.Matches(OneTimePassword(), password);
        var row = admin.Page.Locator("tbody tr", new() { HasText = email });
        await Expect(row).ToContainTextAsync("Scheduler");
        await Expect(row).ToContainTextAsync("Active");
        await Expect(admin.Page.GetByLabel("Full name")).ToHaveValueAsync(""); // ready for the next person
        await admin.AssertLooksRightAsync();
        await admin.ScreenshotAsync("staff-created");

        await admin.Page.GotoAsync("/console/staff");
        await Expect(admin.Page.Locator("#one-time-password")).ToHaveCountAsync(0);
        Assert.DoesNotContain(password, await admin.Page.ContentAsync(), StringComparison.Ordinal);

        await using var scheduler = await app.OpenAsync();
        await scheduler.SignInAsync(email, password);
        await Expect(scheduler.Page).ToHaveURLAsync($"{app.BaseUrl}/console");
        var nav = scheduler.Page.GetByRole(AriaRole.Navigation, new() { Name = "Primary navigation" });
        await Expect(nav).ToContainTextAsync("Signed in as Sam Scheduler");
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Staff" })).ToHaveCountAsync(0);
        var denied = await scheduler.Page.GotoAsync("/console/staff");
        Assert.Equal(403, denied!.Status);
        await Expect(scheduler.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("You cannot open this page");
        await scheduler.ScreenshotAsync("denied");
    }

    [Fact]
    public async Task CreateStaff_WithoutRoleOrValidEmail_ShowsMessagesNextToTheFields()
    {
        await using var admin = await app.OpenAsAdminAsync();

        await AddStaffAsync(admin, "Pat Nobody", "not-an-email");

        await Expect(admin.Page.Locator("#Email-error")).ToContainTextAsync("work e-mail address");
        await Expect(admin.Page.Locator("#Roles-error")).ToHaveTextAsync("Choose at least one role.");
        await Expect(admin.Page.Locator("fieldset#Roles")).ToContainClassAsync("usa-form-group--error");
        await Expect(admin.Page.Locator("#one-time-password")).ToHaveCountAsync(0);
        await Expect(admin.Page.GetByLabel("Full name")).ToHaveValueAsync("Pat Nobody");
        await admin.ScreenshotAsync("staff-errors");
    }

    [Fact]
    public async Task DisableStaff_WithTheButtonInTheirRow_MarksThemDisabledAndEndsTheirSession()
    {
        await using var admin = await app.OpenAsAdminAsync();
        var email = $"casey.{Guid.NewGuid().ToString()[..8]}@county.test";
        await AddStaffAsync(admin, "Casey Caller", email, "CallCentre");
        var password = (await admin.Page.Locator("#one-time-password").InnerTextAsync()).Trim();
        await using var casey = await app.OpenAsync();
        await casey.SignInAsync(email, password);
        await Expect(casey.Page).ToHaveURLAsync($"{app.BaseUrl}/console");

        var row = admin.Page.Locator("tbody tr", new() { HasText = email });
        await Expect(row).ToContainTextAsync("signs Casey Caller out everywhere");
        await row.GetByRole(AriaRole.Button, new() { Name = "Disable Casey Caller" }).ClickAsync();

        await Expect(admin.Page.GetByText("Casey Caller's account is disabled.")).ToBeVisibleAsync();
        await Expect(admin.Page.Locator("tbody tr", new() { HasText = email })).ToContainTextAsync("Disabled");
        // Your own row keeps its clinic checkboxes and their save button, but offers no way to disable yourself.
        var ownRow = admin.Page.Locator("tbody tr", new() { HasText = ConsoleApp.AdminEmail });
        await Expect(ownRow).ToContainTextAsync("This is you");
        await Expect(ownRow.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Disable") })).ToHaveCountAsync(0);
        await Expect(ownRow.Locator("form.fs-disable")).ToHaveCountAsync(0);
        var after = await casey.Page.GotoAsync("/console");
        Assert.Equal(403, after!.Status);
    }

    [Fact]
    public async Task AssignClinics_WithTheCheckboxesInTheirRow_SavesThemAndShowsThemTicked()
    {
        var clinic = $"Ward {Guid.NewGuid().ToString()[..8]}";
        var other = $"Annex {Guid.NewGuid().ToString()[..8]}";
        await using var admin = await PortalPages.OpenForAxeAsync(app);
        await admin.SignInAsync(ConsoleApp.AdminEmail, app.AdminPassword);
        foreach (var name in new[] { clinic, other })
        {
            await admin.Page.GotoAsync("/console/clinics/new");
            await admin.Page.GetByLabel("Clinic name").FillAsync(name);
            await admin.Page.GetByLabel("Street address").FillAsync("10 Hospital Dr, Hillsboro, MO 63050");
            await admin.Page.GetByLabel("Time zone").SelectOptionAsync("America/Chicago");
            await admin.Page.GetByRole(AriaRole.Button, new() { Name = "Add the clinic" }).ClickAsync();
            await Expect(admin.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(name);
        }
        var email = $"cleo.{Guid.NewGuid().ToString()[..8]}@county.test";
        await AddStaffAsync(admin, "Cleo Clinic", email, "ClinicStaff");
        await Expect(admin.Page.Locator("#new-staff")).ToContainTextAsync("Cleo Clinic can now sign in");

        var row = admin.Page.Locator("tbody tr", new() { HasText = email });
        var clinics = row.GetByRole(AriaRole.Group, new() { Name = "Clinics of Cleo Clinic" });
        await Expect(clinics.GetByRole(AriaRole.Checkbox, new() { Name = clinic, Exact = true })).Not.ToBeCheckedAsync();
        // USWDS draws its own box over the real input: a person clicks the label.
        await clinics.Locator("label", new() { HasTextRegex = new System.Text.RegularExpressions.Regex($"^{System.Text.RegularExpressions.Regex.Escape(clinic)}$") }).ClickAsync(); // not its "lead of" box
        await Expect(clinics.GetByRole(AriaRole.Checkbox, new() { Name = clinic, Exact = true })).ToBeCheckedAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "Save Cleo Clinic's clinics" }).ClickAsync();

        await Expect(admin.Page.GetByRole(AriaRole.Status)).ToHaveTextAsync($"Cleo Clinic's clinics: {clinic}.");
        await admin.Page.GotoAsync("/console/staff"); // saved, not just left ticked in the browser
        row = admin.Page.Locator("tbody tr", new() { HasText = email });
        clinics = row.GetByRole(AriaRole.Group, new() { Name = "Clinics of Cleo Clinic" });
        await Expect(clinics.GetByRole(AriaRole.Checkbox, new() { Name = clinic, Exact = true })).ToBeCheckedAsync();
        await Expect(clinics.GetByRole(AriaRole.Checkbox, new() { Name = other, Exact = true })).Not.ToBeCheckedAsync();
        await PortalPages.AssertAccessibleAsync(admin.Page, "staff page with clinic checkboxes");
        await admin.AssertLooksRightAsync();
        await admin.ScreenshotAsync("staff-clinics-saved");
        await admin.Page.SetViewportSizeAsync(390, 844);
        await admin.ScreenshotAsync("staff-clinics-phone");
    }

    internal static async Task AddStaffAsync(ConsoleTab tab, string name, string email, params string[] roles)
    {
        await tab.Page.GotoAsync("/console/staff");
        await tab.Page.GetByLabel("Full name").FillAsync(name);
        await tab.Page.GetByLabel("Work e-mail address").FillAsync(email);
        foreach (var role in roles)
        {
            // USWDS draws its own box and moves the real input off screen: a person clicks the label.
            await tab.Page.Locator($"label[for='Role-{role}']").ClickAsync();
            await Expect(tab.Page.Locator($"#Role-{role}")).ToBeCheckedAsync();
        }
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Add the staff member" }).ClickAsync();
    }

    [GeneratedRegex("^[A-Za-z0-9]{20}$")]
    private static partial Regex OneTimePassword();
}
