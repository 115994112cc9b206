using FairShot.Domain;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Data;

/// <summary>Claims a job's run for a period in the database; see <see cref="JobRun"/>.</summary>
public sealed class JobRuns(FairShotDb db, TimeProvider clock)
{
    private static readonly string Owner = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>True when this instance claimed the run and should do the work.</summary>
    public async Task<JobRun?> TryClaimAsync(string job, string period, CancellationToken cancellationToken)
    {
        var run = new JobRun(job, period, Owner.Length > 100 ? Owner[..100] : Owner, clock.GetUtcNow().UtcDateTime);
        db.JobRuns.Add(run);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return run;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return null; // another instance has this run
        }
    }

    public async Task FinishAsync(JobRun run, string outcome, CancellationToken cancellationToken)
    {
        run.Finish(clock.GetUtcNow().UtcDateTime, outcome);
        await db.SaveChangesAsync(cancellationToken);
    }
}
