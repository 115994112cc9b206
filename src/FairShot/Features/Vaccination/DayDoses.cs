using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Supply;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Vaccination;

/// <summary>
/// Seats for doses a clinic day did not plan: a walk-in's, or leftover doses in opened vials. The day
/// never has more seats than doses allocated to it (its capacity, past slots included, is at most
/// <see cref="ClinicDay.DosesAllocated"/>), so a new seat comes either from a seat nobody can use any
/// more (a free seat in a slot that has ended, mostly a no-show's, whose dose stays with the day),
/// moved to where it is needed, or from one more dose allocated to the day under the balance lock.
/// </summary>
public sealed class DayDoses(FairShotDb db, SupplyLedger supply)
{
    /// <summary>
    /// Takes up to <paramref name="wanted"/> free seats out of the day's ended slots (conditional
    /// updates: a seat is taken once); the caller adds as many to its own slot in the same transaction.
    /// </summary>
    public async Task<int> ReclaimEndedSeatsAsync(Guid clinicDayId, DateTime now, int wanted, CancellationToken ct)
    {
        var ended = await db.Slots.AsNoTracking().Where(s => s.ClinicDayId == clinicDayId && s.EndsAt <= now && s.Capacity > s.Booked)
            .OrderBy(s => s.StartsAt).Select(s => new { s.Id, Free = s.Capacity - s.Booked }).ToListAsync(ct);
        var reclaimed = 0;
        foreach (var slot in ended)
        {
            var take = Math.Min(wanted - reclaimed, slot.Free);
            if (take <= 0)
            {
                break;
            }
            if (await db.Slots.Where(s => s.Id == slot.Id && s.Capacity - s.Booked >= take)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.Capacity, x => x.Capacity - take), ct) == 1)
            {
                reclaimed += take;
            }
        }
        return reclaimed;
    }

    /// <summary>
    /// Allocates <paramref name="doses"/> more to the day when the clinic has them free in its supply
    /// and usable on hand today beyond what its days of today still need; under the balance lock the
    /// caller took. False, and nothing changed, otherwise.
    /// </summary>
    public async Task<bool> TryAllocateAsync(ClinicDay day, DateOnly today, int doses, Actor actor, CancellationToken ct)
    {
        var free = await db.StockBalances.AsNoTracking().Where(b => b.ClinicId == day.ClinicId && b.ProductCvx == day.ProductCvx)
            .Select(b => b.Supply + b.Uncovered - b.Allocated - b.Reserved).SingleAsync(ct);
        var onHand = await db.StockLots.Where(l => l.ClinicId == day.ClinicId && l.ProductCvx == day.ProductCvx && l.AvailableFrom <= today && l.ExpiresOn >= today)
            .SumAsync(l => (int?)l.OnHand, ct) ?? 0;
        var neededToday = await db.ClinicDays.Where(d => d.ClinicId == day.ClinicId && d.ProductCvx == day.ProductCvx && d.Date == today)
            .SumAsync(d => (int?)(d.DosesAllocated - d.DosesAdministered), ct) ?? 0;
        if (free < doses || onHand - neededToday < doses)
        {
            return false;
        }
        await supply.AllocateAsync(day.ClinicId, day.ProductCvx, day.Id, doses, actor, ct);
        await db.ClinicDays.Where(d => d.Id == day.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.DosesAllocated, d => d.DosesAllocated + doses), ct);
        return true;
    }
}
