namespace FairShot.Platform;

/// <summary>
/// A background loop shared by the sealer, the outbox dispatcher and scheduled jobs: run a round,
/// and while a round reports a full batch run again at once; log a failure and carry on; then wait
/// the interval on the injected clock. Each round must be safe with several instances running it,
/// which the rounds themselves guarantee in the database.
/// </summary>
internal abstract class RepeatingService(TimeProvider clock, ILogger logger) : BackgroundService
{
    protected abstract TimeSpan Interval { get; }

    /// <summary>One round; true when there may be more work right away.</summary>
    protected abstract Task<bool> RunRoundAsync(CancellationToken stoppingToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await RunRoundAsync(stoppingToken))
                {
                    // a full batch: more may be waiting
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "{Service} failed; will try again.", GetType().Name);
            }

            try
            {
                await Task.Delay(Interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
