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
    public static string AxeScript { get; } = Path.Combine(NodeModules, "axe-core", "axe.min.js");

    /// <summary>This project's node_modules (npm ci --prefix tests/FairShot.BrowserTests; test.sh does this).</summary>
    private static string NodeModules => FindNodeModules();

    private static string FindNodeModules()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "node_modules");
            if (File.Exists(Path.Combine(candidate, "axe-core", "axe.min.js")) && File.Exists(Path.Combine(dir.FullName, "read-ics.cjs")))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException(
            "The browser tests' npm packages are not installed. Run: npm ci --prefix tests/FairShot.BrowserTests (test.sh does this).");
    }

    /// <summary>
    /// The events of an .ics file as Mozilla's ical.js reads them (a parser nobody here wrote, and
    /// not the library FairShot writes with): summary, location, zone, local start and UTC start.
    /// </summary>
    public static async Task<System.Text.Json.JsonElement> ReadCalendarWithIcalJsAsync(string icsPath)
    {
        var script = Path.Combine(Path.GetDirectoryName(NodeModules)!, "read-ics.cjs");
        using var node = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("node", [script, icsPath])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(NodeModules)!,
        })!;
        var output = await node.StandardOutput.ReadToEndAsync();
        var error = await node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        Assert.True(node.ExitCode == 0, $"ical.js could not read the calendar file: {error}");
        return System.Text.Json.JsonDocument.Parse(output).RootElement.Clone();
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
