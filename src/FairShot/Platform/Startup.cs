using FairShot.Data;
using FairShot.Features.Staff;

namespace FairShot.Platform;

public static class Startup
{
    /// <summary>
    /// Brings the database to this build's schema, creates the first admin when there is no staff,
    /// and fills an empty database with the demo county when <c>Demo:Seed</c> is on.
    /// Safe to run on several instances at once: each step checks first and the database's unique
    /// keys decide any race.
    /// </summary>
    public static async Task PrepareAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        await app.Services.MigrateAsync(cancellationToken);
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Features.Registration.EligibilitySeed>().SeedAsync(cancellationToken);
        await scope.ServiceProvider.GetRequiredService<StaffDirectory>().BootstrapAdminAsync(Console.Out, cancellationToken);
        if (app.Configuration.GetValue("Demo:Seed", false))
        {
            await scope.ServiceProvider.GetRequiredService<DemoData>().SeedAsync(cancellationToken);
        }
    }
}
