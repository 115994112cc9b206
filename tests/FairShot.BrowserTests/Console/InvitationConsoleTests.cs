using System.Net.Http.Json;
using FairShot.BrowserTests.Portal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FairShot.BrowserTests.Console;

/// <summary>
/// Features/Console/Invitations and the booking form on Registrations: staff revoke a link that
/// looks shared, and book for a named person who called, with a reason.
/// </summary>
public sealed class InvitationConsoleTests(ConsoleApp app)
{
    private readonly BookingJourney _journey = new(app);

    [Fact]
    public async Task FlaggedInvitation_Revoke_StopsTheLinkAtOnce()
    {
        var (day, _) = await _journey.ClinicAsync(cvx: "212", slots: 2, perSlot: 2);
        var resident = await _journey.RegisterAsync();
        await _journey.WaveAsync(day.Id);
        var link = await _journey.InvitationPathAsync(resident);
        var token = link["/i/".Length..];
        using (var stranger = new HttpClient { BaseAddress = new Uri(app.BaseUrl) })
        {
            // Someone who got the forwarded link guesses: three wrong codes flag it.
            for (var i = 0; i < 3; i++)
            {
                await stranger.PostAsJsonAsync($"/api/v1/invitations/{token}/verify", new { code = "123456", dateOfBirth = "1950-01-01" });
            }
        }
        var name = await _journey.WithDbAsync(db => db.People.Where(p => p.Id == resident.Id).Select(p => p.FirstName + " " + p.LastName).SingleAsync());

        await using var tab = await app.OpenAsAdminAsync();
        var page = tab.Page;
        await page.GotoAsync("/console");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Primary navigation" }).GetByRole(AriaRole.Link, new() { Name = "Flagged invitations" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Invitations that may be shared");
        var row = page.Locator("tbody tr", new() { HasText = name });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.Locator("td[data-label='Wrong codes']")).ToHaveTextAsync("3");
        await tab.AssertLooksRightAsync();
        await BookingJourney.ShootAsync(tab, "console-flagged");

        await row.GetByRole(AriaRole.Button, new() { Name = $"Revoke the invitation of {name}" }).ClickAsync();
        await Expect(page.Locator("#revoked")).ToContainTextAsync($"The invitation of {name} is revoked");
        await Expect(page.Locator("tbody tr", new() { HasText = name }).GetByRole(AriaRole.Button)).ToHaveCountAsync(0);

        await using var phone = await app.OpenAsync(390, 844);
        var answer = await phone.Page.GotoAsync(link);
        Assert.Equal(410, answer!.Status);
        await Expect(phone.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("This invitation was withdrawn");
        await Expect(phone.Page.Locator("main")).ToContainTextAsync("You keep your place in line");
        await phone.AssertLooksRightAsync();
        await BookingJourney.ShootAsync(phone, "booking-revoked-link");
    }

    [Fact]
    public async Task BookForThisPerson_WithAReason_BooksAndShowsTheCodeToReadOut()
    {
        var (day, _) = await _journey.ClinicAsync(cvx: "212", slots: 3, perSlot: 1);
        var resident = await _journey.RegisterAsync("es");

        await using var tab = await app.OpenAsAdminAsync();
        var page = tab.Page;
        await page.GotoAsync($"/console/registrations/{resident.Id}");
        await Expect(page.Locator("#appointments + p")).ToHaveTextAsync("No appointments.");
        await page.Locator("#day").SelectOptionAsync(day.Id.ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Show free times" }).ClickAsync();
        await page.GetByLabel("Time", new() { Exact = true }).SelectOptionAsync(day.SlotIds[2].ToString());

        // Without a reason: the message sits next to the box, and the chosen day stays.
        await page.GetByRole(AriaRole.Button, new() { Name = "Book this time" }).ClickAsync();
        await Expect(page.Locator("#Reason-error")).ToContainTextAsync("Say why you are booking for this person");
        await Expect(page.Locator("#day")).ToHaveValueAsync(day.Id.ToString());
        await BookingJourney.ShootAsync(tab, "console-book-for-person-error");

        await page.GetByLabel("Time", new() { Exact = true }).SelectOptionAsync(day.SlotIds[2].ToString());
        await page.GetByLabel("Why you are booking for them").FillAsync("Called the help line; has no internet at home.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Book this time" }).ClickAsync();

        await Expect(page.Locator("#booked")).ToContainTextAsync("9:30 AM at Fairgrounds Hall");
        var appointment = await _journey.WithDbAsync(db => db.Appointments.SingleAsync(a => a.PersonId == resident.Id));
        await Expect(page.Locator("#booked")).ToContainTextAsync(appointment.ConfirmationCode);
        Assert.NotNull(appointment.BookedByStaffId);
        Assert.Equal("Called the help line; has no internet at home.", appointment.StaffReason);
        Assert.Equal(1, await _journey.BookedAsync(day.SlotIds[2]));
        await Expect(page.Locator("table", new() { HasText = appointment.ConfirmationCode })).ToContainTextAsync("A staff member, for the person");
        await tab.AssertLooksRightAsync();
        await BookingJourney.ShootAsync(tab, "console-book-for-person");
    }
}
