using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Invitations;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Backfill;

public sealed record FillState(Guid ClinicDayId, int Capacity, int Booked, int FreeSeats, int Outstanding, double AcceptanceRate, double ExpectedFill,
    bool AutofillEnabled, int StartDaysAhead, IReadOnlyList<FillSnapshotView> Snapshots);

public sealed record FillSnapshotView(DateTime TakenAt, int Capacity, int Booked, int FreeSeats, int Outstanding, double AcceptanceRate, int Issued, int? ExpiryMinutes, string Decision);

/// <summary>
/// Watches every upcoming clinic day that has autofill on (its own switch, or the county default)
/// and, when the expected fill (booked + outstanding × acceptance) falls short of the seats still
/// bookable, invites the next people in line. As the day nears invitations last less, so unanswered
/// ones come back quickly: 48 hours days ahead, 4 hours the day before, 45 minutes on the day.
/// Each round is claimed in the database (one per minute), so with several instances it runs once.
/// </summary>
public sealed class FillMonitor(FairShotDb db, InvitationWaves waves, JobRuns runs, TimeProvider clock, ILogger<FillMonitor> logger)
{
    public const string JobName = "fill-monitor";

    /// <summary>Seats starting sooner than this are not offered: nobody gets there in time.</summary>
    public static readonly TimeSpan TravelTime = TimeSpan.FromMinutes(30);

    public static TimeSpan ExpiryFor(int daysAhead) => daysAhead switch
    {
        >= 2 => TimeSpan.FromHours(48),
        1 => TimeSpan.FromHours(4),
        _ => TimeSpan.FromMinutes(45),
    };

