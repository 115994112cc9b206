namespace FairShot.Tests.Infrastructure;

/// <summary>A test class whose every test gets a fresh app and database (no state shared between tests).</summary>
public abstract class FreshAppTest : IAsyncLifetime
{
    protected FairShotApp App { get; } = new();

    protected Features.InvitationFlow Flow { get; private set; } = null!;

    public virtual async ValueTask InitializeAsync()
    {
        await App.InitializeAsync();
        Flow = new Features.InvitationFlow(App);
    }

    public virtual async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
