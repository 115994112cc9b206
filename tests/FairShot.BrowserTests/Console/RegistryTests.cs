using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FairShot.Data;
using FairShot.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FairShot.BrowserTests.Console;

/// <summary>Features/Records/Registry: the county admin sees what went to the state registry per day, the refused ones in words, sends one again, and downloads the batch file.</summary>
public sealed class RegistryTests(ConsoleApp app)
{
    /// <summary>Two doses recorded today through the desk's API; with no registry connected both wait.</summary>
    private async Task<(string DayId, string ClinicName, List<(string Administration, string LastName)> Doses)> TwoDosesAsync()
    {
        var now = ConsoleApp.ChicagoNow();
        var http = await app.AdminApiAsync();
        var name = $"Registry {Guid.NewGuid():N}"[..15];
        var clinic = await ConsoleApp.PostJsonAsync(http, "/api/v1/admin/clinics", new { name, address = "9 Court St", timeZone = "America/Chicago" });
        var clinicId = clinic.GetProperty("id").GetString()!;
        await ConsoleApp.PostJsonAsync(http, "/api/v1/admin/shipments", new { clinicId, cvxCode = "208", lot = "REG208", expiresOn = "2099-12-31", doses = 20 });
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
        var doses = new List<(string, string)>();
        foreach (var first in new[] { "Ana", "Bo" })
        {
            var dob = DateOnly.FromDateTime(now).AddYears(-45).AddDays(-doses.Count - 3);
            var lastName = "Reg" + Guid.NewGuid().ToString("N")[..5];
            var person = await ConsoleApp.PostJsonAsync(http, "/api/v1/registrations", new
            {
                firstName = first,
                lastName,
                dateOfBirth = dob.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                email = $"{Guid.NewGuid():N}@example.org",
                zipCode = "63050",
                occupation = "healthcare",
                setting = "home",
                language = "en",
            });
            var booking = await ConsoleApp.PostJsonAsync(http, $"/api/v1/admin/people/{person.GetProperty("id").GetString()}/appointments",
                new { slotId = day.GetProperty("slots")[0].GetProperty("id").GetString(), reason = "booked by phone" });
            var code = booking.GetProperty("confirmationCode").GetString()!;
            string appointmentId, siteCode;
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<FairShotDb>();
                var appointment = await db.Appointments.AsNoTracking().SingleAsync(a => a.ConfirmationCode == code);
                (appointmentId, siteCode) = (appointment.Id.ToString(), appointment.SiteCode);
            }
            await ConsoleApp.PostJsonAsync(http, "/api/v1/clinic/check-ins", new { confirmationCode = code, dateOfBirth = dob.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
            var recorded = await ConsoleApp.PostJsonAsync(http, "/api/v1/clinic/administrations", new { appointmentId, siteCode, lot = "REG208", route = "IM", bodySite = "LD" });
            doses.Add((recorded.GetProperty("administrationId").GetString()!, lastName));
        }
        return (dayId, name, doses);
    }

    [Fact]
    public async Task Registry_ShowsTheDaysCounts_TheRefusedRecordInWords_SendsItAgain_AndDownloadsTheBatch()
    {
        Assert.SkipWhen(ConsoleApp.ChicagoNow().Hour >= 22, "The clinic day needs an hour left today in Chicago.");
        var (_, clinicName, doses) = await TwoDosesAsync();
        // The registry refused Bo's dose, as the sender leaves a message it answered AR.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<FairShotDb>();
            var message = await db.RegistryMessages.SingleAsync(m => m.AdministrationId == Guid.Parse(doses[1].Administration));
            var entry = db.Entry(message);
            entry.Property(m => m.State).CurrentValue = RegistryMessageState.Rejected;
            entry.Property(m => m.Attempts).CurrentValue = 1;
            entry.Property(m => m.SentAt).CurrentValue = DateTime.UtcNow;
            entry.Property(m => m.AckCode).CurrentValue = "AR";
            entry.Property(m => m.AckErrors).CurrentValue = "E|RXA-1-15-1|103|Lot number is not in the registry's inventory";
            await db.SaveChangesAsync();
        }

        await using var tab = await PortalPages.OpenForAxeAsync(app);
        await tab.SignInAsync(ConsoleApp.AdminEmail, app.AdminPassword);
        await Expect(tab.Page).ToHaveURLAsync($"{app.BaseUrl}/console");
        await tab.Page.GetByRole(AriaRole.Link, new() { Name = "State registry", Exact = true }).First.ClickAsync();

        await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("State registry");
        await Expect(tab.Page.Locator("#connection")).ToContainTextAsync("No registry connection is set up");
        var problem = tab.Page.Locator("#problems tbody tr", new() { HasText = doses[1].LastName });
        await Expect(problem).ToContainTextAsync("Error in the lot number (RXA-15): Lot number is not in the registry's inventory");
        var dayRow = tab.Page.Locator("#days tbody tr", new() { HasText = clinicName });
        await Expect(dayRow.Locator("[data-label='Rejected']")).ToHaveTextAsync("1");
        await Expect(dayRow.Locator("[data-label='Waiting']")).ToHaveTextAsync("1");
        await PortalPages.AssertAccessibleAsync(tab.Page, "state registry");
        await tab.ScreenshotAsync("registry");

        await problem.GetByRole(AriaRole.Button, new() { Name = $"Send again for Bo {doses[1].LastName}" }).ClickAsync();
        await Expect(tab.Page.Locator("#done")).ToHaveTextAsync("The record will be sent to the registry again in a few seconds.");
        await Expect(tab.Page.Locator("#problems tbody tr", new() { HasText = doses[1].LastName })).ToHaveCountAsync(0);
        await Expect(dayRow.Locator("[data-label='Waiting']")).ToHaveTextAsync("2");
        await PortalPages.AssertAccessibleAsync(tab.Page, "state registry after send again");
        await tab.ScreenshotAsync("registry-sent-again");

        var download = await tab.Page.RunAndWaitForDownloadAsync(() => dayRow.GetByRole(AriaRole.Button, new() { NameRegex = new("^Download batch file") }).ClickAsync());
        var file = await download.PathAsync();
        var text = await File.ReadAllTextAsync(file!);
        Assert.StartsWith(@"FHS|^~\&|", text, StringComparison.Ordinal);
        Assert.Contains("BTS|2\r", text, StringComparison.Ordinal);
        foreach (var (administration, _) in doses)
        {
            Assert.Contains(Guid.Parse(administration).ToString("N"), text, StringComparison.Ordinal);
        }
        await tab.Page.ReloadAsync();
        await Expect(tab.Page.Locator("#days tbody tr", new() { HasText = clinicName }).Locator("[data-label='In batch files']")).ToHaveTextAsync("2");
        await tab.ScreenshotAsync("registry-exported");
    }
}