    /// <summary>One round over all days; returns the invitations issued, or null when another instance has this minute.</summary>
    public async Task<int?> RunRoundAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var minute = now.ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        var run = await runs.TryClaimAsync(JobName, minute, cancellationToken);
        if (run is null)
        {
            return null;
        }
        var county = await db.CountySettings.AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        var earliest = DateOnly.FromDateTime(now).AddDays(-1);
        var days = await db.ClinicDays.AsNoTracking().Where(d => d.Date >= earliest && d.Date <= earliest.AddDays(31)).OrderBy(d => d.Date).ToListAsync(cancellationToken);
        var issued = 0;
        foreach (var day in days)
        {
            var enabled = day.AutofillEnabled ?? county?.AutofillByDefault ?? false;
            if (enabled)
            {
                issued += await FillAsync(day, day.AutofillStartDaysAhead ?? county?.AutofillStartDaysAhead ?? 3, now, cancellationToken);
            }
        }
        await runs.FinishAsync(run, $"issued {issued}", cancellationToken);
        return issued;
    }

    private async Task<int> FillAsync(ClinicDay day, int startDaysAhead, DateTime now, CancellationToken cancellationToken)
    {
        var clinic = await db.Clinics.AsNoTracking().SingleAsync(c => c.Id == day.ClinicId, cancellationToken);
        var daysAhead = day.Date.DayNumber - clinic.Today(new DateTimeOffset(now, TimeSpan.Zero)).DayNumber;
        if (daysAhead < 0 || daysAhead > startDaysAhead)
        {
            return 0;
        }
        var bookableFrom = now + TravelTime;
        var slots = await db.Slots.AsNoTracking().Where(s => s.ClinicDayId == day.Id).ToListAsync(cancellationToken);
        var open = slots.Where(s => s.StartsAt >= bookableFrom).ToList();
        if (open.Count == 0)
        {
            return 0; // the day is over for new bookings
        }
        var free = open.Sum(s => s.Capacity - s.Booked);
        var outstanding = await db.Invitations.CountAsync(i => i.ClinicDayId == day.Id && i.State == InvitationState.Outstanding && i.ExpiresAt > now, cancellationToken);
        var acceptance = await waves.AcceptanceRateAsync(now, cancellationToken);
        var count = free == 0 ? 0 : InvitationWaves.SizeWave(free, outstanding, acceptance);

        var expiry = ExpiryFor(daysAhead);
        var lastStart = open.Max(s => s.StartsAt);
        if (now + expiry > lastStart - TravelTime)
        {
            expiry = TimeSpan.FromMinutes(Math.Max(15, (lastStart - TravelTime - now).TotalMinutes));
        }
        var issued = 0;
        string decision;
        if (count > 0)
        {
            issued = await waves.IssueAsync(Actor.System, Guid.CreateVersion7(), InvitationKind.Backfill, day, null, null, count, expiry, now, cancellationToken);
            decision = issued == 0
                ? $"Expected {outstanding * acceptance:0} of {free} free seats to fill, but nobody eligible is left to invite."
                : $"Expected {outstanding * acceptance:0} of {free} free seats to fill; invited {issued} more, for {expiry.TotalMinutes:0} minutes.";
        }
        else
        {
            decision = free == 0 ? "Full." : $"On track: {outstanding} outstanding invitations should fill the {free} free seats.";
        }

        var last = await db.FillSnapshots.AsNoTracking().Where(f => f.ClinicDayId == day.Id).OrderByDescending(f => f.TakenAt).FirstOrDefaultAsync(cancellationToken);
        var booked = slots.Sum(s => s.Booked);
        if (issued > 0 || last is null || last.Booked != booked || now - last.TakenAt >= TimeSpan.FromMinutes(15))
        {
            db.FillSnapshots.Add(new FillSnapshot(day.Id, now, slots.Sum(s => s.Capacity), booked, free, outstanding, Math.Round(acceptance, 3), issued,
                issued > 0 ? (int)expiry.TotalMinutes : null, decision));
            await db.SaveChangesAsync(cancellationToken);
        }
        if (issued > 0)
        {
            logger.LogInformation("Fill monitor invited {Issued} for clinic day {Day}: {Decision}", issued, day.Id, decision);
        }
        return issued;
    }

    public async Task<Result<FillState>> StateAsync(Guid clinicDayId, CancellationToken cancellationToken)
    {
        var day = await db.ClinicDays.AsNoTracking().SingleOrDefaultAsync(d => d.Id == clinicDayId, cancellationToken);
        if (day is null)
        {
            return new NotFoundError("There is no clinic day with this id.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var county = await db.CountySettings.AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        var slots = await db.Slots.AsNoTracking().Where(s => s.ClinicDayId == day.Id).ToListAsync(cancellationToken);
        var outstanding = await db.Invitations.CountAsync(i => i.ClinicDayId == day.Id && i.State == InvitationState.Outstanding && i.ExpiresAt > now, cancellationToken);
        var acceptance = await waves.AcceptanceRateAsync(now, cancellationToken);
        var booked = slots.Sum(s => s.Booked);
        var snapshots = await db.FillSnapshots.AsNoTracking().Where(f => f.ClinicDayId == day.Id).OrderBy(f => f.TakenAt)
            .Select(f => new FillSnapshotView(f.TakenAt, f.Capacity, f.Booked, f.FreeSeats, f.Outstanding, f.AcceptanceRate, f.Issued, f.ExpiryMinutes, f.Decision))
            .ToListAsync(cancellationToken);
        return new FillState(day.Id, slots.Sum(s => s.Capacity), booked, slots.Where(s => s.StartsAt > now).Sum(s => s.Capacity - s.Booked), outstanding,
            Math.Round(acceptance, 3), Math.Round(booked + outstanding * acceptance, 1),
            day.AutofillEnabled ?? county?.AutofillByDefault ?? false, day.AutofillStartDaysAhead ?? county?.AutofillStartDaysAhead ?? 3, snapshots);
    }
}

internal sealed class FillMonitorService(IServiceScopeFactory scopes, TimeProvider clock, ILogger<FillMonitorService> logger) : Platform.RepeatingService(clock, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromSeconds(30);

    protected override async Task<bool> RunRoundAsync(CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<FillMonitor>().RunRoundAsync(stoppingToken);
        return false;
    }
}
