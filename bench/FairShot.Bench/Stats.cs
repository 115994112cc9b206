using System.Collections.Concurrent;
using System.Diagnostics;

namespace FairShot.Bench;

/// <summary>Latencies and answers of one step (landing, code, verify, slots, book), collected from every virtual user.</summary>
internal sealed class StepStats(string name)
{
    private readonly ConcurrentBag<double> _latencies = [];
    private readonly ConcurrentDictionary<int, int> _statuses = new();

    public string Name { get; } = name;
    public int Count => _latencies.Count;

    /// <summary>
    /// Times one request from when it is sent, or from <paramref name="scheduledAt"/> (a
    /// <see cref="Stopwatch.GetTimestamp"/>) when the client sends it later than planned: an open-loop
    /// client that falls behind its schedule must not leave the wait out (coordinated omission).
    /// </summary>
    public async Task<HttpResponseMessage> TimeAsync(Func<Task<HttpResponseMessage>> call, long? scheduledAt = null)
    {
        var sent = Stopwatch.GetTimestamp();
        var from = scheduledAt is { } s && s < sent ? s : sent;
        var response = await call();
        _latencies.Add(Stopwatch.GetElapsedTime(from).TotalMilliseconds);
        _statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
        return response;
    }

    public int ServerErrors => _statuses.Where(s => s.Key >= 500).Sum(s => s.Value);

    public double Percentile(double p)
    {
        var sorted = _latencies.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)];
    }

    public string Statuses => string.Join(" ", _statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}x{s.Value}"));

    public string Line(double seconds) =>
        $"{Name,-9} {Count,7} req {Count / seconds,9:0.0}/s   p50 {Percentile(50),7:0.0} ms   p95 {Percentile(95),7:0.0} ms   p99 {Percentile(99),7:0.0} ms   {Statuses}";
}
