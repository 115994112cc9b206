using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using Words = FairShot.Features.Shared.Languages.Words;

namespace FairShot.BrowserTests.Portal;

/// <summary>
/// Features/Records/HealthCards: a resident on a phone opens their vaccination card from the status
/// page and from the confirmation link (each after a code to the contact on file), in Spanish; the call
/// centre prints a caller's card. axe-core on each page.
/// </summary>
public sealed partial class HealthCardTests(ConsoleApp app)
{
    [GeneratedRegex(@"\b(\d{6})\b")]
    private static partial Regex SixDigits();

    private sealed record Vaccinated(string PersonId, string Phone, string ConfirmationCode);

    /// <summary>A person (Spanish) given one dose today at a Chicago clinic, seeded through the API as the desk would record it.</summary>
    private async Task<Vaccinated> VaccinatedAsync()
    {
        var now = ConsoleApp.ChicagoNow();
        Assert.SkipWhen(now.Hour >= 21, "The clinic day needs two hours left today in Chicago.");
        var http = await app.AdminApiAsync();
        var clinic = await ConsoleApp.PostJsonAsync(http, "/api/v1/admin/clinics", new { name = "Centro Cívico " + Guid.NewGuid().ToString("N")[..4], address = "7 Main St", timeZone = "America/Chicago" });
        var clinicId = clinic.GetProperty("id").GetString()!;
        await ConsoleApp.PostJsonAsync(http, "/api/v1/admin/shipments", new { clinicId, cvxCode = "208", lot = "EW0182", expiresOn = "2099-12-31", doses = 20 });
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
        var phone = $"417555{Random.Shared.Next(1000, 9999)}";
        var dob = DateOnly.FromDateTime(now).AddYears(-78).AddDays(-40);
        var person = await ConsoleApp.PostJsonAsync(http, "/api/v1/registrations", new
        {
            firstName = "Rosa",
            lastName = "Tarjeta" + SignUpTests.Letters(),
            dateOfBirth = dob.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            phone,
            zipCode = "63050",
            occupation = "none",
            setting = "home",
            conditions = Array.Empty<string>(),
            language = "es",
        });
        var personId = person.GetProperty("id").GetString()!;
        var booked = await ConsoleApp.PostJsonAsync(http, $"/api/v1/admin/people/{personId}/appointments", new { slotId = day.GetProperty("slots")[0].GetProperty("id").GetString(), reason = "booked by phone" });
        var code = booked.GetProperty("confirmationCode").GetString()!;
        var appointment = await WithDbAsync(db => db.Appointments.Where(a => a.ConfirmationCode == code).Select(a => new { a.Id, a.SiteCode }).SingleAsync());
        await ConsoleApp.PostJsonAsync(http, "/api/v1/clinic/check-ins", new { confirmationCode = code, dateOfBirth = dob.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
        await ConsoleApp.PostJsonAsync(http, "/api/v1/clinic/administrations", new { appointmentId = appointment.Id, siteCode = appointment.SiteCode, lot = "EW0182", route = "IM", bodySite = "LD" });
        return new Vaccinated(personId, phone, code);
    }

    private async Task<T> WithDbAsync<T>(Func<FairShot.Data.FairShotDb, Task<T>> work)
    {
        using var scope = app.Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<FairShot.Data.FairShotDb>());
    }

    private string[] OutboxFiles() =>
        Directory.Exists(app.OutboxDirectory) ? Directory.GetFiles(app.OutboxDirectory, "*.sms.txt") : [];

    /// <summary>The code in a text message to this number that the dispatcher wrote after <paramref name="before"/> was listed.</summary>
    private async Task<string> TextedCodeAsync(string number, IReadOnlyCollection<string> before)
    {
        for (var i = 0; i < 150; i++)
        {
            foreach (var file in OutboxFiles().Except(before))
            {
                var text = await File.ReadAllTextAsync(file);
                if (text.Contains(number, StringComparison.Ordinal) && SixDigits().Match(text) is { Success: true } match)
                {
                    return match.Groups[1].Value;
                }
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("No text message with a code reached the outbox directory.");
    }

    [Fact]
    public async Task Resident_OnAPhoneInSpanish_OpensTheCardFromTheStatusPageAndTheConfirmationLink_AndDownloadsTheFile()
    {
        var person = await VaccinatedAsync();
        var es = Words.Spanish;
        await using var tab = await app.OpenAsync(390, 844);
        var page = tab.Page;

        // The status page: the code to the e-mail on file, then the card under the person's place in line.
        await page.GotoAsync("/status?lang=es");
        await page.GetByLabel(es.Contact).FillAsync(person.Phone);
        var before = OutboxFiles();
        await page.GetByRole(AriaRole.Button, new() { Name = es.SendCode }).ClickAsync();
        await page.GetByLabel(es.Code).FillAsync(await TextedCodeAsync("+1" + person.Phone, before));
        await page.GetByRole(AriaRole.Button, new() { Name = es.ShowMyPlace }).ClickAsync();
        var section = page.Locator("section.fs-person");
        await Expect(section).ToHaveCountAsync(1);
        await section.GetByText(es.CardShow).ClickAsync();
        await Expect(section.GetByRole(AriaRole.Img, new() { Name = es.CardQrAlt })).ToBeVisibleAsync();
        await Expect(section.Locator(".fs-health-card__doses")).ToContainTextAsync("Dosis 1");
        await Expect(section.Locator(".fs-health-card__doses")).ToContainTextAsync("Centro Cívico");
        await tab.AssertLooksRightAsync(); // the inline QR is allowed by the page's CSP
        await tab.ScreenshotAsync("health-card-status-phone");

        // The confirmation link: "send me my code", the code, the appointment, then the card.
        await page.GotoAsync($"/appointments/{person.ConfirmationCode}");
        before = OutboxFiles();
        await page.GetByRole(AriaRole.Button, new() { Name = es.SendMyCode }).ClickAsync();
        await page.GetByLabel(es.Code).FillAsync(await TextedCodeAsync("+1" + person.Phone, before));
        await page.GetByRole(AriaRole.Button, new() { Name = es.ShowMyAppointment }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = es.CardOpenLink }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(es.CardTitle);
        var qr = page.GetByRole(AriaRole.Img, new() { Name = es.CardQrAlt });
        await Expect(qr).ToBeVisibleAsync();
        // The QR fills the phone's width but never overflows it.
        var box = (await qr.BoundingBoxAsync())!;
        Assert.InRange(box.Width, 250, 390);
        await tab.AssertLooksRightAsync();
        await tab.ScreenshotAsync("health-card-appointment-phone");

        // axe on the card page, in a tab with the same session that lets it in.
        await using (var axe = await app.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl, ViewportSize = new() { Width = 390, Height = 844 }, BypassCSP = true, StorageState = await page.Context.StorageStateAsync() }))
        {
            var checkedPage = await axe.NewPageAsync();
            await checkedPage.GotoAsync(page.Url);
            await Expect(checkedPage.GetByRole(AriaRole.Img, new() { Name = es.CardQrAlt })).ToBeVisibleAsync();
            await PortalPages.AssertAccessibleAsync(checkedPage, "card page");
        }

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = es.CardDownload }).ClickAsync());
        Assert.EndsWith(".smart-health-card", download.SuggestedFilename, StringComparison.Ordinal);
        var saved = Path.Combine(app.Directory, download.SuggestedFilename);
        await download.SaveAsAsync(saved);
        var file = JsonDocument.Parse(await File.ReadAllTextAsync(saved)).RootElement;
        Assert.Equal(3, Assert.Single(file.GetProperty("verifiableCredential").EnumerateArray()).GetString()!.Split('.').Length);
    }

    [Fact]
    public async Task CallCentre_PrintsACallersCard_TheConsoleIsLeftOffThePaper()
    {
        var person = await VaccinatedAsync();
        await using var tab = await PortalPages.OpenForAxeAsync(app);
        await tab.SignInAsync(ConsoleApp.AdminEmail, app.AdminPassword);
        await Expect(tab.Page.GetByText("Signed in as")).ToBeVisibleAsync();
        var page = tab.Page;

        await page.GotoAsync($"/console/registrations/{person.PersonId}/health-card");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Vaccination card");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Print the card" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = Words.Spanish.CardQrAlt })).ToBeVisibleAsync(); // the paper goes to the caller, in their language
        await PortalPages.AssertAccessibleAsync(page, "print page");
        await tab.AssertLooksRightAsync();
        await tab.ScreenshotAsync("health-card-console");

        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Expect(page.Locator("header.usa-header")).ToBeHiddenAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Print the card" })).ToBeHiddenAsync();
        await Expect(page.Locator(".fs-health-card__qr")).ToBeVisibleAsync();
        await tab.ScreenshotAsync("health-card-print");
    }
}
