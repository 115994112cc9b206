using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FairShot.BrowserTests.Console;

/// <summary>Features/Console/Clinics and ClinicDays: a scheduler sets up a clinic and a day and reads its slots.</summary>
public sealed class ClinicTests(ConsoleApp app)
{
    [Fact]
    public async Task CreateClinicAndDay_ThroughTheForms_ShowsEverySlotAndTheTotalCapacity()
    {
        await using var tab = await app.OpenAsAdminAsync();
        var name = $"Fairgrounds {Guid.NewGuid().ToString()[..8]}";
        var date = InAWeek("America/Phoenix");

        await CreateClinicAsync(tab, name, "America/Phoenix");
        var clinicPage = tab.Page.Url;

        // A day needs doses on hand or expected by then: receive a shipment first, on the stock page.
        await tab.Page.GetByRole(AriaRole.Link, new() { Name = "Stock: doses, lots, ledger, receive, transfer, waste" }).ClickAsync();
        var receive = tab.Page.Locator("form", new() { Has = tab.Page.GetByRole(AriaRole.Button, new() { Name = "Receive doses" }) });
        await receive.GetByLabel("Product").SelectOptionAsync("208");
        await receive.GetByLabel("Lot number, as printed on the box").FillAsync("FORM-208");
        await receive.GetByLabel("Expiry date (year-month-day)").FillAsync(date.AddMonths(3).ToString("yyyy-MM-dd"));
        await receive.GetByLabel("Doses", new() { Exact = true }).FillAsync("300");
        await receive.GetByRole(AriaRole.Button, new() { Name = "Receive doses" }).ClickAsync();
        await Expect(tab.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Received 300 doses of lot FORM-208.");
        // Every product picker now starts at the product the clinic holds, not the lowest CVX code.
        foreach (var picker in new[] { "#Receive_CvxCode", "#Transfer_CvxCode", "#Waste_CvxCode" })
        {
            await Expect(tab.Page.Locator(picker)).ToHaveValueAsync("208");
        }
        await tab.ScreenshotAsync("clinic-stock-received");

        await tab.Page.GotoAsync(clinicPage);
        await tab.Page.GetByLabel("Date").FillAsync(date.ToString("yyyy-MM-dd"));
        await tab.Page.GetByLabel("Opens at").FillAsync("09:00");
        await tab.Page.GetByLabel("Closes at").FillAsync("12:00");
        await tab.Page.GetByLabel("Length of each slot, in minutes").FillAsync("15");
        await tab.Page.GetByLabel("People per slot").FillAsync("10");
        await tab.Page.GetByLabel("Vaccine").SelectOptionAsync("208");
        await tab.ScreenshotAsync("clinic-add-day");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Add the clinic day" }).ClickAsync();

        await Expect(tab.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/clinic-days/[0-9a-f-]{36}$"));
        await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(date.ToString("dddd, MMMM d, yyyy", System.Globalization.CultureInfo.InvariantCulture));
        var rows = tab.Page.Locator("table.fs-slots tbody tr");
        await Expect(rows).ToHaveCountAsync(12);
        await Expect(rows.First).ToContainTextAsync("9:00 AM – 9:15 AM");
        await Expect(rows.Last).ToContainTextAsync("11:45 AM – 12:00 PM");
        var totals = tab.Page.GetByRole(AriaRole.List, new() { Name = "Totals for the day" });
        await Expect(totals).ToContainTextAsync("120 places");
        await Expect(totals).ToContainTextAsync("0 booked");
        await Expect(totals).ToContainTextAsync("12 slots");
        await Expect(tab.Page.Locator("main")).ToContainTextAsync("208 — Pfizer-BioNTech COVID-19 Vaccine");
        await tab.AssertLooksRightAsync();
        await tab.ScreenshotAsync("clinic-day-desktop");

        await tab.Page.SetViewportSizeAsync(390, 844);
        await tab.ScreenshotAsync("clinic-day-phone");

        await tab.Page.GotoAsync("/console");
        await Expect(tab.Page.Locator("main")).ToContainTextAsync(name);
        await tab.ScreenshotAsync("console-home-phone");
        await tab.Page.SetViewportSizeAsync(1280, 900);
        await tab.ScreenshotAsync("console-home");
    }

    [Fact]
    public async Task AddClinicDay_ClosingBeforeOpening_ShowsTheMessageNextToClosingTime()
    {
        await using var tab = await app.OpenAsAdminAsync();
        await CreateClinicAsync(tab, $"Northside {Guid.NewGuid().ToString()[..8]}", "America/Chicago");

        await tab.Page.GetByLabel("Date").FillAsync(InAWeek("America/Chicago").ToString("yyyy-MM-dd"));
        await tab.Page.GetByLabel("Opens at").FillAsync("14:00");
        await tab.Page.GetByLabel("Closes at").FillAsync("09:00");
        await tab.Page.GetByLabel("People per slot").FillAsync("ten");
        await tab.Page.GetByLabel("Vaccine").SelectOptionAsync("207");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Add the clinic day" }).ClickAsync();

        const string closing = "The closing time must be after the opening time.";
        var closesGroup = tab.Page.Locator(".usa-form-group", new() { Has = tab.Page.Locator("#ClosesAt") });
        await Expect(closesGroup).ToContainClassAsync("usa-form-group--error");
        await Expect(closesGroup.Locator(".usa-error-message")).ToHaveTextAsync(closing);
        await Expect(tab.Page.Locator("#ClosesAt")).ToContainClassAsync("usa-input--error");
        await Expect(tab.Page.GetByLabel("Closes at")).ToHaveAccessibleDescriptionAsync(closing);
        await Expect(tab.Page.Locator("#CapacityPerSlot-error")).ToContainTextAsync("whole number");
        await Expect(tab.Page.Locator("#OpensAt-error")).ToHaveCountAsync(0);
        await Expect(tab.Page.Locator("#error-summary a[href='#ClosesAt']")).ToHaveTextAsync(closing);
        await Expect(tab.Page.GetByLabel("Opens at")).ToHaveValueAsync("14:00"); // what was typed stays
        await tab.AssertLooksRightAsync();
        await tab.ScreenshotAsync("clinic-add-day-errors");
    }

    [Fact]
    public async Task AddClinic_WithEmptyForm_ShowsAMessageNextToEachField()
    {
        await using var tab = await app.OpenAsAdminAsync();
        await tab.Page.GotoAsync("/console/clinics/new");

        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Add the clinic" }).ClickAsync();

        await Expect(tab.Page.Locator("#Name-error")).ToHaveTextAsync("Enter the clinic's name.");
        await Expect(tab.Page.Locator("#Address-error")).ToContainTextAsync("street address");
        await Expect(tab.Page.Locator("#TimeZone-error")).ToHaveTextAsync("Choose the time zone the clinic is in.");
        await Expect(tab.Page.Locator("#error-summary li")).ToHaveCountAsync(3);
        await tab.AssertLooksRightAsync();
        await tab.ScreenshotAsync("clinic-new-errors");
    }

    [Fact]
    public async Task OpenClinicDay_WithUnknownId_ShowsANotFoundPage()
    {
        await using var tab = await app.OpenAsAdminAsync();

        var response = await tab.Page.GotoAsync($"/console/clinic-days/{Guid.NewGuid()}");

        Assert.Equal(404, response!.Status);
        await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("There is no such clinic day");
        response = await tab.Page.GotoAsync("/console/clinics/not-a-clinic");
        Assert.Equal(404, response!.Status);
        await Expect(tab.Page.GetByRole(AriaRole.Link, new() { Name = "Go to the list of clinics" })).ToBeVisibleAsync();
    }

    private static async Task CreateClinicAsync(ConsoleTab tab, string name, string zone)
    {
        await tab.Page.GotoAsync("/console");
        await tab.Page.GetByRole(AriaRole.Link, new() { Name = "Add a clinic" }).ClickAsync();
        await tab.Page.GetByLabel("Clinic name").FillAsync(name);
        await tab.Page.GetByLabel("Street address").FillAsync("1200 Fairgrounds Rd, Hillsboro, MO 63050");
        await tab.Page.GetByLabel("Time zone").SelectOptionAsync(zone);
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Add the clinic" }).ClickAsync();
        await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(name);
    }

    private static DateOnly InAWeek(string zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeBySystemTimeZoneId(DateTimeOffset.UtcNow, zone).DateTime).AddDays(7);
}
