using FairShot.Data;
using FairShot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FairShot.Tests.Platform;

/// <summary>Claims on scheduled runs: one instance wins; losing is normal and no error.</summary>
public sealed class JobRunTests : FreshAppTest
{
    [Fact]
    public async Task ClaimingARunAnotherInstanceHas_ReturnsNull_AndLogsNoError()
    {
        await using var first = App.Scope();
        await using var second = App.Scope();
        var winner = await first.ServiceProvider.GetRequiredService<JobRuns>().TryClaimAsync("test.job", "2027-02-01T15:00", CancellationToken.None);
        var before = App.Logs.Lines.Count;

        var loser = await second.ServiceProvider.GetRequiredService<JobRuns>().TryClaimAsync("test.job", "2027-02-01T15:00", CancellationToken.None);

        Assert.NotNull(winner);
        Assert.Null(loser);
        var logged = App.Logs.Lines.Skip(before).ToList();
        Assert.DoesNotContain(logged, l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal) || l.StartsWith("Warning", StringComparison.Ordinal));
        Assert.Contains(logged, l => l.StartsWith("Debug FairShot.Data.JobRuns", StringComparison.Ordinal));

        await first.ServiceProvider.GetRequiredService<JobRuns>().FinishAsync(winner, "done", CancellationToken.None);
        var run = await App.WithDbAsync(db => db.JobRuns.AsNoTracking().SingleAsync(r => r.Job == "test.job"));
        Assert.Equal("done", run.Outcome);
        Assert.NotNull(run.FinishedAt);
    }
}
