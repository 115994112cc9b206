using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FairShot.BrowserTests.Portal;

/// <summary>
/// Features/Portal/Invitation and Appointments in Chromium: from the invitation e-mail to the
/// confirmation, the link refusing a second device once used, the one neutral message for a wrong
/// code, and cancelling from the manage page giving the seat back.
/// </summary>
public sealed class BookingTests(ConsoleApp app)
{
    private readonly BookingJourney _journey = new(app);

    [Fact]
    public async Task Invitation_FromTheEmailToTheConfirmation_BooksOnceWithCodeAndBirthDate()
    {
        var (day, secondDay) = await _journey.ClinicAsync(cvx: "208", slots: 4, perSlot: 3, secondDoseDay: true);
        var resident = await _journey.RegisterAsync();

        // A scheduler sends the wave from the clinic day page, leaving the number empty.
        await using (var console = await app.OpenAsAdminAsync())
        {
            await console.Page.GotoAsync($"/console/clinic-days/{day.Id}");
            await Expect(console.Page.GetByLabel("How many people to invite (optional)")).ToBeEmptyAsync();
            await console.Page.GetByRole(AriaRole.Button, new() { Name = "Invite people" }).ClickAsync();
            await Expect(console.Page.Locator("#wave-result")).ToContainTextAsync(new Regex(@"Invited \d+ (person|people)"));
            await Expect(console.Page.Locator("#wave-result")).ToContainTextAsync("12 free seats");
            await console.AssertLooksRightAsync();
            await BookingJourney.ShootAsync(console, "booking-0-console-wave");
        }

        var link = await _journey.InvitationPathAsync(resident);
        var outboxBefore = await _journey.WithDbAsync(db => db.Outbox.CountAsync(m => m.Recipient == resident.Email));
        await using var tab = await app.OpenAsync(390, 844);
        var page = tab.Page;

        // 1. The landing page: personal, no code sent until asked.
        await page.GotoAsync(link);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Book your COVID-19 vaccine");
        await Expect(page.Locator("main")).ToContainTextAsync("This link is for you only");
        await Expect(page.Locator("main")).ToContainTextAsync("it will not work for anyone else");
        await Expect(page.Locator("main")).Not.ToContainTextAsync("•••"); // the contact only after asking
        Assert.Equal(outboxBefore, await _journey.WithDbAsync(db => db.Outbox.CountAsync(m => m.Recipient == resident.Email)));
        await tab.AssertLooksRightAsync();
        await BookingJourney.ShootAsync(tab, "booking-1-landing");

        // 2. Ask for the code: the masked address appears, then a wrong code gets the one neutral message.
        await page.GetByRole(AriaRole.Button, new() { Name = "Send me my code" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(app.BaseUrl + link + "/code");
        await Expect(page.Locator("main")).ToContainTextAsync("We sent a 6-digit code to");
        await Expect(page.Locator("main strong.fs-break")).ToContainTextAsync("•••@");
        await Expect(page.GetByLabel("The 6-digit code")).ToHaveAttributeAsync("autocomplete", "one-time-code");
        await Expect(page.GetByLabel("The 6-digit code")).ToHaveAttributeAsync("inputmode", "numeric");
        await tab.AssertLooksRightAsync();
        await BookingJourney.ShootAsync(tab, "booking-2-code");

        var code = await _journey.InvitationCodeAsync(resident);
        var wrong = code == "000000" ? "111111" : "000000";
        await BookingJourney.EnterCodeAndBirthDateAsync(page, wrong, resident.DateOfBirth);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await Expect(page.Locator("#error-summary")).ToContainTextAsync("The code or the date of birth is not right. Check both, or ask for a new code.");
        await Expect(page.GetByLabel("The 6-digit code")).ToBeEmptyAsync(); // neither is shown back
        await Expect(page.Locator("#BirthYear")).ToBeEmptyAsync();
        await tab.AssertLooksRightAsync();
        await BookingJourney.ShootAsync(tab, "booking-3-wrong-code");

        // 3. The right code and date of birth open the times, in the clinic's local time.
        await BookingJourney.EnterCodeAndBirthDateAsync(page, code, resident.DateOfBirth);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(app.BaseUrl + link + "/slots");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Choose a time");
        await Expect(page.Locator("fieldset.fs-slot-day legend")).ToHaveTextAsync(PortalDate(day.Date));
        await Expect(page.Locator(".fs-slot-time")).ToHaveTextAsync(["9:00 AM", "9:15 AM", "9:30 AM", "9:45 AM"]);
        await Expect(page.Locator("input[name=IdempotencyKey]")).ToHaveCountAsync(1);
        await tab.AssertLooksRightAsync();
        await BookingJourney.ShootAsync(tab, "booking-4-slots");

        // Booking without a choice says what to do, next to the tiles.
        await page.GetByRole(AriaRole.Button, new() { Name = "Book this time" }).ClickAsync();
        await Expect(page.Locator("#SlotId-error")).ToHaveTextAsync("Choose a time.");
        await BookingJourney.ShootAsync(tab, "booking-5-slots-error");

        // 4. Book 9:15: the confirmation with the code large, its QR code, dose 2 and the calendar file.
        await page.GetByText("9:15 AM", new() { Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Book this time" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(app.BaseUrl + link + "/booked");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("You are booked");
        var confirmation = (await page.Locator("#confirmation-code").TextContentAsync())!.Trim();
        Assert.Matches("^[A-Z0-9]{10}$", confirmation);
        var qr = page.Locator("img.fs-ticket__qr");
        await Expect(qr).ToHaveAttributeAsync("src", new Regex("^data:image/png;base64,"));
        await Expect(qr).ToHaveAttributeAsync("alt", new Regex(confirmation));
        Assert.True(await qr.EvaluateAsync<int>("img => img.naturalWidth") > 100, "the QR code image did not load");
        await Expect(page.Locator("main")).ToContainTextAsync($"{PortalDate(day.Date)}, {day.Date.Year} at 9:15 AM");
        await Expect(page.Locator("main")).ToContainTextAsync("1 Main St, Hillsboro, MO 63050");
        await Expect(page.Locator("main")).ToContainTextAsync($"{PortalDate(secondDay!.Date)}, {secondDay.Date.Year} at 9:15 AM, same place");
        await tab.AssertLooksRightAsync();
        await BookingJourney.ShootAsync(tab, "booking-6-confirmation");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Add to my calendar" }).ClickAsync());
        var ics = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Equal("vaccine-appointment.ics", download.SuggestedFilename);
        // Read back by a real iCalendar parser (Ical.Net): both doses at 9:15 clinic time, in the clinic's zone, with its VTIMEZONE.
        var calendar = Ical.Net.Calendar.Load(ics)!;
        var events = calendar.Events.OrderBy(e => e.DtStart!.AsUtc).ToList();
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal((9, 15, "America/Chicago"), (e.DtStart!.Hour, e.DtStart.Minute, e.DtStart.TzId)));
        Assert.Equal([day.Date, secondDay.Date], events.Select(e => DateOnly.FromDateTime(e.DtStart!.Value)));
        Assert.All(events, e => Assert.StartsWith("Fairgrounds Hall", e.Location, StringComparison.Ordinal));
        Assert.Contains(calendar.TimeZones, z => z.TzId == "America/Chicago");
        // And by ical.js, which shares no code with what wrote it: 9:15 in Chicago is 14:15 UTC in March
        // only if the VTIMEZONE it carries says so.
        var read = (await PortalPages.ReadCalendarWithIcalJsAsync((await download.PathAsync())!)).EnumerateArray().OrderBy(e => e.GetProperty("utc").GetString()).ToList();
        Assert.Equal(2, read.Count);
        Assert.All(read, e => Assert.Equal(("America/Chicago", true), (e.GetProperty("zone").GetString(), e.GetProperty("hasZoneDefinition").GetBoolean())));
        Assert.Equal([day.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "T09:15:00", secondDay.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "T09:15:00"],
            read.Select(e => e.GetProperty("local").GetString()));
        Assert.Equal(events.Select(e => e.DtStart!.AsUtc), read.Select(e => DateTime.Parse(e.GetProperty("utc").GetString()!, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal)));
        Assert.All(read, e => Assert.StartsWith("Fairgrounds Hall", e.GetProperty("location").GetString(), StringComparison.Ordinal));

        Assert.Equal(1, await _journey.BookedAsync(day.SlotIds[1]));
        Assert.Equal(1, await _journey.BookedAsync(secondDay.SlotIds[1]));

        // 5. The same link on another device, after it was used: 410 and what to do next.
        await using var other = await app.OpenAsync(390, 844);
        var answer = await other.Page.GotoAsync(link);
        Assert.Equal(410, answer!.Status);
        await Expect(other.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("This invitation has been used");
        await Expect(other.Page.Locator("main")).ToContainTextAsync("use the link in your confirmation message");
        await Expect(other.Page.Locator("main")).Not.ToContainTextAsync(confirmation);
        await other.AssertLooksRightAsync();
        await BookingJourney.ShootAsync(other, "booking-7-used-link-other-device");
    }

    [Fact]
    public async Task ManagePage_CancelAfterConfirming_GivesTheSeatBack()
    {
        var (day, _) = await _journey.ClinicAsync(cvx: "212", slots: 2, perSlot: 2);
        var resident = await _journey.RegisterAsync();
        await _journey.WaveAsync(day.Id);
        var link = await _journey.InvitationPathAsync(resident);
        await using var tab = await app.OpenAsync(390, 844);
        var page = tab.Page;
        await BookThroughThePagesAsync(page, link, resident, "9:00 AM");
        Assert.Equal(1, await _journey.BookedAsync(day.SlotIds[0]));

        // The link in the confirmation e-mail: the confirmation code alone shows nothing.
        var manage = await _journey.ManagePathAsync(resident);
        await page.GotoAsync(manage);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Your appointment");
        await Expect(page.Locator("main")).Not.ToContainTextAsync("9:00 AM");
        await tab.AssertLooksRightAsync();
        await BookingJourney.ShootAsync(tab, "manage-1-ask");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send me my code" }).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("We sent a 6-digit code to");
        await page.GetByLabel("The 6-digit code").FillAsync(await _journey.ManageCodeAsync(resident));
        await BookingJourney.ShootAsync(tab, "manage-2-code");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show my appointment" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(app.BaseUrl + manage);
        await Expect(page.Locator("main")).ToContainTextAsync($"{PortalDate(day.Date)}, {day.Date.Year} at 9:00 AM");
        await Expect(page.Locator("img.fs-ticket__qr")).ToBeVisibleAsync();
        await tab.AssertLooksRightAsync();
        await BookingJourney.ShootAsync(tab, "manage-3-view");

        await page.GetByRole(AriaRole.Link, new() { Name = "Cancel my appointment" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Cancel your appointment?");
        Assert.Equal(1, await _journey.BookedAsync(day.SlotIds[0])); // asking is not cancelling
        await tab.AssertLooksRightAsync();
        await BookingJourney.ShootAsync(tab, "manage-4-cancel-confirm");
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, cancel my appointment" }).ClickAsync();

        await Expect(page.Locator("#notice")).ToContainTextAsync("Your appointment is cancelled.");
        await Expect(page.Locator("main")).ToContainTextAsync("Cancelled");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Cancel my appointment" })).ToHaveCountAsync(0);
        await Expect(page.Locator("img.fs-ticket__qr")).ToHaveCountAsync(0);
        Assert.Equal(0, await _journey.BookedAsync(day.SlotIds[0]));
        await tab.AssertLooksRightAsync();
        await BookingJourney.ShootAsync(tab, "manage-5-cancelled");
    }

    /// <summary>Landing, code, date of birth, a time: the resident's whole path through the pages.</summary>
    internal async Task BookThroughThePagesAsync(IPage page, string link, BookingJourney.Resident resident, string time, Func<string, Task>? shoot = null)
    {
        await page.GotoAsync(link);
        await page.Locator("form[method=post] button[type=submit]").First.ClickAsync();
        await Expect(page.Locator("#Code")).ToBeVisibleAsync();
        await BookingJourney.EnterCodeAndBirthDateAsync(page, await _journey.InvitationCodeAsync(resident), resident.DateOfBirth);
        await page.Locator("form.fs-form button[type=submit]").ClickAsync();
        await Expect(page.Locator(".fs-slot-time").First).ToBeVisibleAsync();
        await page.GetByText(time, new() { Exact = true }).ClickAsync();
        await page.Locator("form.fs-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#confirmation-code")).ToBeVisibleAsync();
    }

    internal static string PortalDate(DateOnly date) => date.ToString("dddd, MMMM d", System.Globalization.CultureInfo.InvariantCulture);
}
