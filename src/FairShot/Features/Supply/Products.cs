using FairShot.Data;
using FairShot.Domain;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Supply;

public sealed record ProductView(string CvxCode, string Name, string Manufacturer, string MvxCode, string NdcUnitOfUse, int DosesPerVial, int DosesInSeries,
    int? MinimumIntervalDays, int? RecommendedIntervalDays, int OpenVialHours)
{
    public static ProductView Of(VaccineProduct p) => new(p.CvxCode, p.Name, p.Manufacturer, p.MvxCode, p.NdcUnitOfUse, p.DosesPerVial, p.DosesInSeries,
        p.MinimumIntervalDays, p.DaysToNextDose, p.OpenVialHours);
}

/// <summary>Products as data: staff add a product or correct one, with an audit entry each.</summary>
public sealed class Products(FairShotDb db, Audit.AuditTrail audit)
{
    public async Task<IReadOnlyList<ProductView>> ListAsync(CancellationToken cancellationToken) =>
        (await db.Products.AsNoTracking().OrderBy(p => p.CvxCode).ToListAsync(cancellationToken)).Select(ProductView.Of).ToList();

    public async Task<Result<ProductView>> CreateAsync(Actor actor, VaccineProduct.Definition definition, CancellationToken cancellationToken)
    {
        var defined = VaccineProduct.Define(definition);
        if (!defined.Succeeded)
        {
            return defined.Error!;
        }
        var product = defined.Value!;
        if (await db.Products.AnyAsync(p => p.CvxCode == product.CvxCode, cancellationToken))
        {
            return new ConflictError($"Product {product.CvxCode} exists already; change it instead.");
        }
        db.Products.Add(product);
        audit.Record(actor, "product.created", "Product", product.CvxCode, ProductView.Of(product));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return new ConflictError($"Product {product.CvxCode} exists already; change it instead.");
        }
        return ProductView.Of(product);
    }

    public async Task<Result<ProductView>> UpdateAsync(Actor actor, string cvxCode, VaccineProduct.Definition definition, CancellationToken cancellationToken)
    {
        var product = await db.Products.SingleOrDefaultAsync(p => p.CvxCode == cvxCode, cancellationToken);
        if (product is null)
        {
            return new NotFoundError("There is no product with this CVX code.");
        }
        var before = ProductView.Of(product);
        var defined = VaccineProduct.Define(definition, product);
        if (!defined.Succeeded)
        {
            db.ChangeTracker.Clear();
            return defined.Error!;
        }
        audit.Record(actor, "product.changed", "Product", product.CvxCode, new { before, after = ProductView.Of(product) });
        await db.SaveChangesAsync(cancellationToken);
        return ProductView.Of(product);
    }
}
