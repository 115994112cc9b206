using FairShot.Domain;
using FairShot.Features.Supply;
using FairShot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FairShot.Tests.Features.Supply;

/// <summary>The job that gives back a finished day's unused doses. The clock starts at 09:00 in Chicago on 2027-02-01.</summary>
public sealed class PastDayReleaseTests : FreshAppTest
{
    private async Task<int?[]> RunOnTwoInstancesAsync()
    {
        await using var a = App.Scope();
        await using var b = App.Scope();
        return await Task.WhenAll(a.ServiceProvider.GetRequiredService<PastDayRelease>().RunRoundAsync(CancellationToken.None),
            b.ServiceProvider.GetRequiredService<PastDayRelease>().RunRoundAsync(CancellationToken.None));
    }

    private Task<(int Allocated, int BalanceAllocated)> AllocatedAsync(string dayId, string clinicId) => App.WithDbAsync(async db =>
        (await db.ClinicDays.Where(d => d.Id == Guid.Parse(dayId)).Select(d => d.DosesAllocated).SingleAsync(),
         await db.StockBalances.Where(b => b.ClinicId == Guid.Parse(clinicId) && b.ProductCvx == "212").Select(b => b.Allocated).SingleAsync()));

    [Fact]
    public async Task Release_OnTwoInstances_GivesBackADaysUnusedDosesOnce_OnlyWhenTheDayIsOverInTheClinicsTimeZone()
    {
        var (clinicId, todayId, _) = await Flow.ClinicDayAsync(date: "2027-02-01", slots: 4, perSlot: 5);
        var (_, tomorrowId, _) = await Flow.ClinicDayAsync(date: "2027-02-02", slots: 2, perSlot: 5, clinicId: clinicId);
        Assert.Equal((20, 30), await AllocatedAsync(todayId, clinicId));

        // 21:00 in Chicago, 03:00 UTC the next day: the UTC date has turned, the clinic's has not.
        App.Clock.Advance(TimeSpan.FromHours(12));
        var evening = await RunOnTwoInstancesAsync();
        Assert.Single(evening, r => r is null); // the other instance had this hour
        Assert.Equal(0, evening.Single(r => r is not null));
        Assert.Equal((20, 30), await AllocatedAsync(todayId, clinicId));

        // 06:00 in Chicago on 2027-02-02: the first day is over, the second is today.
        App.Clock.Advance(TimeSpan.FromHours(9));
        var morning = await RunOnTwoInstancesAsync();
        Assert.Equal(20, morning.Single(r => r is not null));
        Assert.Single(morning, r => r is null);
        Assert.Equal((0, 10), await AllocatedAsync(todayId, clinicId));
        Assert.Equal(10, await App.WithDbAsync(db => db.ClinicDays.Where(d => d.Id == Guid.Parse(tomorrowId)).Select(d => d.DosesAllocated).SingleAsync()));
        var released = await App.WithDbAsync(db => db.StockMovements.Where(m => m.Kind == StockMovementKind.Released && m.ClinicDayId == Guid.Parse(todayId)).ToListAsync());
        Assert.Equal(20, Assert.Single(released).Doses);

        // Another hour's round finds nothing left to give back.
        App.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, (await RunOnTwoInstancesAsync()).Single(r => r is not null));
        await SupplyTests.LedgerAgreesAsync(App, today: new DateOnly(2027, 2, 2));
    }
}
