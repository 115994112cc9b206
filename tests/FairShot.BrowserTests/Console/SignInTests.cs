using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FairShot.BrowserTests.Console;

/// <summary>Features/Console/SignIn: staff sign in, fail to sign in, and sign out.</summary>
public sealed class SignInTests(ConsoleApp app)
{
    private const string FailureStart = "The e-mail address or password is not right.";

    [Fact]
    public async Task SignIn_WithAdminPassword_OpensClinicsWithAdminNavigation()
    {
        await using var tab = await app.OpenAsync();
        await tab.Page.GotoAsync("/console");
        await Expect(tab.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/login\\?ReturnUrl=%2Fconsole$"));
        await tab.ScreenshotAsync("login");

        await tab.SignInAsync(ConsoleApp.AdminEmail, app.AdminPassword);

        await Expect(tab.Page).ToHaveURLAsync($"{app.BaseUrl}/console");
        await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Name = "Clinics", Level = 1 })).ToBeVisibleAsync();
        var nav = tab.Page.GetByRole(AriaRole.Navigation, new() { Name = "Primary navigation" });
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Staff" })).ToBeVisibleAsync();
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Audit log" })).ToBeVisibleAsync();
        await Expect(nav).ToContainTextAsync("Signed in as Administrator");
        await tab.AssertLooksRightAsync();
    }

    [Fact]
    public async Task SignIn_WithWrongPassword_ShowsTheSameErrorAsAnUnknownEmail()
    {
        await using var tab = await app.OpenAsync();

        await tab.SignInAsync(ConsoleApp.AdminEmail, "not-the-password-at-all");

        await Expect(tab.Page).ToHaveURLAsync($"{app.BaseUrl}/console/login");
        var summary = tab.Page.Locator("#error-summary");
        await Expect(summary).ToContainTextAsync(FailureStart);
        await Expect(summary).ToContainTextAsync("slows down");
        await Expect(tab.Page.GetByLabel("Password", new() { Exact = true })).ToHaveValueAsync("");
        await Expect(tab.Page.GetByLabel("Work e-mail address")).ToHaveValueAsync(ConsoleApp.AdminEmail);
        var wrongPassword = await summary.InnerTextAsync();
        await tab.AssertLooksRightAsync();
        await tab.ScreenshotAsync("login-wrong-password");

        await tab.SignInAsync("nobody@test.local", "not-the-password-at-all");

        Assert.Equal(wrongPassword, await tab.Page.Locator("#error-summary").InnerTextAsync());
    }

    [Fact]
    public async Task SignIn_WithEmptyFields_ShowsMessagesNextToBothFields()
    {
        await using var tab = await app.OpenAsync();
        await tab.Page.GotoAsync("/console/login");

        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(tab.Page.Locator("#Email-error")).ToHaveTextAsync("Enter your work e-mail address.");
        await Expect(tab.Page.Locator("#Password-error")).ToHaveTextAsync("Enter your password.");
        await Expect(tab.Page.GetByLabel("Work e-mail address")).ToHaveAccessibleDescriptionAsync("Enter your work e-mail address.");
    }

    [Fact]
    public async Task SignOut_FromNavigation_ReturnsToSignInAndClosesTheConsole()
    {
        await using var tab = await app.OpenAsAdminAsync();
        await tab.Page.GotoAsync("/console");

        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await Expect(tab.Page.GetByText("You are signed out.")).ToBeVisibleAsync();
        await tab.Page.GotoAsync("/console/staff");
        await Expect(tab.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/login\\?ReturnUrl="));
    }
}
