using FairShot.Data;
using FairShot.Domain;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Supply;

public sealed record LotStock(Guid Id, string Lot, DateOnly ExpiresOn, DateOnly AvailableFrom, int OnHand, bool Expired, Guid? EarmarkId);

public sealed record ProductStock(string CvxCode, string Product, int OnHand, int Expected, int Allocated, int ReservedForSecondDoses, int Administered,
    int Wasted, int Expired, int Uncovered, int Available, IReadOnlyList<LotStock> Lots);

public sealed record ClinicStock(Guid ClinicId, string Clinic, DateOnly Today, IReadOnlyList<ProductStock> Products);

public sealed record MovementView(Guid Id, DateTime At, string Kind, string CvxCode, string? Lot, int Doses, Guid? ClinicDayId, Guid? TransferId,
    string? Reason, string Actor);

/// <summary>What a clinic holds, read from its balance rows and lots (which the ledger tests prove equal to the movements).</summary>
public sealed class StockQueries(FairShotDb db, TimeProvider clock)
{
    public async Task<Result<ClinicStock>> StockAsync(Guid clinicId, CancellationToken cancellationToken)
    {
        var clinic = await db.Clinics.AsNoTracking().SingleOrDefaultAsync(c => c.Id == clinicId, cancellationToken);
        if (clinic is null)
        {
            return new NotFoundError("There is no clinic with this id.");
        }
        var today = clinic.Today(clock.GetUtcNow());
        var balances = await db.StockBalances.AsNoTracking().Where(b => b.ClinicId == clinicId).ToListAsync(cancellationToken);
        var lots = await db.StockLots.AsNoTracking().Where(l => l.ClinicId == clinicId).ToListAsync(cancellationToken);
        var products = await db.Products.AsNoTracking().ToDictionaryAsync(p => p.CvxCode, cancellationToken);
        // Days that are over but not yet closed by a planning write still count as allocated here
        // only for what they have not released; show what open days hold.
        var openAllocated = await db.ClinicDays.AsNoTracking().Where(d => d.ClinicId == clinicId && d.Date >= today)
            .GroupBy(d => d.ProductCvx).Select(g => new { Cvx = g.Key, Doses = g.Sum(d => d.DosesAllocated - d.DosesAdministered) })
            .ToDictionaryAsync(x => x.Cvx, x => x.Doses, cancellationToken);
        var result = new List<ProductStock>();
        foreach (var b in balances.OrderBy(b => b.ProductCvx))
        {
            var mine = lots.Where(l => l.ProductCvx == b.ProductCvx).ToList();
            var onHand = mine.Where(l => l.AvailableFrom <= today && l.ExpiresOn >= today).Sum(l => l.OnHand);
            var expected = mine.Where(l => l.AvailableFrom > today && l.ExpiresOn >= today).Sum(l => l.OnHand);
            var expired = mine.Where(l => l.ExpiresOn < today).Sum(l => l.OnHand);
            var allocated = openAllocated.GetValueOrDefault(b.ProductCvx);
            var available = Math.Max(0, onHand + expected - allocated - b.Reserved);
            result.Add(new ProductStock(b.ProductCvx, products.TryGetValue(b.ProductCvx, out var p) ? p.Name : b.ProductCvx, onHand, expected, allocated, b.Reserved,
                b.Administered, b.Wasted, expired, b.Uncovered, available,
                mine.Where(l => l.OnHand > 0).OrderBy(l => l.ExpiresOn).ThenBy(l => l.AvailableFrom)
                    .Select(l => new LotStock(l.Id, l.Lot, l.ExpiresOn, l.AvailableFrom, l.OnHand, l.ExpiresOn < today, l.EarmarkId)).ToList()));
        }
        return new ClinicStock(clinic.Id, clinic.Name, today, result);
    }

    public async Task<Result<IReadOnlyList<MovementView>>> MovementsAsync(Guid clinicId, int take, CancellationToken cancellationToken)
    {
        if (!await db.Clinics.AsNoTracking().AnyAsync(c => c.Id == clinicId, cancellationToken))
        {
            return new NotFoundError("There is no clinic with this id.");
        }
        var rows = await (from m in db.StockMovements.AsNoTracking()
                          where m.ClinicId == clinicId
                          join l in db.StockLots.AsNoTracking() on m.LotId equals l.Id into lotJoin
                          from l in lotJoin.DefaultIfEmpty()
                          orderby m.At descending, m.Id descending
                          select new { m, Lot = l == null ? null : l.Lot }).Take(Math.Clamp(take, 1, 1000)).ToListAsync(cancellationToken);
        return rows.Select(r => new MovementView(r.m.Id, r.m.At, KindName(r.m.Kind), r.m.ProductCvx, r.Lot, r.m.Doses, r.m.ClinicDayId, r.m.TransferId,
            r.m.Wastage is { } w ? WastageName(w) + (r.m.Reason is { } t ? ": " + t : "") : r.m.Reason, r.m.ActorId)).ToList();
    }

    public static string KindName(StockMovementKind kind) => kind switch
    {
        StockMovementKind.Received => "received",
        StockMovementKind.TransferredOut => "transferred-out",
        StockMovementKind.TransferredIn => "transferred-in",
        StockMovementKind.Allocated => "allocated",
        StockMovementKind.Released => "released",
        StockMovementKind.Administered => "administered",
        StockMovementKind.Wasted => "wasted",
        StockMovementKind.HeldForSecondDose => "held-for-second-dose",
        StockMovementKind.SecondDoseHoldReleased => "second-dose-hold-released",
        StockMovementKind.Returned => "returned",
        _ => kind.ToString(),
    };

    public static string WastageName(WastageReason reason) => StockKeeping.Reasons.First(r => r.Value == reason).Key;
}
