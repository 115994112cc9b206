using System.Diagnostics;
using System.Globalization;

namespace FairShot.Bench;

/// <summary>
/// CPU time spent during a stretch of the run by the FairShot server, by PostgreSQL and by this
/// bench client, read from /proc. The bench shares the machine's cores with the server; this says
/// how much of them each side used. PostgreSQL is the bench's own cluster when its postmaster is
/// known (the postmaster and its children: other engineers' clusters on a shared machine are not
/// counted), otherwise every process named postgres. The postmaster's own figure includes the CPU
/// of backends that ended in between (cutime/cstime of waited-for children).
/// </summary>
internal sealed class CpuMeter
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux
    private readonly int _serverPid;
    private readonly bool _database;
    private readonly int? _postmaster;
    private readonly double _server0, _database0, _client0;

    private CpuMeter(int serverPid, bool database, int? postmaster)
    {
        _serverPid = serverPid;
        _database = database;
        _postmaster = postmaster;
        (_server0, _database0, _client0) = Read();
    }

    public static CpuMeter Start(int serverPid, bool database, int? postmaster = null) => new(serverPid, database, postmaster);

    public (double Server, double Database, double Client) Stop()
    {
        var (server, database, client) = Read();
        return (server - _server0, database - _database0, client - _client0);
    }

    private (double Server, double Database, double Client) Read()
    {
        var database = 0.0;
        if (_database)
        {
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                var name = Path.GetFileName(dir);
                if (name.All(char.IsAsciiDigit) && Comm(dir) == "postgres" && OfOurCluster(name, dir))
                {
                    database += Seconds(dir);
                }
            }
        }
        return (Seconds($"/proc/{_serverPid}"), database, Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds);
    }

    private bool OfOurCluster(string pid, string dir)
    {
        if (_postmaster is not { } postmaster || pid == postmaster.ToString(CultureInfo.InvariantCulture))
        {
            return true;
        }
        try
        {
            var stat = File.ReadAllText(Path.Combine(dir, "stat"));
            // After the command in parentheses: state, then the parent's pid.
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1] == postmaster.ToString(CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string? Comm(string dir)
    {
        try
        {
            return File.ReadAllText(Path.Combine(dir, "comm")).Trim();
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>utime + stime of a process and its waited-for children (fields 14-17 of /proc/PID/stat).</summary>
    private static double Seconds(string dir)
    {
        try
        {
            var stat = File.ReadAllText(Path.Combine(dir, "stat"));
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // fields[0] is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17.
            return Enumerable.Range(11, 4).Sum(i => double.Parse(fields[i], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (IOException)
        {
            return 0; // a backend that ended in between
        }
    }
}
