namespace FairShot.Tests.Infrastructure;

/// <summary>A clock the test moves by hand (Microsoft's testing package is not available here).</summary>
public sealed class FakeTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;
    private readonly Lock _gate = new();

    /// <summary>A fixed start, far enough ahead that "2027-03-01" is always a future clinic day.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2027, 2, 1, 15, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (_gate)
        {
            _now += by;
        }
    }

    public void Set(DateTimeOffset to)
    {
        lock (_gate)
        {
            _now = to;
        }
    }
}
