using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Supply;

/// <summary>
/// Every change of dose stock, each in one transaction with its ledger rows and its audit entry.
/// A planning write first locks the clinic's balance row for the product (an update of its version:
/// a row lock on PostgreSQL, the write lock on SQLite), so receiving, transferring, wasting and
/// allocating for one clinic and product happen one after another on every instance; the lots'
/// conditional updates and the balance's CHECK back that up in the database. The booking path
/// does not come here, except to hold a dose for a second dose it could not seat.
/// </summary>
public sealed class SupplyLedger(FairShotDb db, AuditTrail audit, TimeProvider clock)
{
    /// <summary>The balance row exists before anyone needs to lock it; a lost insert race is fine.</summary>
    public async Task EnsureBalanceAsync(Guid clinicId, string cvx, CancellationToken cancellationToken)
    {
        if (await db.StockBalances.AnyAsync(b => b.ClinicId == clinicId && b.ProductCvx == cvx, cancellationToken))
        {
            return;
        }
        db.StockBalances.Add(new StockBalance(clinicId, cvx));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // another request created it
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Takes the balance row lock; call inside a transaction, after <see cref="EnsureBalanceAsync"/>.</summary>
    public async Task LockAsync(Guid clinicId, string cvx, CancellationToken cancellationToken)
    {
        var locked = await db.StockBalances.Where(b => b.ClinicId == clinicId && b.ProductCvx == cvx)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.Version, b => b.Version + 1), cancellationToken);
        if (locked != 1)
        {
            throw new InvalidOperationException("The stock balance row is missing; EnsureBalanceAsync first.");
        }
    }

    /// <summary>
    /// The clinic's usable lots and what its open days and second-dose holds need, for the plan.
    /// Days before <paramref name="today"/> are over: their unused doses were released.
    /// </summary>
    public async Task<(List<SupplyPlan.Lot> Lots, List<SupplyPlan.Demand> Demands)> PositionAsync(Guid clinicId, string cvx, DateOnly today, CancellationToken cancellationToken)
    {
        var lots = await db.StockLots.AsNoTracking()
            .Where(l => l.ClinicId == clinicId && l.ProductCvx == cvx && l.OnHand > 0 && l.ExpiresOn >= today)
            .ToListAsync(cancellationToken);
        var days = await db.ClinicDays.AsNoTracking()
            .Where(d => d.ClinicId == clinicId && d.ProductCvx == cvx && d.Date >= today && d.DosesAllocated > d.DosesAdministered)
            .Select(d => new { d.Id, d.Date, d.EarmarkId, Need = d.DosesAllocated - d.DosesAdministered })
            .ToListAsync(cancellationToken);
        var holds = await db.SecondDoseReservations.AsNoTracking()
            .Where(r => r.HeldAtClinicId == clinicId && r.ProductCvx == cvx && r.State == ReservationState.Waiting)
            .GroupBy(r => r.EarliestDate).Select(g => new { Date = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var demands = days.Select(d => new SupplyPlan.Demand(d.Date, d.EarmarkId, d.Need, d.Id))
            .Concat(holds.Select(h => new SupplyPlan.Demand(h.Date < today ? today : h.Date, null, h.Count, null)))
            .ToList();
        return (lots.Select(SupplyPlan.From).ToList(), demands);
    }

    /// <summary>
    /// Days whose date has passed give back the doses they did not use: their seats close with them.
    /// Runs under the balance lock, before any plan is made.
    /// </summary>
    public async Task ReleasePastDaysAsync(Guid clinicId, string cvx, DateOnly today, Actor actor, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var past = await db.ClinicDays.AsNoTracking()
            .Where(d => d.ClinicId == clinicId && d.ProductCvx == cvx && d.Date < today && d.DosesAllocated > d.DosesAdministered)
            .Select(d => new { d.Id, Unused = d.DosesAllocated - d.DosesAdministered })
            .ToListAsync(cancellationToken);
        foreach (var day in past)
        {
            await db.ClinicDays.Where(d => d.Id == day.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.DosesAllocated, d => d.DosesAdministered), cancellationToken);
            await db.StockBalances.Where(b => b.ClinicId == clinicId && b.ProductCvx == cvx)
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.Allocated, b => b.Allocated - day.Unused), cancellationToken);
            db.StockMovements.Add(new StockMovement(clinicId, cvx, StockMovementKind.Released, day.Unused, now, actor.ToString(), clinicDayId: day.Id,
                reason: "clinic day over"));
        }
    }

    /// <summary>Adds doses to a lot line (found or created) and the clinic's supply.</summary>
    public async Task<StockLot> AddToLotAsync(Guid clinicId, string cvx, string lot, DateOnly expiresOn, DateOnly availableFrom, Guid? earmarkId, int doses,
        CancellationToken cancellationToken)
    {
        var line = await db.StockLots.SingleOrDefaultAsync(l => l.ClinicId == clinicId && l.ProductCvx == cvx && l.Lot == lot
            && l.AvailableFrom == availableFrom && l.EarmarkId == earmarkId, cancellationToken);
        if (line is null)
        {
            line = new StockLot(clinicId, cvx, lot, expiresOn, availableFrom, earmarkId);
            db.StockLots.Add(line);
            await db.SaveChangesAsync(cancellationToken);
        }
        await db.StockLots.Where(l => l.Id == line.Id).ExecuteUpdateAsync(s => s.SetProperty(l => l.OnHand, l => l.OnHand + doses), cancellationToken);
        // New supply first covers what a loss had left uncovered.
        await db.StockBalances.Where(b => b.ClinicId == clinicId && b.ProductCvx == cvx)
            .ExecuteUpdateAsync(s => s
                .SetProperty(b => b.Supply, b => b.Supply + doses)
                .SetProperty(b => b.Uncovered, b => b.Uncovered > doses ? b.Uncovered - doses : 0), cancellationToken);
        return line;
    }

    /// <summary>
    /// Takes doses of one lot number from the lines on hand (earliest available first); false, and
    /// nothing taken, when they are not all there. <paramref name="includeExpired"/> is for wastage.
    /// </summary>
    public async Task<List<(StockLot Line, int Doses)>?> TakeFromLotAsync(Guid clinicId, string cvx, string lot, int doses, DateOnly today, bool includeExpired,
        CancellationToken cancellationToken) => (await TakeAsync(clinicId, cvx, lot, doses, today, includeExpired, mayUncover: true, cancellationToken)).Taken;

    public enum TakeOutcome
    {
        Taken,
        NotOnHand,
        Committed,
    }

    /// <summary>
    /// Takes doses of one lot number from the lines on hand (earliest available first), all or
    /// nothing. A transfer may not take doses that back seats or holds (<see cref="TakeOutcome.Committed"/>);
    /// a loss (<paramref name="mayUncover"/>) takes them anyway and counts them as uncovered until
    /// the caller has removed free seats.
    /// </summary>
    public async Task<(TakeOutcome Outcome, List<(StockLot Line, int Doses)>? Taken)> TakeAsync(Guid clinicId, string cvx, string lot, int doses, DateOnly today,
        bool includeExpired, bool mayUncover, CancellationToken cancellationToken)
    {
        var lines = await db.StockLots.AsNoTracking()
            .Where(l => l.ClinicId == clinicId && l.ProductCvx == cvx && l.Lot == lot && l.AvailableFrom <= today && l.OnHand > 0
                        && (includeExpired || l.ExpiresOn >= today))
            .OrderBy(l => l.AvailableFrom).ToListAsync(cancellationToken);
        if (lines.Sum(l => l.OnHand) < doses)
        {
            return (TakeOutcome.NotOnHand, null);
        }
        var balance = db.StockBalances.Where(b => b.ClinicId == clinicId && b.ProductCvx == cvx);
        var counted = mayUncover
            ? await balance.ExecuteUpdateAsync(s => s.SetProperty(b => b.Supply, b => b.Supply - doses).SetProperty(b => b.Uncovered, b => b.Uncovered + doses), cancellationToken)
            : await balance.Where(b => b.Allocated + b.Reserved <= b.Supply + b.Uncovered - doses)
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.Supply, b => b.Supply - doses), cancellationToken);
        if (counted != 1)
        {
            return (TakeOutcome.Committed, null);
        }
        var taken = new List<(StockLot, int)>();
        var need = doses;
        foreach (var line in lines)
        {
            if (need == 0)
            {
                break;
            }
            var take = Math.Min(need, line.OnHand);
            var done = await db.StockLots.Where(l => l.Id == line.Id && l.OnHand >= take)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.OnHand, l => l.OnHand - take), cancellationToken);
            if (done != 1)
            {
                return (TakeOutcome.NotOnHand, null); // the caller rolls back: someone else took them first
            }
            taken.Add((line, take));
            need -= take;
        }
        return (TakeOutcome.Taken, taken);
    }

    /// <summary>After a loss has removed what free seats it could: uncovered is exactly what is still promised without a dose.</summary>
    public async Task SettleUncoveredAsync(Guid clinicId, string cvx, CancellationToken cancellationToken) =>
        await db.StockBalances.Where(b => b.ClinicId == clinicId && b.ProductCvx == cvx)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.Uncovered, b => b.Allocated + b.Reserved - b.Supply > 0 ? b.Allocated + b.Reserved - b.Supply : 0), cancellationToken);

    /// <summary>
    /// Holds a dose for a second dose that found no seat, in the booking transaction: one conditional
    /// update that the balance's CHECK backs. False when the clinic has no dose left to hold.
    /// </summary>
    public async Task<bool> HoldSecondDoseAsync(Guid clinicId, string cvx, Guid firstDoseAppointmentId, Actor actor, CancellationToken cancellationToken)
    {
        var held = await db.StockBalances
            .Where(b => b.ClinicId == clinicId && b.ProductCvx == cvx && b.Allocated + b.Reserved + 1 <= b.Supply + b.Uncovered)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.Reserved, b => b.Reserved + 1), cancellationToken);
        if (held == 1)
        {
            db.StockMovements.Add(new StockMovement(clinicId, cvx, StockMovementKind.HeldForSecondDose, 1, clock.GetUtcNow().UtcDateTime, actor.ToString(),
                appointmentId: firstDoseAppointmentId));
        }
        return held == 1;
    }

    /// <summary>A cancelled or missed dose 1 gives back the dose held for its second dose.</summary>
    public async Task ReleaseSecondDoseHoldAsync(SecondDoseReservation reservation, Actor actor, CancellationToken cancellationToken)
    {
        if (reservation.HeldAtClinicId is not { } clinicId)
        {
            return;
        }
        var released = await db.StockBalances.Where(b => b.ClinicId == clinicId && b.ProductCvx == reservation.ProductCvx && b.Reserved >= 1)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.Reserved, b => b.Reserved - 1), cancellationToken);
        if (released == 1)
        {
            db.StockMovements.Add(new StockMovement(clinicId, reservation.ProductCvx, StockMovementKind.SecondDoseHoldReleased, 1, clock.GetUtcNow().UtcDateTime,
                actor.ToString(), appointmentId: reservation.FirstDoseAppointmentId));
        }
    }

    /// <summary>Allocates doses to a day under the lock; the CHECK refuses it if the plan was wrong.</summary>
    public async Task AllocateAsync(Guid clinicId, string cvx, Guid clinicDayId, int doses, Actor actor, CancellationToken cancellationToken)
    {
        if (doses <= 0)
        {
            return;
        }
        var done = await db.StockBalances
            .Where(b => b.ClinicId == clinicId && b.ProductCvx == cvx && b.Allocated + b.Reserved + doses <= b.Supply + b.Uncovered)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.Allocated, b => b.Allocated + doses), cancellationToken);
        if (done != 1)
        {
            throw new InvalidOperationException("The allocation exceeds the clinic's supply although the plan allowed it.");
        }
        db.StockMovements.Add(new StockMovement(clinicId, cvx, StockMovementKind.Allocated, doses, clock.GetUtcNow().UtcDateTime, actor.ToString(), clinicDayId: clinicDayId));
    }

    public void Audit(Actor actor, string action, string entityType, string entityId, object summary) => audit.Record(actor, action, entityType, entityId, summary);
}
