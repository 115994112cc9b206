using FairShot.Data;
using FairShot.Domain;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Vaccination;

/// <summary>
/// Drawing doses from punctured vials: a dose comes from an open vial of the same lot line on the
/// same day that still has doses and is within its open-vial hours, or else from a new vial. Called
/// under the clinic's balance lock (one recording at a time per clinic and product); the conditional
/// update and the table's CHECK keep <see cref="OpenedVial.DosesDrawn"/> within the vial anyway.
/// </summary>
public sealed class OpenedVials(FairShotDb db)
{
    /// <summary>Draws one dose of <paramref name="line"/> (whose on-hand count was read before this dose was taken); returns the vial.</summary>
    public async Task<Guid> DrawAsync(Guid clinicDayId, StockLot line, VaccineProduct product, DateTime now, CancellationToken cancellationToken)
    {
        var open = await db.OpenedVials.AsNoTracking()
            .Where(v => v.ClinicDayId == clinicDayId && v.StockLotId == line.Id && v.ClosedAt == null && v.UsableUntil > now)
            .OrderBy(v => v.OpenedAt).ThenBy(v => v.Id)
            .ToListAsync(cancellationToken);
        foreach (var vial in open.Where(v => v.DosesDrawn + v.DosesWasted < v.DosesPerVial))
        {
            if (await DrawFromAsync(vial.Id, now, cancellationToken))
            {
                return vial.Id;
            }
        }
        // A new vial: never more doses than the line still holds beyond what its open vials hold.
        var inOpenVials = open.Sum(v => v.DosesPerVial - v.DosesDrawn - v.DosesWasted);
        var doses = Math.Clamp(line.OnHand - inOpenVials, 1, Math.Max(1, product.DosesPerVial));
        var opened = new OpenedVial(clinicDayId, line.Id, product.CvxCode, doses, now, now.AddHours(Math.Max(0, product.OpenVialHours)));
        db.OpenedVials.Add(opened);
        await db.SaveChangesAsync(cancellationToken);
        if (!await DrawFromAsync(opened.Id, now, cancellationToken))
        {
            throw new InvalidOperationException("A vial just opened has no dose to draw.");
        }
        return opened.Id;
    }

    private async Task<bool> DrawFromAsync(Guid vialId, DateTime now, CancellationToken cancellationToken)
    {
        var drawn = await db.OpenedVials.Where(v => v.Id == vialId && v.ClosedAt == null && v.DosesDrawn + v.DosesWasted < v.DosesPerVial)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.DosesDrawn, v => v.DosesDrawn + 1), cancellationToken);
        if (drawn == 1)
        {
            // Drawn out: closed, so the end of the day does not count it.
            await db.OpenedVials.Where(v => v.Id == vialId && v.ClosedAt == null && v.DosesDrawn + v.DosesWasted >= v.DosesPerVial)
                .ExecuteUpdateAsync(s => s.SetProperty(v => v.ClosedAt, now), cancellationToken);
        }
        return drawn == 1;
    }

    /// <summary>
    /// Puts back the dose a voided or re-lotted record had drawn: the day's latest vial of that lot
    /// line that has a dose drawn and may still be used (opened again if that dose had emptied it).
    /// False when there is none (the vial's hours are over): the dose is then back on the lot only.
    /// </summary>
    public async Task<bool> ReturnAsync(Guid clinicDayId, Guid stockLotId, DateTime now, CancellationToken cancellationToken)
    {
        var vial = await db.OpenedVials.AsNoTracking()
            .Where(v => v.ClinicDayId == clinicDayId && v.StockLotId == stockLotId && v.DosesDrawn > 0 && v.DosesWasted == 0 && v.UsableUntil > now)
            .OrderByDescending(v => v.OpenedAt).ThenByDescending(v => v.Id)
            .FirstOrDefaultAsync(cancellationToken);
        return vial is not null && await db.OpenedVials.Where(v => v.Id == vial.Id && v.DosesDrawn > 0 && v.DosesWasted == 0)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.DosesDrawn, v => v.DosesDrawn - 1).SetProperty(v => v.ClosedAt, (DateTime?)null), cancellationToken) == 1;
    }

    /// <summary>Doses still in the day's open vials that may be used now (doses per vial minus drawn and wasted).</summary>
    public async Task<int> DosesLeftAsync(Guid clinicDayId, DateTime now, CancellationToken cancellationToken) =>
        await db.OpenedVials.AsNoTracking()
            .Where(v => v.ClinicDayId == clinicDayId && v.ClosedAt == null && v.UsableUntil > now)
            .SumAsync(v => v.DosesPerVial - v.DosesDrawn - v.DosesWasted, cancellationToken);
}
