using System.Diagnostics;
using System.Text.Json;

namespace FairShot.Tests.Features.Records;

/// <summary>
/// Runs the independent checkers in tests/checkers (npm packages nobody on the team wrote, pinned
/// by its package-lock.json and installed by test.sh) on a file and returns their JSON answer.
/// </summary>
internal static class Checkers
{
    public static string Directory => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../tests/checkers"));

    public static async Task<JsonElement> RunAsync(string script, string content, params string[] arguments)
    {
        Assert.True(System.IO.Directory.Exists(Path.Combine(Directory, "node_modules")),
            $"The record checkers are not installed: run `npm ci --prefix tests/checkers` (test.sh does). Looked in {Directory}.");
        var file = Path.Combine(Path.GetTempPath(), $"fairshot-check-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(file, content);
        try
        {
            var start = new ProcessStartInfo("node") { WorkingDirectory = Directory, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(script);
            start.ArgumentList.Add(file);
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"{script} failed: {await error}");
            return JsonDocument.Parse(await output).RootElement.Clone();
        }
        finally
        {
            File.Delete(file);
        }
    }
}
