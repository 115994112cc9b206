using FairShot.Domain;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Data;

/// <summary>Claims a job's run for a period in the database; see <see cref="JobRun"/>.</summary>
public sealed class JobRuns(FairShotDb db, TimeProvider clock, ILogger<JobRuns> logger)
{
    private static readonly string Owner = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>True when this instance claimed the run and should do the work.</summary>
    public async Task<JobRun?> TryClaimAsync(string job, string period, CancellationToken cancellationToken)
    {
        var run = new JobRun(job, period, Owner.Length > 100 ? Owner[..100] : Owner, clock.GetUtcNow().UtcDateTime);
        // Losing the claim to another instance is the normal case with several instances, every
        // minute for the fill monitor: insert-if-absent instead of a failed insert, which EF Core
        // (and PostgreSQL's own log) would report as an error each time.
        var inserted = await db.Database.ExecuteSqlInterpolatedAsync(
            $"""INSERT INTO "JobRuns" ("Job", "Period", "Owner", "StartedAt") VALUES ({run.Job}, {run.Period}, {run.Owner}, {run.StartedAt}) ON CONFLICT DO NOTHING""",
            cancellationToken);
        if (inserted != 1)
        {
            logger.LogDebug("Another instance has run {Period} of {Job}; skipping it here.", period, job);
            return null;
        }
        db.JobRuns.Attach(run);
        return run;
    }

    public async Task FinishAsync(JobRun run, string outcome, CancellationToken cancellationToken)
    {
        run.Finish(clock.GetUtcNow().UtcDateTime, outcome);
        await db.SaveChangesAsync(cancellationToken);
    }
}
