using FairShot.Platform;

namespace FairShot.Features.OneTimeCodes;

/// <summary>
/// The one-time-code lifecycle shared by the status look-up, invitations and appointment
/// management: issue under a cap, hash with a key kept outside the code table, redeem once.
/// </summary>
public static class OneTimeCodesFeature
{
    public static WebApplicationBuilder AddOneTimeCodes(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<OneTimeCodeHasher>();
        builder.Services.AddScoped<OneTimeCodeService>();
        // Reads (or makes) the key before the first request: a bad Security:OneTimeCodeKey stops start-up.
        builder.Services.AddStartupStep<OneTimeCodeKeyStep>();
        return builder;
    }
}

internal sealed class OneTimeCodeKeyStep(OneTimeCodeHasher hasher) : IStartupStep
{
    public async Task RunAsync(CancellationToken cancellationToken) => await hasher.KeyAsync(cancellationToken);
}
