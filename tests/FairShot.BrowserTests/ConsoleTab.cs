using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FairShot.BrowserTests;

/// <summary>
/// One browser tab on the console. It records what a user would not see but should worry us: a
/// script or style the Content-Security-Policy blocked, a console error, a missing file.
/// </summary>
public sealed class ConsoleTab : IAsyncDisposable
{
    private readonly ConsoleApp _app;
    private readonly List<string> _problems = [];
    private readonly List<string> _pagesAnsweredWithError = [];

    private ConsoleTab(ConsoleApp app, IPage page)
    {
        _app = app;
        Page = page;
        page.Console += (_, message) =>
        {
            // Chromium also reports a page that answers 404 or 410 on purpose as a failed resource.
            var ownStatus = message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal)
                && _pagesAnsweredWithError.Any(url => message.Location.StartsWith(url + ":", StringComparison.Ordinal));
            if (message.Type == "error" && !ownStatus)
            {
                _problems.Add($"console error: {message.Text} ({message.Location})");
            }
        };
        page.RequestFailed += (_, request) => _problems.Add($"request failed: {request.Url} ({request.Failure})");
        page.Response += (_, response) =>
        {
            // Pages may answer 403/404/410 on purpose; the files a page loads may not.
            if (response.Status >= 400 && response.Request.ResourceType is not "document")
            {
                _problems.Add($"{response.Status} for {response.Url}");
            }
            else if (response.Status >= 400)
            {
                _pagesAnsweredWithError.Add(response.Url);
            }
        };
    }

    public IPage Page { get; }

    public static async Task<ConsoleTab> CreateAsync(ConsoleApp app, IBrowserContext context) => new(app, await context.NewPageAsync());

    public async Task SignInAsync(string email, string password)
    {
        await Page.GotoAsync("/console/login");
        await Page.GetByLabel("Work e-mail address").FillAsync(email);
        await Page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>A full-page PNG under the test output directory, to look at.</summary>
    public async Task ScreenshotAsync(string name) =>
        await Page.ScreenshotAsync(new() { Path = Path.Combine(_app.ScreenshotDirectory, name + ".png"), FullPage = true });

    /// <summary>USWDS is loaded and applied (not blocked by the CSP), and nothing failed to load.</summary>
    public async Task AssertLooksRightAsync()
    {
        await Expect(Page.Locator(".usa-skipnav")).ToHaveCSSAsync("position", "absolute"); // uswds.min.css
        await Expect(Page.Locator("header.usa-header")).ToHaveCSSAsync("border-bottom-style", "solid"); // site.css
        Assert.True(_problems.Count == 0, string.Join("\n", _problems));
    }

    public async ValueTask DisposeAsync() => await Page.Context.DisposeAsync();
}
