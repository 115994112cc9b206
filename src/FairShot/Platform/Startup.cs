using FairShot.Data;

namespace FairShot.Platform;

/// <summary>Something a feature must do once before an instance serves: seed its data, create the first account.</summary>
public interface IStartupStep
{
    Task RunAsync(CancellationToken cancellationToken);
}

public static class Startup
{
    /// <summary>Registers a step; steps run in the order they were added, after migrations.</summary>
    public static IServiceCollection AddStartupStep<TStep>(this IServiceCollection services) where TStep : class, IStartupStep =>
        services.AddScoped<IStartupStep, TStep>();

    /// <summary>
    /// Brings the database to this build's schema, then runs every feature's start-up step (rules and
    /// county settings, the first admin, the demo county). Safe to run on several instances at once:
    /// each step checks first and the database's unique keys decide any race.
    /// </summary>
    public static async Task PrepareAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        await app.Services.MigrateAsync(cancellationToken);
        await using var scope = app.Services.CreateAsyncScope();
        foreach (var step in scope.ServiceProvider.GetServices<IStartupStep>())
        {
            await step.RunAsync(cancellationToken);
        }
    }
}
