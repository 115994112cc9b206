using FairShot.Data;
using FairShot.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FairShot.BrowserTests.Console;

/// <summary>Features/Notifications/UndeliveredMessages: the console's banner, the list, and "send again".</summary>
public sealed class MessagesTests(ConsoleApp app)
{
    /// <summary>
    /// A message the outbox gave up on, written as the dispatcher leaves one (failed, attempts used,
    /// the last error) in the same insert, so the dispatcher never sees it pending.
    /// </summary>
    private async Task<Guid> GiveUpOnAsync(string recipient, string template, DateTime? expiresAt = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FairShotDb>();
        var now = DateTime.UtcNow;
        var message = new OutboxMessage(NotificationChannel.Email, recipient, "en", template, "You are in line for a COVID-19 vaccine", "Hello,\n\nA test message.", now.AddMinutes(-30),
            expiresAt is null ? OutboxMessage.BulkPriority : OutboxMessage.UrgentPriority, expiresAt);
        db.Outbox.Add(message);
        var entry = db.Entry(message);
        entry.Property(m => m.FailedAt).CurrentValue = now.AddMinutes(-1);
        entry.Property(m => m.Attempts).CurrentValue = OutboxMessage.MaxAttempts;
        entry.Property(m => m.LastError).CurrentValue = "550 mailbox unavailable";
        await db.SaveChangesAsync();
        return message.Id;
    }

    [Fact]
    public async Task UndeliveredMessages_BannerLinksToTheList_AndSendAgainDeliversIt()
    {
        var email = $"undelivered.{Guid.NewGuid():N}"[..24] + "@example.org";
        var resend = await GiveUpOnAsync(email, "registered");
        var ranOut = await GiveUpOnAsync($"ran.out.{Guid.NewGuid():N}"[..16] + "@example.org", "status-code", DateTime.UtcNow.AddMinutes(-5));
        try
        {
            await using var tab = await PortalPages.OpenForAxeAsync(app);
            await tab.SignInAsync(ConsoleApp.AdminEmail, app.AdminPassword);
            await Expect(tab.Page).ToHaveURLAsync($"{app.BaseUrl}/console");

            // Every console page warns while messages are undelivered, and links to them.
            var banner = tab.Page.Locator("#undelivered-banner");
            await Expect(banner).ToContainTextAsync("could not be delivered");
            await PortalPages.AssertAccessibleAsync(tab.Page, "console home with the undelivered banner");
            await tab.ScreenshotAsync("messages-banner");
            await banner.GetByRole(AriaRole.Link, new() { Name = "See undelivered messages" }).ClickAsync();

            await Expect(tab.Page).ToHaveURLAsync($"{app.BaseUrl}/console/messages");
            await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Undelivered messages");
            // The contact is masked: enough to tell two apart, not enough to read off the screen.
            var row = tab.Page.Locator("tbody tr", new() { HasText = email[0] + "•••@example.org", Has = tab.Page.GetByText("registered (Email)") });
            await Expect(row).ToHaveCountAsync(1);
            await Expect(row).ToContainTextAsync("550 mailbox unavailable");
            Assert.DoesNotContain(email, await tab.Page.ContentAsync(), StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("A test message", await tab.Page.ContentAsync(), StringComparison.Ordinal);
            // A code that ran out cannot go again: the person asks for a new one.
            var codeRow = tab.Page.Locator("tbody tr", new() { Has = tab.Page.GetByText("status-code (Email)") });
            await Expect(codeRow).ToHaveCountAsync(1);
            await Expect(codeRow.GetByRole(AriaRole.Button, new() { Name = "Send again" })).ToHaveCountAsync(0);
            await Expect(codeRow).ToContainTextAsync("Ran out: cannot be sent again");
            await PortalPages.AssertAccessibleAsync(tab.Page, "undelivered messages");
            await tab.ScreenshotAsync("messages-undelivered");

            await row.GetByRole(AriaRole.Button, new() { Name = "Send again" }).ClickAsync();

            await Expect(tab.Page.Locator("#done")).ToHaveTextAsync("The message will be sent again in a few seconds.");
            await PortalPages.AssertAccessibleAsync(tab.Page, "undelivered messages after send again");
            await tab.ScreenshotAsync("messages-sent-again");
            // The dispatcher picks it up and the mail reaches the pickup directory; the row is gone.
            var file = Path.Combine(app.OutboxDirectory, $"{resend}.eml");
            for (var i = 0; i < 100 && !File.Exists(file); i++)
            {
                await Task.Delay(200);
            }
            Assert.True(File.Exists(file), "The message sent again never reached the pickup directory.");
            await tab.Page.ReloadAsync();
            await Expect(tab.Page.Locator("tbody tr", new() { Has = tab.Page.GetByText("registered (Email)") })).ToHaveCountAsync(0);
            await Expect(tab.Page.Locator("#undelivered-banner")).ToContainTextAsync("1 message could not be delivered");
        }
        finally
        {
            // The fixture is shared: leave no banner over the other tests' pages.
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<FairShotDb>().Outbox.Where(m => m.Id == ranOut || m.Id == resend).ExecuteDeleteAsync();
        }
    }
}
