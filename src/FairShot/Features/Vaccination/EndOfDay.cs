using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Backfill;
using FairShot.Features.Supply;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Vaccination;

public sealed record OpenVialView(Guid Id, string Lot, DateTime OpenedAt, DateTime UsableUntil, int DosesLeft, bool PastUsableUntil);

public sealed record DayVials(Guid ClinicDayId, IReadOnlyList<OpenVialView> Vials, int DosesLeft, int UsableDosesLeft, int StillNeeded, int Leftover);

public sealed record ClosedVial(Guid Id, string Lot, int DosesWasted);

public sealed record DayClosed(Guid ClinicDayId, IReadOnlyList<ClosedVial> Vials, int DosesWasted, int Uncovered);

/// <summary>
/// Opened vials and the end of the day. Doses left in a vial (doses per vial minus doses drawn) must
/// (minus any already recorded wasted) be used before its <see cref="OpenedVial.UsableUntil"/> or are wasted. Those beyond what the day
/// still needs (people booked or checked in, seats someone can still book) are the leftovers: as
/// closing time nears they become seats in the day's closing slot, offered to standby at once (the
/// existing leftover-doses flow, <see cref="StandbyOffers.LeftoverDosesAsync"/>, now given the count
/// from the vials; the typed form stays for days with no opened vial recorded). Closing the day
/// records what is left in every open vial as wasted (open-vial-unused) through the dose ledger and
/// closes the vials; a second close finds none open and changes nothing.
/// </summary>
public sealed class EndOfDay(FairShotDb db, SupplyLedger supply, DayDoses doses, StandbyOffers standby, TimeProvider clock)
{
    public async Task<Result<DayVials>> VialsAsync(Guid clinicDayId, CancellationToken ct)
    {
        if (!await db.ClinicDays.AnyAsync(d => d.Id == clinicDayId, ct))
        {
            return new NotFoundError("There is no clinic day with this id.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var vials = await (from v in db.OpenedVials.AsNoTracking()
                           join l in db.StockLots.AsNoTracking() on v.StockLotId equals l.Id
                           where v.ClinicDayId == clinicDayId && v.ClosedAt == null
                           orderby v.OpenedAt
                           select new { v.Id, l.Lot, v.OpenedAt, v.UsableUntil, Left = v.DosesPerVial - v.DosesDrawn - v.DosesWasted }).ToListAsync(ct);
        var views = vials.Select(v => new OpenVialView(v.Id, v.Lot, v.OpenedAt, v.UsableUntil, v.Left, v.UsableUntil <= now)).ToList();
        var usable = views.Where(v => !v.PastUsableUntil).Sum(v => v.DosesLeft);
        var needed = await StillNeededAsync(clinicDayId, now, ct);
        return new DayVials(clinicDayId, views, views.Sum(v => v.DosesLeft), usable, needed, Math.Max(0, usable - needed));
    }

    /// <summary>People booked or checked in who have not had their dose, and free seats of slots not yet over.</summary>
    private async Task<int> StillNeededAsync(Guid clinicDayId, DateTime now, CancellationToken ct) =>
        await db.Appointments.CountAsync(a => a.ClinicDayId == clinicDayId && (a.State == AppointmentState.Booked || a.State == AppointmentState.CheckedIn), ct)
        + (await db.Slots.Where(s => s.ClinicDayId == clinicDayId && s.EndsAt > now).SumAsync(s => (int?)(s.Capacity - s.Booked), ct) ?? 0);

    /// <summary>
    /// Offers the opened vials' leftover doses to standby at once. Each becomes a seat backed by a
    /// dose of the day: a free seat of an ended slot moved to the closing slot, or one more dose
    /// allocated under the balance lock; the closing slot and the offers are the leftover-doses flow's.
    /// </summary>
    public async Task<Result<OfferResponse>> OfferVialDosesAsync(Actor actor, Guid clinicDayId, CancellationToken ct)
    {
        var vials = await VialsAsync(clinicDayId, ct);
        if (!vials.Succeeded)
        {
            return vials.Error!;
        }
        if (vials.Value!.Vials.Count == 0)
        {
            return new ConflictError("No opened vial is recorded for this day. Enter the doses left by hand on the leftover-doses page.");
        }
        var leftover = Math.Min(vials.Value.Leftover, 100);
        if (leftover == 0)
        {
            return new ConflictError($"The opened vials' {vials.Value.UsableDosesLeft} usable doses are all needed by the {vials.Value.StillNeeded} people and seats still to come today.");
        }
        if (await NotTodayAsync(clinicDayId, ct) is { } notToday)
        {
            return notToday;
        }
        return await BackAndOfferAsync(actor, clinicDayId, leftover, ct);
    }

    /// <summary>
    /// Doses left counted by hand (the leftover-doses page and API). Where the day has opened vials
    /// recorded, no more than they hold; like the vials' count, each dose becomes a seat only with a
    /// dose of the day behind it.
    /// </summary>
    public async Task<Result<OfferResponse>> OfferCountedDosesAsync(Actor actor, Guid clinicDayId, LeftoverRequest request, CancellationToken ct)
    {
        if (request.Doses is not (>= 1 and <= 100))
        {
            return ValidationError.For("doses", "Enter how many doses are left in opened vials (1 to 100).");
        }
        var vials = await VialsAsync(clinicDayId, ct);
        if (!vials.Succeeded)
        {
            return vials.Error!;
        }
        if (await NotTodayAsync(clinicDayId, ct) is { } notToday)
        {
            return notToday;
        }
        if (vials.Value!.Vials.Count > 0 && request.Doses > vials.Value.UsableDosesLeft)
        {
            return new ConflictError($"The opened vials recorded for this day hold {vials.Value.UsableDosesLeft} usable doses, fewer than the {request.Doses} entered. "
                + "Count the doses again; nothing was offered.");
        }
        return await BackAndOfferAsync(actor, clinicDayId, request.Doses.Value, ct);
    }

    private async Task<Error?> NotTodayAsync(Guid clinicDayId, CancellationToken ct)
    {
        var day = await db.ClinicDays.AsNoTracking().SingleAsync(d => d.Id == clinicDayId, ct);
        var clinic = await db.Clinics.AsNoTracking().SingleAsync(c => c.Id == day.ClinicId, ct);
        var today = clinic.Today(clock.GetUtcNow());
        return day.Date == today ? null
            : new ConflictError($"Leftover doses are reported on the clinic day itself. This day is {day.Date:yyyy-MM-dd}; today at {clinic.Name} is {today:yyyy-MM-dd}.");
    }

    /// <summary>
    /// Each leftover dose becomes a seat backed by a dose of the day: a free seat of an ended slot
    /// moved to the closing slot, or one more dose allocated under the balance lock; the closing slot
    /// and the offers are the leftover-doses flow's (<see cref="StandbyOffers.LeftoverDosesAsync"/>).
    /// </summary>
    private async Task<Result<OfferResponse>> BackAndOfferAsync(Actor actor, Guid clinicDayId, int leftover, CancellationToken ct)
    {
        var day = await db.ClinicDays.AsNoTracking().SingleAsync(d => d.Id == clinicDayId, ct);
        var clinic = await db.Clinics.AsNoTracking().SingleAsync(c => c.Id == day.ClinicId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await supply.EnsureBalanceAsync(day.ClinicId, day.ProductCvx, ct);
        int backed;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            backed = await doses.ReclaimEndedSeatsAsync(day.Id, now, leftover, ct);
            if (backed < leftover)
            {
                await supply.LockAsync(day.ClinicId, day.ProductCvx, ct);
                for (var more = leftover - backed; more > 0; more--)
                {
                    if (await doses.TryAllocateAsync(day, clinic.Today(clock.GetUtcNow()), more, actor, ct))
                    {
                        backed += more;
                        break;
                    }
                }
            }
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        if (backed == 0)
        {
            return new ConflictError("Every dose at this clinic is promised elsewhere, so no seat can be added for the leftover doses.");
        }
        return await standby.LeftoverDosesAsync(actor, day.Id, new LeftoverRequest(backed), ct);
    }

    public async Task<Result<DayClosed>> CloseAsync(Actor actor, Guid clinicDayId, CancellationToken ct)
    {
        var day = await db.ClinicDays.AsNoTracking().SingleOrDefaultAsync(d => d.Id == clinicDayId, ct);
        if (day is null)
        {
            return new NotFoundError("There is no clinic day with this id.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        await supply.EnsureBalanceAsync(day.ClinicId, day.ProductCvx, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await supply.LockAsync(day.ClinicId, day.ProductCvx, ct);
        var open = await (from v in db.OpenedVials.AsNoTracking()
                          join l in db.StockLots.AsNoTracking() on v.StockLotId equals l.Id
                          where v.ClinicDayId == clinicDayId && v.ClosedAt == null
                          select new { Vial = v, l.Lot }).ToListAsync(ct);
        var closed = new List<ClosedVial>();
        foreach (var o in open)
        {
            var v = o.Vial;
            var left = v.DosesPerVial - v.DosesDrawn - v.DosesWasted;
            // Closed with what it held at this moment: a dose drawn meanwhile makes this update miss.
            var shut = await db.OpenedVials.Where(x => x.Id == v.Id && x.ClosedAt == null && x.DosesDrawn == v.DosesDrawn)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.ClosedAt, now).SetProperty(x => x.DosesWasted, x => x.DosesWasted + left), ct);
            if (shut != 1)
            {
                await transaction.RollbackAsync(ct);
                return new ConflictError("A dose was drawn from one of the vials while closing. Close the day again.");
            }
            if (left > 0 && !await WasteAsync(actor, day, v, o.Lot, left, now, ct))
            {
                await transaction.RollbackAsync(ct);
                return new ConflictError($"Lot {o.Lot} does not have the {left} doses of its opened vial on hand. Nothing was recorded.");
            }
            closed.Add(new ClosedVial(v.Id, o.Lot, left));
        }
        await supply.SettleUncoveredAsync(day.ClinicId, day.ProductCvx, ct);
        var wasted = closed.Sum(c => c.DosesWasted);
        supply.Audit(actor, "clinic-day.closed", "ClinicDay", day.Id.ToString(), new { vials = closed.Count, dosesWasted = wasted });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        var uncovered = await db.StockBalances.AsNoTracking().Where(b => b.ClinicId == day.ClinicId && b.ProductCvx == day.ProductCvx).Select(b => b.Uncovered).SingleAsync(ct);
        return new DayClosed(day.Id, closed, wasted, uncovered);
    }

    /// <summary>
    /// The vial's doses leave its lot line as wasted (open-vial-unused). Those the day had allocated
    /// and will not give are released from it first, so its allocation never counts a thrown-away dose;
    /// the rest were free supply (counted uncovered, then settled, should the clinic have promised them).
    /// </summary>
    private async Task<bool> WasteAsync(Actor actor, ClinicDay day, OpenedVial vial, string lot, int left, DateTime now, CancellationToken ct)
    {
        var taken = await db.StockLots.Where(l => l.Id == vial.StockLotId && l.OnHand >= left)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.OnHand, l => l.OnHand - left), ct);
        if (taken != 1)
        {
            return false;
        }
        var current = await db.ClinicDays.AsNoTracking().Where(d => d.Id == day.Id).Select(d => new { d.DosesAllocated, d.DosesAdministered }).SingleAsync(ct);
        var needed = await StillNeededAsync(day.Id, now, ct);
        var release = Math.Clamp(current.DosesAllocated - current.DosesAdministered - needed, 0, left);
        if (release > 0)
        {
            await db.ClinicDays.Where(d => d.Id == day.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.DosesAllocated, d => d.DosesAllocated - release), ct);
            await db.StockBalances.Where(b => b.ClinicId == day.ClinicId && b.ProductCvx == day.ProductCvx)
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.Allocated, b => b.Allocated - release), ct);
            db.StockMovements.Add(new StockMovement(day.ClinicId, day.ProductCvx, StockMovementKind.Released, release, now, actor.ToString(), clinicDayId: day.Id,
                reason: "open vial unused"));
            // The day keeps no seat without a dose: the released doses' seats were free ones in ended slots.
            await doses.ReclaimEndedSeatsAsync(day.Id, now, release, ct);
        }
        await db.StockBalances.Where(b => b.ClinicId == day.ClinicId && b.ProductCvx == day.ProductCvx)
            .ExecuteUpdateAsync(s => s
                .SetProperty(b => b.Supply, b => b.Supply - left)
                .SetProperty(b => b.Uncovered, b => b.Uncovered + left)
                .SetProperty(b => b.Wasted, b => b.Wasted + left), ct);
        db.StockMovements.Add(new StockMovement(day.ClinicId, day.ProductCvx, StockMovementKind.Wasted, left, now, actor.ToString(), lotId: vial.StockLotId,
            clinicDayId: day.Id, wastage: WastageReason.OpenVialUnused, reason: "open vial unused at the end of the day"));
        supply.Audit(actor, "vial.closed", "OpenedVial", vial.Id.ToString(), new { clinicDay = day.Id, lot, dosesWasted = left, releasedFromDay = release });
        return true;
    }
}
