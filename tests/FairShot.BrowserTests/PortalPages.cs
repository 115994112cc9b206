using System.Text.Json;
using Microsoft.Playwright;

namespace FairShot.BrowserTests;

/// <summary>What the public-page tests share: keyboard-only movement and the axe-core check.</summary>
public static class PortalPages
{
    /// <summary>
    /// Presses Tab until <paramref name="target"/> has the focus, as a keyboard user would; fails
    /// when it is not reached within <paramref name="maxPresses"/>, which also proves it is in the tab order.
    /// </summary>
    public static async Task TabToAsync(IPage page, ILocator target, int maxPresses = 60)
    {
        for (var i = 0; i < maxPresses; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await target.EvaluateAsync<bool>("el => el === document.activeElement"))
            {
                return;
            }
        }
        Assert.Fail($"Tab never reached {target} in {maxPresses} presses.");
    }

    /// <summary>axe-core's script, installed by npm (test.sh runs npm ci in this project's folder).</summary>
    public static string AxeScript { get; } = FindAxe();

    private static string FindAxe()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "node_modules", "axe-core", "axe.min.js");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException(
            "axe-core is not installed. Run: npm ci --prefix tests/FairShot.BrowserTests (test.sh does this).");
    }

    /// <summary>
    /// A tab whose pages ignore their Content-Security-Policy, so axe can be injected. Only for the
    /// accessibility checks: every other test keeps the CSP and fails on a violation.
    /// </summary>
    public static async Task<ConsoleTab> OpenForAxeAsync(ConsoleApp app, int width = 1280, int height = 900)
    {
        var context = await app.Browser.NewContextAsync(new()
        {
            BaseURL = app.BaseUrl,
            ViewportSize = new() { Width = width, Height = height },
            BypassCSP = true,
        });
        return await ConsoleTab.CreateAsync(app, context);
    }

    /// <summary>Runs axe-core (WCAG 2.0/2.1 A and AA and best practices) on the page; fails on any serious or critical violation.</summary>
    public static async Task AssertAccessibleAsync(IPage page, string where)
    {
        await page.AddScriptTagAsync(new() { Path = AxeScript });
        var violations = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const result = await axe.run(document, { resultTypes: ['violations'] });
              return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))
              }));
            }
            """);
        var serious = violations.EnumerateArray()
            .Where(v => v.GetProperty("impact").GetString() is "serious" or "critical")
            .Select(v => $"{v.GetProperty("impact").GetString()} {v.GetProperty("id").GetString()}: {v.GetProperty("help").GetString()} at " +
                         string.Join(", ", v.GetProperty("nodes").EnumerateArray().Select(n => n.GetString())))
            .ToList();
        Assert.True(serious.Count == 0, $"axe-core on {where} ({page.Url}):\n" + string.Join("\n", serious));
    }
}
