namespace FairShot.Domain;

/// <summary>
/// A claim on one run of a scheduled job (a name and a period key such as a date). The primary key
/// makes the claim: of several app instances that try to insert the same run, one succeeds and does
/// the work; the others see the key taken and skip. No per-process schedule decides anything.
/// </summary>
public sealed class JobRun
{
    private JobRun() { }

    public JobRun(string job, string period, string owner, DateTime startedAt)
    {
        Job = job;
        Period = period;
        Owner = owner;
        StartedAt = startedAt;
    }

    public string Job { get; private set; } = "";
    public string Period { get; private set; } = "";
    public string Owner { get; private set; } = "";
    public DateTime StartedAt { get; private set; }
    public DateTime? FinishedAt { get; private set; }
    public string? Outcome { get; private set; }

    public void Finish(DateTime at, string outcome)
    {
        FinishedAt = at;
        Outcome = outcome.Length > 500 ? outcome[..500] : outcome;
    }
}
