using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FairShot.BrowserTests.Console;

/// <summary>
/// Features/Vaccination at tablet width (768×1024): an admin makes a nurse the clinic's lead on the
/// staff page; the lead registers a walk-in in a closed phase (refused) and one in an open phase
/// (registered, checked in, vaccinated), then voids that dose. axe-core on each page.
/// </summary>
public sealed class ClinicDeskLeadAndWalkInTests(ConsoleApp app)
{
    private static async Task FillWalkInAsync(IPage page, string lastName, string dateOfBirth, string occupation)
    {
        await page.GetByLabel("First name").FillAsync("Wanda");
        await page.GetByLabel("Last name").FillAsync(lastName);
        await page.GetByLabel("Date of birth").FillAsync(dateOfBirth);
        await page.GetByLabel("E-mail address").FillAsync($"{Guid.NewGuid():N}@example.org");
        await page.GetByLabel("ZIP code").FillAsync("63050");
        await page.GetByLabel("Work", new() { Exact = true }).SelectOptionAsync(occupation);
        await page.GetByLabel("Where the person lives").SelectOptionAsync("home");
    }

    [Fact]
    public async Task Lead_AtTabletWidth_IsMadeLeadOnTheStaffPage_RefusesAClosedPhaseWalkIn_VaccinatesAnOpenPhaseOne_AndVoidsTheDose()
    {
        var now = ConsoleApp.ChicagoNow();
        Assert.SkipWhen(now.Hour >= 21, "The clinic day needs two hours left today in Chicago.");
        var http = await app.AdminApiAsync();
        var clinicName = $"Door {Guid.NewGuid():N}"[..12];
        var clinic = await ConsoleApp.PostJsonAsync(http, "/api/v1/admin/clinics", new { name = clinicName, address = "9 Main St", timeZone = "America/Chicago" });
        var clinicId = clinic.GetProperty("id").GetString()!;
        await ConsoleApp.PostJsonAsync(http, "/api/v1/admin/shipments", new { clinicId, cvxCode = "208", lot = "WALK01", expiresOn = "2099-12-31", doses = 100 });
        var opens = new TimeOnly(now.Hour + 1, 0);
        var day = await ConsoleApp.PostJsonAsync(http, $"/api/v1/admin/clinics/{clinicId}/days", new
        {
            date = DateOnly.FromDateTime(now).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            opensAt = opens.ToString("HH:mm", CultureInfo.InvariantCulture),
            closesAt = opens.AddMinutes(30).ToString("HH:mm", CultureInfo.InvariantCulture),
            slotMinutes = 15,
            capacityPerSlot = 4,
            cvxCode = "208",
        });
        var dayId = day.GetProperty("id").GetString()!;
        var leadName = "Lena Lead " + Guid.NewGuid().ToString("N")[..4];
        var email = $"lead.{Guid.NewGuid().ToString()[..8]}@county.test";
        var staff = await ConsoleApp.PostJsonAsync(http, "/api/v1/admin/staff", new { email, displayName = leadName, roles = new[] { "ClinicStaff" }, clinicIds = new[] { clinicId } });
        var staffId = staff.GetProperty("staff").GetProperty("id").GetString()!;

        // The admin ticks "lead" without the clinic first (refused, in words), then both.
        await using (var admin = await PortalPages.OpenForAxeAsync(app, 768, 1024))
        {
            await admin.SignInAsync(ConsoleApp.AdminEmail, app.AdminPassword);
            await Expect(admin.Page.GetByText("Signed in as")).ToBeVisibleAsync();
            await admin.Page.GotoAsync("/console/staff");
            var row = admin.Page.Locator("tr", new() { Has = admin.Page.GetByRole(AriaRole.Rowheader, new() { Name = leadName }) });
            // USWDS boxes are drawn on their labels (the inputs sit off screen): a nurse taps the label.
            await row.Locator($"label[for='Clinic-{staffId}-{clinicId}']").ClickAsync();
            await row.Locator($"label[for='Lead-{staffId}-{clinicId}']").ClickAsync();
            await Expect(row.GetByLabel($"lead of {clinicName}")).ToBeCheckedAsync();
            await Expect(row.GetByLabel(clinicName, new() { Exact = true })).Not.ToBeCheckedAsync();
            await row.GetByRole(AriaRole.Button, new() { Name = $"Save {leadName}'s clinics" }).ClickAsync();
            await Expect(admin.Page.Locator("#error-summary")).ToContainTextAsync($"{leadName} can lead only a clinic they belong to. Tick {clinicName} too");
            await PortalPages.AssertAccessibleAsync(admin.Page, "staff page, lead without clinic");
            await admin.ScreenshotAsync("staff-lead-refused");
            row = admin.Page.Locator("tr", new() { Has = admin.Page.GetByRole(AriaRole.Rowheader, new() { Name = leadName }) });
            await Expect(row.GetByLabel(clinicName, new() { Exact = true })).ToBeCheckedAsync(); // as saved before: nothing was changed
            await row.Locator($"label[for='Lead-{staffId}-{clinicId}']").ClickAsync();
            await row.GetByRole(AriaRole.Button, new() { Name = $"Save {leadName}'s clinics" }).ClickAsync();
            await Expect(admin.Page.Locator(".usa-alert--success")).ToContainTextAsync($"{leadName}'s clinics: {clinicName} (lead).");
            await PortalPages.AssertAccessibleAsync(admin.Page, "staff page, lead saved");
            await admin.ScreenshotAsync("staff-lead-saved");
        }

        await using var tab = await PortalPages.OpenForAxeAsync(app, 768, 1024);
        await tab.SignInAsync(email, staff.GetProperty("initialPassword").GetString()!);
        await Expect(tab.Page.GetByText("Signed in as")).ToBeVisibleAsync();
        await tab.Page.GotoAsync($"/console/clinic-days/{dayId}/queue");
        await tab.Page.GetByRole(AriaRole.Link, new() { Name = "Register a walk-in" }).ClickAsync();
        await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Register a walk-in");

        // Nothing filled in: the summary's links go to the fields.
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Register and check in" }).ClickAsync();
        var summary = tab.Page.Locator("#error-summary");
        await Expect(summary).ToBeVisibleAsync();
        await summary.Locator("a[href='#FirstName']").ClickAsync();
        await Expect(tab.Page.GetByLabel("First name")).ToBeFocusedAsync();
        await summary.Locator("a[href='#Occupation']").ClickAsync();
        await Expect(tab.Page.GetByLabel("Work", new() { Exact = true })).ToBeFocusedAsync();
        await PortalPages.AssertAccessibleAsync(tab.Page, "walk-in with errors");
        await tab.ScreenshotAsync("walkin-errors");

        // Retired and 81: not in an open phase.
        var lastName = "Walk" + Guid.NewGuid().ToString("N")[..5];
        await FillWalkInAsync(tab.Page, lastName, "1945-04-04", "none");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Register and check in" }).ClickAsync();
        var refused = tab.Page.Locator("#refused");
        await Expect(refused.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Not eligible yet");
        await Expect(refused).ToContainTextAsync("Do not vaccinate this person today.");
        await Expect(refused).ToContainTextAsync("Nothing was saved.");
        await PortalPages.AssertAccessibleAsync(tab.Page, "walk-in refused");
        await tab.ScreenshotAsync("walkin-refused");

        // A health worker: registered, checked in, and straight to recording the dose.
        await FillWalkInAsync(tab.Page, lastName, "1980-04-04", "healthcare");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Register and check in" }).ClickAsync();
        await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Record the dose");
        await Expect(tab.Page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Wanda {lastName} is checked in.");
        await Expect(tab.Page.GetByLabel("Site code")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^[0-9]{4}$"));
        await tab.Page.GetByLabel("Body site").SelectOptionAsync("RD");
        await PortalPages.AssertAccessibleAsync(tab.Page, "record the walk-in's dose");
        await tab.ScreenshotAsync("walkin-record");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Record", Exact = true }).ClickAsync();
        await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Recorded: Given");
        await Expect(tab.Page.Locator("main")).ToContainTextAsync("WALK01");
        await PortalPages.AssertAccessibleAsync(tab.Page, "walk-in recorded, lead's buttons");
        await tab.ScreenshotAsync("walkin-recorded");

        // The lead voids it: reason and where the dose went are asked, then the record is marked.
        await tab.Page.GetByRole(AriaRole.Link, new() { Name = "Void this record" }).ClickAsync();
        await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Void a recorded dose");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Void this record" }).ClickAsync();
        await tab.Page.Locator("#error-summary a[href='#ReturnToStock']").ClickAsync();
        await Expect(tab.Page.GetByLabel("Back on hand")).ToBeFocusedAsync();
        await PortalPages.AssertAccessibleAsync(tab.Page, "void with errors");
        await tab.ScreenshotAsync("void-errors");
        await tab.Page.Locator("label[for='ReturnToStock']").ClickAsync();
        await tab.Page.GetByLabel("Reason for voiding").FillAsync("recorded before the person changed their mind");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Void this record" }).ClickAsync();
        await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Voided record");
        await Expect(tab.Page.Locator("#voided")).ToContainTextAsync("changed their mind");
        await PortalPages.AssertAccessibleAsync(tab.Page, "voided record");
        await tab.ScreenshotAsync("void-done");

        await tab.Page.GotoAsync($"/console/clinic-days/{dayId}/summary");
        var records = tab.Page.Locator(".fs-desk-records");
        await Expect(records).ToContainTextAsync($"Wanda {lastName}");
        await Expect(records).ToContainTextAsync("(voided)");
        await Expect(tab.Page.Locator(".fs-desk-counts")).ToContainTextAsync("1 walk-ins");
        await PortalPages.AssertAccessibleAsync(tab.Page, "summary with the voided record");
        await tab.ScreenshotAsync("summary-records");
    }
}
