using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace FairShot.Bench;

/// <summary>Where the repository is, found from the bench's own location.</summary>
internal static class Repository
{
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FairShot.slnx")))
            {
                dir = dir.Parent;
            }
            return dir?.FullName ?? throw new InvalidOperationException("Run the bench from inside the FairShot repository.");
        }
    }

    /// <summary>A port the kernel says is free on loopback; never PostgreSQL's usual 5432/5433, which other clusters on this machine may want.</summary>
    public static int FreePort()
    {
        while (true)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            if (port is not (5432 or 5433))
            {
                return port;
            }
        }
    }
}

/// <summary>A throwaway PostgreSQL 15 cluster on loopback, started and stopped by the bench (as ./test.sh does).</summary>
internal sealed class ThrowawayPostgres : IAsyncDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private readonly string _dir;

    private ThrowawayPostgres(string dir, int port)
    {
        _dir = dir;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The cluster's postmaster (first line of postmaster.pid), so that CPU is counted for this cluster only.</summary>
    public int? PostmasterPid
    {
        get
        {
            try
            {
                return int.Parse(File.ReadLines(Path.Combine(_dir, "data", "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException)
            {
                return null;
            }
        }
    }

    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Maximum Pool Size=200";

    public static async Task<ThrowawayPostgres> StartAsync()
    {
        if (!File.Exists(Path.Combine(Bin, "initdb")))
        {
            throw new InvalidOperationException("PostgreSQL 15 binaries are missing: apt-get install -y postgresql, or pass --connection.");
        }
        var dir = Directory.CreateTempSubdirectory("fairshot-bench-pg-").FullName;
        var port = Repository.FreePort();
        var root = Environment.UserName == "root";
        if (root)
        {
            await Run("chown", $"postgres {dir}");
        }
        await AsPostgres($"{Bin}/initdb -D {dir}/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8", root);
        await AsPostgres($"{Bin}/pg_ctl -D {dir}/data -l {dir}/log -o '-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={dir} -c max_connections=400' -w start", root);
        var pg = new ThrowawayPostgres(dir, port);
        await Run("sh", $"-c \"psql -h 127.0.0.1 -p {port} -U postgres -c 'CREATE DATABASE fairshot_bench' >/dev/null\"");
        return pg;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await AsPostgres($"{Bin}/pg_ctl -D {_dir}/data -m fast stop", Environment.UserName == "root");
        }
        finally
        {
            try
            {
                Directory.Delete(_dir, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private static Task AsPostgres(string command, bool root) =>
        root ? Run("su", $"postgres -s /bin/sh -c \"{command}\"") : Run("sh", $"-c \"{command}\"");

    private static async Task Run(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed: {await error}");
        }
    }
}

/// <summary>FairShot started as its own Release process on 127.0.0.1, with a fresh database.</summary>
internal sealed class FairShotServer : IAsyncDisposable
{
    private readonly Process _process;

    private FairShotServer(Process process, string baseUrl, string adminPassword)
    {
        _process = process;
        BaseUrl = baseUrl;
        AdminPassword = adminPassword;
    }

    public const string AdminEmail = "bench@fairshot.local";
    public string BaseUrl { get; }
    public string AdminPassword { get; }
    public int ProcessId => _process.Id;

    public static async Task<FairShotServer> StartAsync(string provider, string connectionString, string workDir, int port, IDictionary<string, string>? extra = null)
    {
        var root = Repository.Root;
        var dll = Path.Combine(AppContext.BaseDirectory, "FairShot.dll");
        var password = "bench-" + Guid.NewGuid().ToString("N");
        var info = new ProcessStartInfo("dotnet", $"\"{dll}\" --urls http://127.0.0.1:{port} --contentRoot \"{Path.Combine(root, "src", "FairShot")}\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workDir,
        };
        var env = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Database__Provider"] = provider,
            ["ConnectionStrings__FairShot"] = connectionString,
            ["Bootstrap__AdminEmail"] = AdminEmail,
            ["Bootstrap__AdminPassword"] = password,
            ["Notifications__Directory"] = Path.Combine(workDir, "outbox"),
            ["Demo__Seed"] = "false",
            // The virtual users all come from 127.0.0.1: per-address brakes would measure themselves.
            ["RateLimits__SignInsPerMinute"] = "1000000",
            ["RateLimits__CodesPerMinute"] = "1000000",
            ["RateLimits__InvitationActionsPerMinute"] = "100000000",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
            ["PublicBaseUrl"] = $"http://127.0.0.1:{port}",
            // Plain HTTP on loopback: no TLS in front of this run.
            ["Security__RequireHttps"] = "false",
            ["Audit__ChainKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            // The bench signs in with a password only; it measures the residents' path, not staff sign-in.
            ["Security__RequireAdminTwoFactor"] = "false",
            ["RateLimits__RegistrationsPerMinute"] = "1000000",
            // The bench reads links and codes from the outbox table, which keeps no secret once a
            // message is sent; so nothing is sent during a run (the dispatcher is not on the booking path).
            ["Notifications__Dispatcher__Enabled"] = "false",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            env[key] = value;
        }
        foreach (var (key, value) in env)
        {
            info.Environment[key] = value;
        }
        var process = Process.Start(info)!;
        _ = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        var server = new FairShotServer(process, $"http://127.0.0.1:{port}", password);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException("FairShot exited at start-up: " + await errors);
            }
            try
            {
                if ((await http.GetAsync(server.BaseUrl + "/health/ready")).IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(250);
        }
        throw new TimeoutException("FairShot did not become ready within 90 seconds.");
    }

    /// <summary>The server's peak resident memory (VmHWM), in MB.</summary>
    public double PeakMemoryMb()
    {
        var status = File.ReadAllLines($"/proc/{_process.Id}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return status is null ? 0 : double.Parse(status.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
