using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using FairShot.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace FairShot.BrowserTests.Portal;

/// <summary>
/// What the booking tests share: a clinic day and a resident in an open phase set up through the
/// API, the messages the app really sent (read from the pickup directory the dispatcher writes
/// to), the database to check seats, and screenshots at phone and desktop width.
/// </summary>
public sealed partial class BookingJourney(ConsoleApp app)
{
    public sealed record Resident(string Email, DateOnly DateOfBirth, Guid Id, string Language);

    public sealed record Day(Guid ClinicId, Guid Id, IReadOnlyList<Guid> SlotIds, DateOnly Date);

    private static readonly SemaphoreSlim TokenLock = new(1, 1);
    private static string? _adminToken;

    /// <summary>Mails already handed out, so each wait returns a message not seen before.</summary>
    private readonly HashSet<string> _seen = [];

    public async Task<HttpClient> AdminApiAsync()
    {
        var client = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        await TokenLock.WaitAsync();
        try
        {
            if (_adminToken is null)
            {
                var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { email = ConsoleApp.AdminEmail, password = app.AdminPassword });
                response.EnsureSuccessStatusCode();
                _adminToken = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
            }
        }
        finally
        {
            TokenLock.Release();
        }
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _adminToken);
        return client;
    }

    /// <summary>A new clinic in Chicago time with a day a week ahead (and, if asked, another one 21 days later for dose 2).</summary>
    public async Task<(Day First, Day? Second)> ClinicAsync(string cvx = "208", int slots = 4, int perSlot = 3, bool secondDoseDay = false)
    {
        using var admin = await AdminApiAsync();
        var clinic = await Json(await admin.PostAsJsonAsync("/api/v1/admin/clinics", new
        {
            name = $"Fairgrounds Hall {Guid.NewGuid().ToString()[..4].ToUpperInvariant()}",
            address = "1 Main St, Hillsboro, MO 63050",
            timeZone = "America/Chicago",
        }), HttpStatusCode.Created);
        var clinicId = clinic.GetProperty("id").GetGuid();
        // Seats need doses behind them: the clinic receives stock before its days are planned.
        await Json(await admin.PostAsJsonAsync("/api/v1/admin/shipments", new { clinicId, cvxCode = cvx, lot = "BROWSER-1", expiresOn = "2099-12-31", doses = 10_000 }),
            HttpStatusCode.Created);
        var date = SignUpTests.Today().AddDays(7);
        var first = await DayAsync(admin, clinicId, date, cvx, slots, perSlot);
        var second = secondDoseDay ? await DayAsync(admin, clinicId, date.AddDays(21), cvx, slots, perSlot) : null;
        return (first, second);
    }

    private static async Task<Day> DayAsync(HttpClient admin, Guid clinicId, DateOnly date, string cvx, int slots, int perSlot)
    {
        var closes = new TimeOnly(9, 0).AddMinutes(15 * slots);
        var day = await Json(await admin.PostAsJsonAsync($"/api/v1/admin/clinics/{clinicId}/days", new
        {
            date = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            opensAt = "09:00",
            closesAt = closes.ToString("HH:mm", CultureInfo.InvariantCulture),
            slotMinutes = 15,
            capacityPerSlot = perSlot,
            cvxCode = cvx,
        }), HttpStatusCode.Created);
        return new Day(clinicId, day.GetProperty("id").GetGuid(),
            day.GetProperty("slots").EnumerateArray().Select(s => s.GetProperty("id").GetGuid()).ToList(), date);
    }

    /// <summary>A 78-year-old living in a nursing home: phase 1a, open now.</summary>
    public async Task<Resident> RegisterAsync(string language = "en")
    {
        var email = $"resident.{SignUpTests.Letters()}{Random.Shared.Next(1000, 9999)}@example.org";
        var dob = SignUpTests.Today().AddYears(-78).AddDays(-Random.Shared.Next(1, 300));
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var registered = await Json(await http.PostAsJsonAsync("/api/v1/registrations", new
        {
            firstName = language == "es" ? "Dolores" : "Dorothy",
            lastName = "Booker" + SignUpTests.Letters(),
            dateOfBirth = dob.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            email,
            zipCode = "63050",
            occupation = "none",
            setting = "long-term-care",
            conditions = Array.Empty<string>(),
            language,
        }), HttpStatusCode.Created);
        return new Resident(email, dob, registered.GetProperty("id").GetGuid(), language);
    }

    public async Task WaveAsync(Guid dayId)
    {
        using var admin = await AdminApiAsync();
        await Json(await admin.PostAsJsonAsync($"/api/v1/admin/clinic-days/{dayId}/invitations", new { }), HttpStatusCode.Created);
    }

    /// <summary>The path of the personal link in the invitation e-mail (the app's public base URL is not this test server's).</summary>
    public async Task<string> InvitationPathAsync(Resident resident) =>
        "/i/" + (await MailAsync(resident.Email, LinkPattern())).Groups[1].Value;

    public async Task<string> InvitationCodeAsync(Resident resident) =>
        (await MailAsync(resident.Email, resident.Language == "es" ? SpanishBookingCode() : BookingCode())).Groups[1].Value;

    public async Task<string> ManageCodeAsync(Resident resident) =>
        (await MailAsync(resident.Email, ManageCode())).Groups[1].Value;

    public async Task<string> ManagePathAsync(Resident resident) =>
        (await MailAsync(resident.Email, ManageLink())).Groups[1].Value;

    /// <summary>Waits for an .eml to this address that matches and has not been read before.</summary>
    public async Task<Match> MailAsync(string recipient, Regex pattern)
    {
        for (var i = 0; i < 150; i++)
        {
            if (Directory.Exists(app.OutboxDirectory))
            {
                foreach (var file in Directory.GetFiles(app.OutboxDirectory, "*.eml").OrderBy(File.GetLastWriteTimeUtc))
                {
                    if (_seen.Contains(file))
                    {
                        continue;
                    }
                    var text = await File.ReadAllTextAsync(file);
                    if (text.Contains(recipient, StringComparison.OrdinalIgnoreCase) && pattern.Match(text) is { Success: true } match)
                    {
                        _seen.Add(file);
                        return match;
                    }
                }
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"No e-mail matching {pattern} reached the pickup directory.");
    }

    public async Task<T> WithDbAsync<T>(Func<FairShotDb, Task<T>> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<FairShotDb>());
    }

    public Task<int> BookedAsync(Guid slotId) => WithDbAsync(db => db.Slots.Where(s => s.Id == slotId).Select(s => s.Booked).SingleAsync());

    /// <summary>A full-page screenshot at 390 px (a phone) and at 1280 px, leaving the page at 390 px.</summary>
    public static async Task ShootAsync(ConsoleTab tab, string name)
    {
        await tab.Page.SetViewportSizeAsync(1280, 900);
        await tab.ScreenshotAsync(name + "-desktop");
        await tab.Page.SetViewportSizeAsync(390, 844);
        await tab.ScreenshotAsync(name + "-phone");
    }

    /// <summary>Fills the code and the three date-of-birth boxes, as a person would.</summary>
    public static async Task EnterCodeAndBirthDateAsync(IPage page, string code, DateOnly dob)
    {
        await page.Locator("#Code").FillAsync(code);
        await page.Locator("#DateOfBirth").SelectOptionAsync(dob.Month.ToString(CultureInfo.InvariantCulture));
        await page.Locator("#BirthDay").FillAsync(dob.Day.ToString(CultureInfo.InvariantCulture));
        await page.Locator("#BirthYear").FillAsync(dob.Year.ToString(CultureInfo.InvariantCulture));
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    [GeneratedRegex(@"/i/([A-Za-z0-9_-]{43})")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"booking code is (\d{6})")]
    private static partial Regex BookingCode();

    [GeneratedRegex(@"para reservar es (\d{6})")]
    private static partial Regex SpanishBookingCode();

    [GeneratedRegex(@"(?:cancel your appointment is|cancelar su cita es) (\d{6})")]
    private static partial Regex ManageCode();

    [GeneratedRegex(@"https?://[^/\s]+(/appointments/[A-Z0-9]{10})")]
    private static partial Regex ManageLink();
}
