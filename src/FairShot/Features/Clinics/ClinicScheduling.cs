using System.Globalization;
using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Audit;
using FairShot.Features.Registration;
using FairShot.Features.Supply;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Clinics;

public sealed record CreateClinicRequest(string? Name, string? Address, string? TimeZone,
    bool? IsPublic = null, string? City = null, string? State = null, string? PostalCode = null, string? Phone = null);

/// <summary>
/// <c>PATCH /api/v1/admin/clinics/{id}</c>: the listing for slot finders. A field left out keeps its
/// value; an empty string clears it.
/// </summary>
public sealed record UpdateClinicRequest(bool? IsPublic, string? City, string? State, string? PostalCode, string? Phone);

public sealed record ClinicResponse(Guid Id, string Name, string Address, string TimeZone, DateTime CreatedAt,
    bool IsPublic, string? City, string? State, string? PostalCode, string? Phone);

public sealed record CreateClinicDayRequest(string? Date, string? OpensAt, string? ClosesAt, int? SlotMinutes, int? CapacityPerSlot, string? CvxCode, Guid? EarmarkId = null);

public sealed record SlotResponse(Guid Id, DateTime StartsAt, DateTime EndsAt, int Capacity, int Booked);

public sealed record ProductResponse(string CvxCode, string Name, int DosesInSeries, int? DaysToNextDose);

public sealed record ClinicDayResponse(
    Guid Id, Guid ClinicId, string ClinicName, string TimeZone, DateOnly Date, string OpensAt, string ClosesAt, int SlotMinutes,
    ProductResponse Product, int Capacity, int Booked, int DosesAllocated, int DosesAdministered, Guid? EarmarkId, IReadOnlyList<SlotResponse> Slots,
    IReadOnlyList<string> Warnings);

public sealed record ClinicDaySummary(Guid Id, Guid ClinicId, DateOnly Date, string OpensAt, string ClosesAt, string ProductCvx, int Slots, int Capacity, int Booked);

