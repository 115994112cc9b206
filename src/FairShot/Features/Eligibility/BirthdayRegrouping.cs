using FairShot.Data;
using FairShot.Domain;

namespace FairShot.Features.Eligibility;

/// <summary>
/// Once a day (county date), regroups every waiting registrant: people turn 65 or 75 and move up.
/// Each day's run is claimed in the database, so with several instances it happens once.
/// </summary>
public sealed class BirthdayRegrouping(IServiceScopeFactory scopes, ILogger<BirthdayRegrouping> logger)
{
    public const string JobName = "eligibility.birthdays";

    /// <summary>Runs today's regrouping unless some instance already has; returns whether this one did.</summary>
    public async Task<bool> RunIfDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var rules = scope.ServiceProvider.GetRequiredService<EligibilityRules>();
        var runs = scope.ServiceProvider.GetRequiredService<JobRuns>();
        var today = await rules.TodayAsync(cancellationToken);
        var run = await runs.TryClaimAsync(JobName, today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
        if (run is null)
        {
            return false;
        }
        var result = await rules.RecomputeAsync(Actor.System, cancellationToken);
        await runs.FinishAsync(run, $"waiting {result.Waiting}, moved {result.Moved}", cancellationToken);
        logger.LogInformation("Birthday regrouping for {Date}: {Moved} of {Waiting} waiting registrants moved.", today, result.Moved, result.Waiting);
        return true;
    }
}

internal sealed class BirthdayRegroupingService(BirthdayRegrouping job, TimeProvider clock, ILogger<BirthdayRegroupingService> logger)
    : Platform.RepeatingService(clock, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromMinutes(10);

    protected override async Task<bool> RunRoundAsync(CancellationToken stoppingToken)
    {
        await job.RunIfDueAsync(stoppingToken);
        return false;
    }
}
