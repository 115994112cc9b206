using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FairShot.BrowserTests.Console;

/// <summary>Features/Vaccination: a nurse at the door on a tablet (768×1024) checks people in and records doses; axe-core on each page.</summary>
public sealed class ClinicDeskTests(ConsoleApp app)
{
    private sealed record Person(string Id, string FirstName, string LastName, DateOnly DateOfBirth);

    private static async Task<Person> RegisterAsync(HttpClient http, string firstName, int age)
    {
        var dob = DateOnly.FromDateTime(ConsoleApp.ChicagoNow()).AddYears(-age).AddDays(-17);
        var lastName = "Desk" + Guid.NewGuid().ToString("N")[..5];
        var created = await ConsoleApp.PostJsonAsync(http, "/api/v1/registrations", new
        {
            firstName,
            lastName,
            dateOfBirth = dob.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            email = $"{Guid.NewGuid():N}@example.org",
            zipCode = "63050",
            occupation = "healthcare",
            setting = "home",
            language = "en",
        });
        return new Person(created.GetProperty("id").GetString()!, firstName, lastName, dob);
    }

    [Fact]
    public async Task Nurse_AtTabletWidth_ChecksInTheNextPersonByCode_RecordsTheDoseFromALotInStock_AndSeesTheNextDose()
    {
        var now = ConsoleApp.ChicagoNow();
        Assert.SkipWhen(now.Hour >= 21, "The clinic day needs two hours left today in Chicago.");
        var http = await app.AdminApiAsync();
        var clinic = await ConsoleApp.PostJsonAsync(http, "/api/v1/admin/clinics", new { name = $"Desk {Guid.NewGuid():N}"[..12], address = "7 Main St", timeZone = "America/Chicago" });
        var clinicId = clinic.GetProperty("id").GetString()!;
        await ConsoleApp.PostJsonAsync(http, "/api/v1/admin/shipments", new { clinicId, cvxCode = "208", lot = "LATE77", expiresOn = "2099-12-31", doses = 200 });
        await ConsoleApp.PostJsonAsync(http, "/api/v1/admin/shipments", new { clinicId, cvxCode = "208", lot = "SOON11", expiresOn = "2098-06-30", doses = 50 });
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
        var first = await RegisterAsync(http, "Ana", 44);
        var second = await RegisterAsync(http, "Bo", 51);
        var firstBooking = await ConsoleApp.PostJsonAsync(http, $"/api/v1/admin/people/{first.Id}/appointments", new { slotId = day.GetProperty("slots")[0].GetProperty("id").GetString(), reason = "booked by phone" });
        await ConsoleApp.PostJsonAsync(http, $"/api/v1/admin/people/{second.Id}/appointments", new { slotId = day.GetProperty("slots")[1].GetProperty("id").GetString(), reason = "booked by phone" });
        var code = firstBooking.GetProperty("confirmationCode").GetString()!;
        string siteCode;
        using (var scope = app.Services.CreateScope())
        {
            // The 4 digits the person holds on their confirmation.
            var db = scope.ServiceProvider.GetRequiredService<FairShot.Data.FairShotDb>();
            siteCode = await db.Appointments.Where(a => a.ConfirmationCode == code).Select(a => a.SiteCode).SingleAsync();
        }
        var email = $"nurse.{Guid.NewGuid().ToString()[..8]}@county.test";
        var staff = await ConsoleApp.PostJsonAsync(http, "/api/v1/admin/staff", new { email, displayName = "Nora Nurse", roles = new[] { "ClinicStaff" }, clinicIds = new[] { clinicId } });

        await using var tab = await PortalPages.OpenForAxeAsync(app, 768, 1024);
        await tab.SignInAsync(email, staff.GetProperty("initialPassword").GetString()!);
        await Expect(tab.Page.GetByText("Signed in as")).ToBeVisibleAsync();

        // The clinic day page leads to the queue; the next person is the first booked row.
        await tab.Page.GotoAsync($"/console/clinic-days/{dayId}");
        await tab.Page.GetByRole(AriaRole.Link, new() { Name = "Queue: check in and record doses" }).ClickAsync();
        await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Queue at");
        await Expect(tab.Page.Locator(".fs-desk-counts")).ToContainTextAsync("2 booked");
        await tab.Page.GetByRole(AriaRole.Link, new() { Name = "Booked", Exact = true }).ClickAsync();
        var next = tab.Page.Locator(".fs-queue__row").First;
        await Expect(next).ToContainTextAsync($"Ana {first.LastName}");
        await PortalPages.AssertAccessibleAsync(tab.Page, "queue");
        await tab.ScreenshotAsync("desk-queue");

        await tab.Page.GetByLabel("Find by name or confirmation code").FillAsync(second.LastName);
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Expect(tab.Page.Locator(".fs-queue__row")).ToHaveCountAsync(1);
        await Expect(tab.Page.Locator(".fs-queue__row")).ToContainTextAsync($"Bo {second.LastName}");
        await tab.Page.GotoAsync($"/console/clinic-days/{dayId}/queue?state=booked");

        await tab.Page.Locator(".fs-queue__row").First.GetByRole(AriaRole.Link, new() { Name = $"Check in Ana {first.LastName}" }).ClickAsync();
        await Expect(tab.Page.Locator(".usa-intro")).ToContainTextAsync($"Ana {first.LastName}");
        await Expect(tab.Page.Locator("[data-fs-scan]")).ToBeHiddenAsync(); // headless Chromium has no camera to scan with
        await tab.Page.GetByLabel("Confirmation code").FillAsync(code.ToLowerInvariant());
        await tab.Page.GetByLabel("Date of birth").FillAsync(first.DateOfBirth.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Check in" }).ClickAsync();
        await Expect(tab.Page.Locator("#DateOfBirth-error")).ToContainTextAsync("does not match");
        await Expect(tab.Page.GetByLabel("Date of birth")).ToHaveValueAsync("");
        await PortalPages.AssertAccessibleAsync(tab.Page, "check-in with a wrong date of birth");
        await tab.ScreenshotAsync("desk-checkin-wrong-dob");

        await tab.Page.GetByLabel("Confirmation code").FillAsync(code);
        await tab.Page.GetByLabel("Date of birth").FillAsync(first.DateOfBirth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Check in" }).ClickAsync();
        await Expect(tab.Page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Ana {first.LastName} is checked in.");
        await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Record the dose");

        var lots = tab.Page.GetByLabel("Lot", new() { Exact = true });
        await Expect(lots.Locator("option").First).ToContainTextAsync("SOON11"); // earliest expiry first
        await PortalPages.AssertAccessibleAsync(tab.Page, "record the dose");
        await tab.ScreenshotAsync("desk-record");
        await tab.Page.GetByLabel("Site code").FillAsync(siteCode);
        await lots.SelectOptionAsync("LATE77");
        await tab.Page.GetByLabel("Body site").SelectOptionAsync("LD");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Record", Exact = true }).ClickAsync();

        await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Recorded: Given");
        await Expect(tab.Page.Locator("main")).ToContainTextAsync("LATE77");
        var handover = tab.Page.Locator(".fs-handover");
        await Expect(handover.GetByRole(AriaRole.Heading, new() { Name = "Next dose" })).ToBeVisibleAsync();
        await Expect(handover.Locator(".fs-handover__big")).Not.ToHaveTextAsync("No further dose");
        await PortalPages.AssertAccessibleAsync(tab.Page, "dose recorded");
        await tab.ScreenshotAsync("desk-recorded");

        await tab.Page.GetByRole(AriaRole.Link, new() { Name = "Back to the queue" }).ClickAsync();
        await Expect(tab.Page.Locator(".fs-desk-counts")).ToContainTextAsync("1 vaccinated");
        await tab.Page.GotoAsync($"/console/clinic-days/{dayId}/summary");
        await Expect(tab.Page.Locator(".fs-desk-counts")).ToContainTextAsync("1 vaccinated");
        await Expect(tab.Page.Locator("main")).ToContainTextAsync("LATE77"); // the vial opened for the dose
        await PortalPages.AssertAccessibleAsync(tab.Page, "day summary");
        await tab.ScreenshotAsync("desk-summary");
    }
}
