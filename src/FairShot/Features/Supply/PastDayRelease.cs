using System.Globalization;
using FairShot.Data;
using FairShot.Domain;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Supply;

/// <summary>
/// Gives back the doses a clinic day held and did not use, once the day is over in its clinic's
/// time zone, so they back other days and show as available on the stock page the next morning
/// rather than at the next planning write. Each hour's round is claimed in the database
/// (<see cref="JobRuns"/>); each clinic and product is released under its balance row lock by
/// <see cref="SupplyLedger.ReleasePastDaysAsync"/>, which reads the days again under that lock, so
/// a round overlapping a planning write (or another instance) releases every dose once.
/// </summary>
public sealed class PastDayRelease(FairShotDb db, JobRuns runs, SupplyLedger ledger, TimeProvider clock, ILogger<PastDayRelease> logger)
{
    public const string JobName = "supply.past-days";

    /// <summary>One round: the doses released; null when another instance has this hour.</summary>
    public async Task<int?> RunRoundAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var run = await runs.TryClaimAsync(JobName, now.UtcDateTime.ToString("yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture), ct);
        if (run is null)
        {
            return null;
        }
        // Every time zone's today is on or before the UTC date plus one: days before that are the candidates.
        var horizon = DateOnly.FromDateTime(now.UtcDateTime).AddDays(1);
        var candidates = await db.ClinicDays.AsNoTracking()
            .Where(d => d.Date < horizon && d.DosesAllocated > d.DosesAdministered)
            .Select(d => new { d.ClinicId, d.ProductCvx }).Distinct().ToListAsync(ct);
        var clinics = await db.Clinics.AsNoTracking().Where(c => candidates.Select(x => x.ClinicId).Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var released = 0;
        foreach (var pair in candidates)
        {
            var today = clinics[pair.ClinicId].Today(now);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await ledger.LockAsync(pair.ClinicId, pair.ProductCvx, ct);
            await ledger.ReleasePastDaysAsync(pair.ClinicId, pair.ProductCvx, today, Actor.System, ct);
            released += db.ChangeTracker.Entries<StockMovement>().Where(e => e.State == EntityState.Added).Sum(e => e.Entity.Doses);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            db.ChangeTracker.Clear();
        }
        db.JobRuns.Attach(run);
        await runs.FinishAsync(run, $"doses released {released}", ct);
        if (released > 0)
        {
            logger.LogInformation("Released {Doses} unused doses of past clinic days.", released);
        }
        return released;
    }
}

internal sealed class PastDayReleaseService(IServiceScopeFactory scopes, TimeProvider clock, ILogger<PastDayReleaseService> logger) : Platform.RepeatingService(clock, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromMinutes(15);

    protected override async Task<bool> RunRoundAsync(CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PastDayRelease>().RunRoundAsync(stoppingToken);
        return false;
    }
}
