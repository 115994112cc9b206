using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FairShot.BrowserTests.Portal;

/// <summary>
/// axe-core on every booking and manage screen, including forms showing their errors and the pages
/// for a link that cannot be used, in the invitee's own language (which the pages choose without
/// being told). These tabs bypass the CSP so axe can be injected; every other test keeps it.
/// </summary>
public sealed class BookingAccessibilityTests(ConsoleApp app)
{
    private readonly BookingJourney _journey = new(app);

    [Theory]
    [InlineData("en", "Send me my code", "Continue", "Book this time", "Show my appointment")]
    [InlineData("es", "Enviarme mi código", "Continuar", "Reservar esta hora", "Ver mi cita")]
    public async Task EveryBookingScreen_HasNoSeriousAccessibilityViolation(string lang, string sendCode, string next, string book, string show)
    {
        var (day, _) = await _journey.ClinicAsync(cvx: "208", slots: 3, perSlot: 2);
        var resident = await _journey.RegisterAsync(lang);
        await _journey.WaveAsync(day.Id);
        var link = await _journey.InvitationPathAsync(resident);
        await using var tab = await PortalPages.OpenForAxeAsync(app, 390, 844);
        var page = tab.Page;

        await page.GotoAsync(link);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", lang); // the language on file
        await PortalPages.AssertAccessibleAsync(page, "landing");
        await page.GetByRole(AriaRole.Button, new() { Name = sendCode }).ClickAsync();
        await Expect(page.Locator("#Code")).ToBeVisibleAsync();
        await PortalPages.AssertAccessibleAsync(page, "code");
        await page.GetByRole(AriaRole.Button, new() { Name = next, Exact = true }).ClickAsync();
        await Expect(page.Locator("#Code-error")).ToBeVisibleAsync();
        await Expect(page.Locator("#DateOfBirth-error")).ToBeVisibleAsync();
        await PortalPages.AssertAccessibleAsync(page, "code with errors");
        if (lang == "es")
        {
            await BookingJourney.ShootAsync(tab, "booking-es-code-errors");
        }

        await BookingJourney.EnterCodeAndBirthDateAsync(page, await _journey.InvitationCodeAsync(resident), resident.DateOfBirth);
        await page.GetByRole(AriaRole.Button, new() { Name = next, Exact = true }).ClickAsync();
        await Expect(page.Locator(".fs-slot-time").First).ToBeVisibleAsync();
        await PortalPages.AssertAccessibleAsync(page, "slots");
        await page.GetByRole(AriaRole.Button, new() { Name = book }).ClickAsync();
        await Expect(page.Locator("#SlotId-error")).ToBeVisibleAsync();
        await PortalPages.AssertAccessibleAsync(page, "slots with errors");
        await page.Locator(".fs-slot-time").Nth(1).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = book }).ClickAsync();
        await Expect(page.Locator("#confirmation-code")).ToBeVisibleAsync();
        await PortalPages.AssertAccessibleAsync(page, "confirmation");
        if (lang == "es")
        {
            await BookingJourney.ShootAsync(tab, "booking-es-confirmation");
        }

        // The used link on this device (the session is still live) and an unknown one.
        await page.GotoAsync(link);
        await PortalPages.AssertAccessibleAsync(page, "used link");
        await page.GotoAsync("/i/" + new string('A', 43));
        await PortalPages.AssertAccessibleAsync(page, "unknown link");

        var manage = await _journey.ManagePathAsync(resident);
        await page.GotoAsync(manage);
        await PortalPages.AssertAccessibleAsync(page, "manage");
        await page.GetByRole(AriaRole.Button, new() { Name = sendCode }).ClickAsync();
        await Expect(page.Locator("#Code")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = show }).ClickAsync();
        await Expect(page.Locator("#Code-error")).ToBeVisibleAsync();
        await PortalPages.AssertAccessibleAsync(page, "manage code with errors");
        await page.Locator("#Code").FillAsync(await _journey.ManageCodeAsync(resident));
        await page.GetByRole(AriaRole.Button, new() { Name = show }).ClickAsync();
        await Expect(page.Locator("img.fs-ticket__qr")).ToBeVisibleAsync();
        await PortalPages.AssertAccessibleAsync(page, "manage view");

        await page.GotoAsync(manage + "/move");
        await Expect(page.Locator(".fs-slot-time").First).ToBeVisibleAsync();
        await PortalPages.AssertAccessibleAsync(page, "move");
        if (lang == "es")
        {
            await BookingJourney.ShootAsync(tab, "manage-es-move");
        }
        await page.GotoAsync(manage + "/cancel");
        await PortalPages.AssertAccessibleAsync(page, "cancel");
    }
}