/// <summary>
/// Clinics and their days: the first thing a scheduler sets up. Creating either writes its audit
/// entry in the same SaveChanges, so there is no clinic without its record of who made it.
/// </summary>
public sealed class ClinicScheduling(FairShotDb db, AuditTrail audit, SupplyLedger supply, TimeProvider clock)
{
    public async Task<Result<ClinicResponse>> CreateClinicAsync(Actor actor, CreateClinicRequest request, CancellationToken cancellationToken)
    {
        var created = Clinic.Create(request.Name, request.Address, request.TimeZone, clock.GetUtcNow().UtcDateTime);
        if (!created.Succeeded)
        {
            return created.Error!;
        }
        var clinic = created.Value!;
        var listed = SetListing(clinic, request.IsPublic, request.City, request.State, request.PostalCode, request.Phone);
        if (!listed.Succeeded)
        {
            return listed.Error!;
        }
        if (await db.Clinics.AnyAsync(c => c.Name == clinic.Name, cancellationToken))
        {
            return ValidationError.For("name", "A clinic with this name exists already. Give each site its own name.");
        }
        db.Clinics.Add(clinic);
        audit.Record(actor, "clinic.created", "Clinic", clinic.Id.ToString(), new { clinic.Name, clinic.Address, timeZone = clinic.TimeZoneId, clinic.IsPublic });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Lost a race to the unique index: the same answer as the check above, else a real fault.
            if (!await db.Clinics.AsNoTracking().AnyAsync(c => c.Name == clinic.Name, CancellationToken.None))
            {
                throw;
            }
            return ValidationError.For("name", "A clinic with this name exists already. Give each site its own name.");
        }
        return ToResponse(clinic);
    }

    /// <summary>Changes a clinic's listing for slot finders; audited when something changed.</summary>
    public async Task<Result<ClinicResponse>> UpdateClinicAsync(Actor actor, Guid clinicId, UpdateClinicRequest request, CancellationToken cancellationToken)
    {
        var clinic = await db.Clinics.SingleOrDefaultAsync(c => c.Id == clinicId, cancellationToken);
        if (clinic is null)
        {
            return new NotFoundError("There is no clinic with this id.");
        }
        var changed = SetListing(clinic, request.IsPublic, request.City, request.State, request.PostalCode, request.Phone);
        if (!changed.Succeeded)
        {
            return changed.Error!;
        }
        if (changed.Value)
        {
            audit.Record(actor, "clinic.listingChanged", "Clinic", clinic.Id.ToString(),
                new { clinic.IsPublic, clinic.City, clinic.State, clinic.PostalCode, phone = clinic.Phone is not null });
            await db.SaveChangesAsync(cancellationToken);
        }
        return ToResponse(clinic);
    }

    /// <summary>The booking phone follows the registration form's rule for phone numbers.</summary>
    private static Result<bool> SetListing(Clinic clinic, bool? isPublic, string? city, string? state, string? postalCode, string? phone) =>
        clinic.SetListing(isPublic, city, state, postalCode, phone, RegistrationInput.NormalizePhone);

    public async Task<IReadOnlyList<ClinicResponse>> ListClinicsAsync(CancellationToken cancellationToken) =>
        (await db.Clinics.AsNoTracking().OrderBy(c => c.Name).ToListAsync(cancellationToken)).Select(ToResponse).ToList();

    public async Task<Result<ClinicResponse>> GetClinicAsync(Guid clinicId, CancellationToken cancellationToken)
    {
        var clinic = await db.Clinics.AsNoTracking().SingleOrDefaultAsync(c => c.Id == clinicId, cancellationToken);
        return clinic is null ? new NotFoundError("There is no clinic with this id.") : ToResponse(clinic);
    }

    public async Task<Result<ClinicDayResponse>> ScheduleDayAsync(Actor actor, Guid clinicId, CreateClinicDayRequest request, CancellationToken cancellationToken)
    {
        var clinic = await db.Clinics.AsNoTracking().SingleOrDefaultAsync(c => c.Id == clinicId, cancellationToken);
        if (clinic is null)
        {
            return new NotFoundError("There is no clinic with this id.");
        }
        var cvx = request.CvxCode?.Trim();
        var product = cvx is { Length: > 0 and <= 8 } ? await db.Products.AsNoTracking().SingleOrDefaultAsync(p => p.CvxCode == cvx, cancellationToken) : null;
        var plan = new ClinicDay.Plan(request.Date, request.OpensAt, request.ClosesAt, request.SlotMinutes, request.CapacityPerSlot, cvx);
        var scheduled = ClinicDay.Schedule(clinic, plan, product, clock.GetUtcNow());
        if (!scheduled.Succeeded)
        {
            return scheduled.Error!;
        }
        var day = scheduled.Value!;
        if (await db.ClinicDays.AnyAsync(d => d.ClinicId == clinicId && d.Date == day.Date, cancellationToken))
        {
            return new ConflictError($"{clinic.Name} already has a clinic day on {day.Date:yyyy-MM-dd}. Change that day instead of adding another.");
        }
        if (request.EarmarkId is { } earmarkId && !await db.Earmarks.AnyAsync(e => e.Id == earmarkId, cancellationToken))
        {
            return ValidationError.For("earmarkId", "There is no earmark with this id.");
        }

        // The seats are backed by doses: the clinic's balance row is locked while the plan is made,
        // so two planners (on any instance) cannot promise the same doses.
        await supply.EnsureBalanceAsync(clinic.Id, day.ProductCvx, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await supply.LockAsync(clinic.Id, day.ProductCvx, cancellationToken);
        var today = clinic.Today(clock.GetUtcNow());
        await supply.ReleasePastDaysAsync(clinic.Id, day.ProductCvx, today, actor, cancellationToken);
        var (lots, demands) = await supply.PositionAsync(clinic.Id, day.ProductCvx, today, cancellationToken);
        var balance = await db.StockBalances.AsNoTracking().SingleAsync(b => b.ClinicId == clinic.Id && b.ProductCvx == day.ProductCvx, cancellationToken);
        var planned = day.Capacity;
        var free = Math.Max(0, balance.Supply + balance.Uncovered - balance.Allocated - balance.Reserved);
        var doses = Math.Min(free, SupplyPlan.MostFor(lots, demands, day.Date, request.EarmarkId, planned));
        if (doses == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            var what = request.EarmarkId is null ? "" : " earmarked for this purpose";
            return new ConflictError($"{clinic.Name} has no doses of {product!.Name}{what} for {day.Date:yyyy-MM-dd}: every dose on hand or expected by then " +
                "is already behind other days' seats or held for second doses. Receive a shipment or transfer doses first.");
        }
        var warnings = new List<string>();
        if (day.LimitTo(doses))
        {
            warnings.Add($"Only {doses} doses can be allocated to this day (on hand and expected by {day.Date:yyyy-MM-dd}, less what other days and second doses hold), " +
                $"so it has {day.Capacity} seats instead of {planned}.");
        }
        day.BackWith(day.Capacity, request.EarmarkId);
        db.ClinicDays.Add(day);
        audit.Record(actor, "clinic-day.created", "ClinicDay", day.Id.ToString(), new
        {
            clinicId,
            date = day.Date,
            opensAt = day.OpensAt,
            closesAt = day.ClosesAt,
            day.SlotMinutes,
            capacityPerSlot = request.CapacityPerSlot,
            slots = day.Slots.Count,
            day.Capacity,
            planned,
            dosesAllocated = day.DosesAllocated,
            earmarkId = request.EarmarkId,
            cvxCode = day.ProductCvx,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await supply.AllocateAsync(clinic.Id, day.ProductCvx, day.Id, day.DosesAllocated, actor, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            if (!await db.ClinicDays.AsNoTracking().AnyAsync(d => d.ClinicId == clinicId && d.Date == day.Date, CancellationToken.None))
            {
                throw;
            }
            return new ConflictError($"{clinic.Name} already has a clinic day on {day.Date:yyyy-MM-dd}.");
        }
        return (await GetDayAsync(day.Id, cancellationToken, warnings)).Value!;
    }

    public async Task<Result<ClinicDayResponse>> GetDayAsync(Guid dayId, CancellationToken cancellationToken, IReadOnlyList<string>? warnings = null)
    {
        var found = await (from d in db.ClinicDays.AsNoTracking()
                           join c in db.Clinics.AsNoTracking() on d.ClinicId equals c.Id
                           join p in db.Products.AsNoTracking() on d.ProductCvx equals p.CvxCode
                           where d.Id == dayId
                           select new { Day = d, Clinic = c, Product = p }).SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return new NotFoundError("There is no clinic day with this id.");
        }
        var slots = await db.Slots.AsNoTracking().Where(s => s.ClinicDayId == dayId).OrderBy(s => s.StartsAt)
            .Select(s => new SlotResponse(s.Id, s.StartsAt, s.EndsAt, s.Capacity, s.Booked)).ToListAsync(cancellationToken);
        var day = found.Day;
        return new ClinicDayResponse(day.Id, day.ClinicId, found.Clinic.Name, found.Clinic.TimeZoneId, day.Date, day.OpensAt.ToString("HH:mm"), day.ClosesAt.ToString("HH:mm"),
            day.SlotMinutes, new ProductResponse(found.Product.CvxCode, found.Product.Name, found.Product.DosesInSeries, found.Product.DaysToNextDose),
            slots.Sum(s => s.Capacity), slots.Sum(s => s.Booked), day.DosesAllocated, day.DosesAdministered, day.EarmarkId, slots, warnings ?? []);
    }

    public async Task<IReadOnlyList<ClinicDaySummary>> ListDaysAsync(Guid? clinicId, DateOnly from, CancellationToken cancellationToken)
    {
        var query = db.ClinicDays.AsNoTracking().Where(d => d.Date >= from);
        if (clinicId is { } id)
        {
            query = query.Where(d => d.ClinicId == id);
        }
        var rows = await query.OrderBy(d => d.Date)
            .Select(d => new
            {
                d.Id,
                d.ClinicId,
                d.Date,
                d.OpensAt,
                d.ClosesAt,
                d.ProductCvx,
                Slots = db.Slots.Count(s => s.ClinicDayId == d.Id),
                Capacity = db.Slots.Where(s => s.ClinicDayId == d.Id).Sum(s => s.Capacity),
                Booked = db.Slots.Where(s => s.ClinicDayId == d.Id).Sum(s => s.Booked),
            })
            .ToListAsync(cancellationToken);
        return rows.Select(d => new ClinicDaySummary(d.Id, d.ClinicId, d.Date, d.OpensAt.ToString("HH:mm", CultureInfo.InvariantCulture),
            d.ClosesAt.ToString("HH:mm", CultureInfo.InvariantCulture), d.ProductCvx, d.Slots, d.Capacity, d.Booked)).ToList();
    }

    public async Task<IReadOnlyList<VaccineProduct>> ProductsAsync(CancellationToken cancellationToken) =>
        await db.Products.AsNoTracking().OrderBy(p => p.CvxCode).ToListAsync(cancellationToken);

    private static ClinicResponse ToResponse(Clinic c) =>
        new(c.Id, c.Name, c.Address, c.TimeZoneId, c.CreatedAt, c.IsPublic, c.City, c.State, c.PostalCode, c.Phone);
}
