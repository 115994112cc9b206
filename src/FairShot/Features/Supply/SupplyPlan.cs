using FairShot.Domain;

namespace FairShot.Features.Supply;

/// <summary>
/// Can a clinic's lots cover what its days and second-dose holds need, date by date? Demands are
/// served in date order from the lots usable on their date (arrived, not expired, same earmark),
/// earliest expiry first: the order that wastes least, and the one that finds a covering whenever
/// one exists for lots usable from a date until an expiry. Pure: the caller holds the clinic's
/// balance row lock while it asks, so the answer stays true until it commits.
/// </summary>
public static class SupplyPlan
{
    public sealed record Lot(Guid Id, DateOnly AvailableFrom, DateOnly ExpiresOn, Guid? EarmarkId, int Doses);

    public sealed record Demand(DateOnly Date, Guid? EarmarkId, int Doses, Guid? ClinicDayId);

    /// <summary>The doses the demands need that the lots cannot give (0 when all are covered).</summary>
    public static int Shortfall(IReadOnlyList<Lot> lots, IEnumerable<Demand> demands)
    {
        var left = lots.ToDictionary(l => l.Id, l => l.Doses);
        var shortfall = 0;
        foreach (var demand in demands.OrderBy(d => d.Date))
        {
            var need = demand.Doses;
            foreach (var lot in lots.Where(l => l.EarmarkId == demand.EarmarkId && l.AvailableFrom <= demand.Date && l.ExpiresOn >= demand.Date)
                         .OrderBy(l => l.ExpiresOn).ThenBy(l => l.AvailableFrom))
            {
                if (need == 0)
                {
                    break;
                }
                var take = Math.Min(need, left[lot.Id]);
                left[lot.Id] -= take;
                need -= take;
            }
            shortfall += need;
        }
        return shortfall;
    }

    /// <summary>The most doses a new demand on <paramref name="date"/> can get without uncovering another.</summary>
    public static int MostFor(IReadOnlyList<Lot> lots, IReadOnlyList<Demand> existing, DateOnly date, Guid? earmarkId, int wanted)
    {
        var baseline = Shortfall(lots, existing);
        int low = 0, high = wanted;
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            if (Shortfall(lots, [.. existing, new Demand(date, earmarkId, mid, null)]) == baseline)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }
        return low;
    }

    public static Lot From(StockLot lot) => new(lot.Id, lot.AvailableFrom, lot.ExpiresOn, lot.EarmarkId, lot.OnHand);
}
