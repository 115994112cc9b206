using System.Globalization;
using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Supply;

public sealed record AllocationRequest(string? WeekOf, string? CvxCode, int? Doses);

public sealed record AcceptClinic(Guid? ClinicId, int? Doses);

public sealed record AcceptRequest(IReadOnlyList<AcceptClinic>? Clinics, string? ExpiresOn);

public sealed record ProposedClinic(Guid ClinicId, string Clinic, int PlannedDays, int SecondDoses, int FirstDoses, int Doses, int? Shipped);

public sealed record AllocationView(Guid Id, DateOnly WeekOf, string CvxCode, string Product, int Doses, DateTime EnteredAt, string EnteredBy,
    int SecondDosesHeld, int SecondDosesBooked, int SecondDosesUnplaced, int FirstDoses, string Method, bool Accepted, string Lot,
    IReadOnlyList<ProposedClinic> Clinics, IReadOnlyList<string> Warnings);

public sealed record WeekAllocations(DateOnly WeekOf, IReadOnlyList<AllocationView> Allocations);

public sealed record AcceptResponse(Guid AllocationId, DateOnly WeekOf, string CvxCode, string Lot, DateOnly ExpiresOn, int Doses,
    IReadOnlyList<MovementResponse> Shipments);

/// <summary>
/// The state's weekly allocation of a product and FairShot's proposal for spreading it over the
/// clinics: first the second doses due that week are held back (waiting dose-2 holds whose earliest
/// date falls in the week, and dose-2 bookings on that product's days that week) and sent to the
/// clinic they are due at; what is left becomes first-dose capacity, split in proportion to each
/// clinic's planned days of that product that week, or equally when no clinic has a day planned
/// (largest remainders, so the split adds up). Accepting turns the (possibly edited) split into
/// expected shipments arriving on the Monday, lot <c>ALLOC-yyyy-MM-dd</c>.
/// </summary>
public sealed class Allocations(FairShotDb db, StockKeeping stock, SupplyLedger ledger, AuditTrail audit, TimeProvider clock)
{
    public const string LotPrefix = "ALLOC-";
    public const int DefaultShelfDays = 90;
    private const string ClaimScope = "allocation-accept";

    public static string LotFor(DateOnly weekOf) => LotPrefix + weekOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly MondayOf(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task<Result<AllocationView>> EnterAsync(Actor actor, AllocationRequest request, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var week = ParseWeek(request.WeekOf, errors);
        var product = await stock.ProductAsync(request.CvxCode, errors, cancellationToken);
        if (request.Doses is not (>= 0 and <= StockKeeping.MaxDosesPerMovement))
        {
            errors.Add("doses", $"Enter the doses allocated for the week, 0 to {StockKeeping.MaxDosesPerMovement:N0}.");
        }
        if (errors.Any)
        {
            return errors.ToError();
        }
        var existing = await db.WeeklyAllocations.SingleOrDefaultAsync(a => a.WeekOf == week && a.ProductCvx == product!.CvxCode, cancellationToken);
        if (existing is not null && await AcceptedAsync(existing, cancellationToken))
        {
            return new ConflictError($"The allocation of {product!.Name} for the week of {week:yyyy-MM-dd} was already accepted and shipped; it can no longer change.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var previous = existing?.Doses;
        if (existing is null)
        {
            existing = new WeeklyAllocation(week!.Value, product!.CvxCode, request.Doses!.Value, actor.ToString(), now);
            db.WeeklyAllocations.Add(existing);
        }
        else
        {
            existing.Change(request.Doses!.Value, actor.ToString(), now);
        }
        audit.Record(actor, "allocation.entered", "WeeklyAllocation", existing.Id.ToString(), new
        {
            weekOf = week,
            cvxCode = product!.CvxCode,
            doses = request.Doses,
            previous,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Someone entered the same week and product at the same moment: theirs stands.
            db.ChangeTracker.Clear();
            return new ConflictError("This allocation was entered by someone else at the same time. Reload and try again.");
        }
        return await ViewAsync(existing, cancellationToken);
    }

    public async Task<Result<WeekAllocations>> WeekAsync(string? weekOf, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var week = ParseWeek(weekOf, errors);
        if (errors.Any)
        {
            return errors.ToError();
        }
        var rows = await db.WeeklyAllocations.AsNoTracking().Where(a => a.WeekOf == week).OrderBy(a => a.ProductCvx).ToListAsync(cancellationToken);
        var views = new List<AllocationView>();
        foreach (var row in rows)
        {
            views.Add(await ViewAsync(row, cancellationToken));
        }
        return new WeekAllocations(week!.Value, views);
    }

    public async Task<Result<AcceptResponse>> AcceptAsync(Actor actor, Guid id, AcceptRequest request, CancellationToken cancellationToken)
    {
        var allocation = await db.WeeklyAllocations.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (allocation is null)
        {
            return new NotFoundError("There is no allocation with this id.");
        }
        var lot = LotFor(allocation.WeekOf);
        if (await AcceptedAsync(allocation, cancellationToken))
        {
            return new ConflictError($"This allocation was already accepted: its shipments (lot {lot}) are on the clinics' stock. Nothing was shipped again.");
        }

        // Everything is checked before the first shipment is written, so a request either ships to
        // every clinic or to none.
        var errors = new ValidationErrors();
        var lines = (request.Clinics ?? []).ToList();
        if (lines.Count == 0)
        {
            errors.Add("clinics", "Say how many doses go to each clinic.");
        }
        if (lines.Any(l => l.ClinicId is null))
        {
            errors.Add("clinics", "Every line names a clinic (clinicId).");
        }
        if (lines.Any(l => l.Doses is not (>= 0 and <= StockKeeping.MaxDosesPerMovement)))
        {
            errors.Add("clinics", $"Every clinic gets 0 to {StockKeeping.MaxDosesPerMovement:N0} doses.");
        }
        if (lines.Where(l => l.ClinicId is not null).GroupBy(l => l.ClinicId).Any(g => g.Count() > 1))
        {
            errors.Add("clinics", "Name each clinic once.");
        }
        var ids = lines.Where(l => l.ClinicId is not null).Select(l => l.ClinicId!.Value).Distinct().ToList();
        var clinics = await db.Clinics.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        if (ids.Any(i => !clinics.ContainsKey(i)))
        {
            errors.Add("clinics", "There is no clinic with one of these ids.");
        }
        var total = lines.Sum(l => (long)(l.Doses ?? 0));
        if (!errors.Any && total == 0)
        {
            errors.Add("clinics", "Send at least one dose.");
        }
        if (total > allocation.Doses)
        {
            errors.Add("clinics", $"The clinics' doses add up to {total:N0}, more than the {allocation.Doses:N0} allocated for the week.");
        }
        DateOnly? expires = string.IsNullOrWhiteSpace(request.ExpiresOn)
            ? allocation.WeekOf.AddDays(DefaultShelfDays)
            : StockKeeping.ParseDate(request.ExpiresOn, "expiresOn", "expiry date", errors);
        if (expires is { } e && e < allocation.WeekOf)
        {
            errors.Add("expiresOn", "The doses would expire before they arrive.");
        }
        if (!errors.Any)
        {
            foreach (var clinic in clinics.Values)
            {
                var today = clinic.Today(clock.GetUtcNow());
                if (expires < today)
                {
                    errors.Add("expiresOn", $"This expiry date has passed at {clinic.Name}.");
                    break;
                }
                if (allocation.WeekOf > today.AddDays(ClinicDay.MaxDaysAhead))
                {
                    errors.Add("weekOf", $"Expected shipments can be entered up to {ClinicDay.MaxDaysAhead} days ahead.");
                    break;
                }
            }
        }
        if (errors.Any)
        {
            return errors.ToError();
        }
        if (await db.StockLots.AsNoTracking().AnyAsync(l => l.ProductCvx == allocation.ProductCvx && l.Lot == lot && l.ExpiresOn != expires, cancellationToken))
        {
            return ValidationError.For("expiresOn", $"Lot {lot} of this product is already recorded with another expiry date.");
        }

        // One transaction: the claim, every clinic's shipment and the audit entry land together or
        // not at all. The claim's key is unique, so two staff pressing "accept" together ship once.
        var shipping = lines.Where(l => l.Doses > 0).OrderBy(l => l.ClinicId!.Value.ToString("N"), StringComparer.Ordinal).ToList();
        foreach (var line in shipping)
        {
            await ledger.EnsureBalanceAsync(line.ClinicId!.Value, allocation.ProductCvx, cancellationToken);
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.IdempotencyRecords.Add(new IdempotencyRecord(ClaimScope, allocation.Id.ToString("N"), 201, "", clock.GetUtcNow().UtcDateTime));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return new ConflictError("This allocation is being accepted by someone else. Nothing was shipped again.");
        }
        db.ChangeTracker.Clear();

        var shipments = new List<MovementResponse>();
        var week = allocation.WeekOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var expiry = expires!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        // Balance rows are locked in clinic-id order, the order transfers use, so the two cannot deadlock.
        foreach (var line in shipping)
        {
            var shipped = await stock.ReceiveAsync(actor, new ShipmentRequest(line.ClinicId, allocation.ProductCvx, lot, expiry, line.Doses, week), cancellationToken);
            if (!shipped.Succeeded)
            {
                // Everything was checked above; reaching here means the data changed under us. Nothing is kept.
                await transaction.RollbackAsync(cancellationToken);
                db.ChangeTracker.Clear();
                return new ConflictError($"The shipments could not be written ({shipped.Error!.Detail}). Nothing was shipped; try again.");
            }
            shipments.Add(shipped.Value!);
        }
        audit.Record(actor, "allocation.accepted", "WeeklyAllocation", allocation.Id.ToString(), new
        {
            weekOf = allocation.WeekOf,
            cvxCode = allocation.ProductCvx,
            lot,
            expiresOn = expires,
            clinics = shipping.Select(l => new { clinicId = l.ClinicId, doses = l.Doses }).ToList(),
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        shipments = [.. shipments.OrderBy(m => clinics[m.ClinicId].Name, StringComparer.Ordinal)];
        return new AcceptResponse(allocation.Id, allocation.WeekOf, allocation.ProductCvx, lot, expires.Value, (int)total, shipments);
    }

    private async Task<bool> AcceptedAsync(WeeklyAllocation allocation, CancellationToken cancellationToken)
    {
        var lot = LotFor(allocation.WeekOf);
        var key = allocation.Id.ToString("N");
        return await db.IdempotencyRecords.AsNoTracking().AnyAsync(r => r.Scope == ClaimScope && r.Key == key, cancellationToken)
            || await db.StockLots.AsNoTracking().AnyAsync(l => l.ProductCvx == allocation.ProductCvx && l.Lot == lot, cancellationToken);
    }

    private async Task<AllocationView> ViewAsync(WeeklyAllocation allocation, CancellationToken cancellationToken)
    {
        var week = allocation.WeekOf;
        var end = week.AddDays(6);
        var cvx = allocation.ProductCvx;
        var product = await db.Products.AsNoTracking().SingleAsync(p => p.CvxCode == cvx, cancellationToken);
        var clinics = await db.Clinics.AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken);
        var days = await db.ClinicDays.AsNoTracking().Where(d => d.ProductCvx == cvx && d.Date >= week && d.Date <= end)
            .GroupBy(d => d.ClinicId).Select(g => new { ClinicId = g.Key, Days = g.Count() }).ToDictionaryAsync(x => x.ClinicId, x => x.Days, cancellationToken);
        var held = await db.SecondDoseReservations.AsNoTracking()
            .Where(r => r.ProductCvx == cvx && r.State == ReservationState.Waiting && r.EarliestDate <= end && r.LatestDate >= week)
            .GroupBy(r => r.HeldAtClinicId).Select(g => new { ClinicId = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var booked = await (from a in db.Appointments.AsNoTracking()
                            join d in db.ClinicDays.AsNoTracking() on a.ClinicDayId equals d.Id
                            where a.DoseNumber == 2 && a.State == AppointmentState.Booked && d.ProductCvx == cvx && d.Date >= week && d.Date <= end
                            group a by d.ClinicId into g
                            select new { ClinicId = g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.ClinicId, x => x.Count, cancellationToken);
        var heldTotal = held.Sum(h => h.Count);
        var bookedTotal = booked.Values.Sum();
        var unplaced = held.Where(h => h.ClinicId is null || clinics.All(c => c.Id != h.ClinicId)).Sum(h => h.Count);
        int SecondAt(Guid clinicId) => booked.GetValueOrDefault(clinicId) + held.Where(h => h.ClinicId == clinicId).Sum(h => h.Count);

        var warnings = new List<string>();
        var firstDoses = Math.Max(0, allocation.Doses - heldTotal - bookedTotal);
        if (heldTotal + bookedTotal > allocation.Doses)
        {
            warnings.Add($"The week's {allocation.Doses:N0} doses do not cover the {heldTotal + bookedTotal:N0} second doses due: no first doses are proposed.");
        }
        if (unplaced > 0)
        {
            warnings.Add($"{unplaced:N0} second doses due have no clinic yet: they are held back and not sent anywhere.");
        }
        var byDays = days.Values.Sum() > 0;
        var weights = clinics.Select(c => byDays ? days.GetValueOrDefault(c.Id) : 1).ToList();
        var shares = Split(firstDoses, weights);
        if (clinics.Count == 0)
        {
            warnings.Add("There are no clinics to send doses to.");
        }

        var accepted = await AcceptedAsync(allocation, cancellationToken);
        var lot = LotFor(week);
        var shipped = accepted
            ? await (from m in db.StockMovements.AsNoTracking()
                     join l in db.StockLots.AsNoTracking() on m.LotId equals l.Id
                     where m.Kind == StockMovementKind.Received && m.ProductCvx == cvx && l.Lot == lot
                     group m by m.ClinicId into g
                     select new { ClinicId = g.Key, Doses = g.Sum(m => m.Doses) }).ToDictionaryAsync(x => x.ClinicId, x => x.Doses, cancellationToken)
            : [];
        var rows = clinics.Select((c, i) =>
        {
            var second = SecondAt(c.Id);
            return new ProposedClinic(c.Id, c.Name, days.GetValueOrDefault(c.Id), second, shares[i], second + shares[i],
                accepted ? shipped.GetValueOrDefault(c.Id) : null);
        }).ToList();
        return new AllocationView(allocation.Id, week, cvx, product.Name, allocation.Doses, allocation.EnteredAt, allocation.EnteredBy,
            heldTotal, bookedTotal, unplaced, firstDoses, byDays ? "planned-days" : "equal", accepted, lot, rows, warnings);
    }

    /// <summary>Splits <paramref name="total"/> in proportion to the weights, largest remainders first (ties to the earlier clinic).</summary>
    public static int[] Split(int total, IReadOnlyList<int> weights)
    {
        var result = new int[weights.Count];
        long sum = weights.Sum(w => (long)w);
        if (sum == 0 || total == 0)
        {
            return result;
        }
        var remainders = new (long Remainder, int Index)[weights.Count];
        var given = 0;
        for (var i = 0; i < weights.Count; i++)
        {
            var exact = (long)total * weights[i];
            result[i] = (int)(exact / sum);
            given += result[i];
            remainders[i] = (exact % sum, i);
        }
        foreach (var (_, index) in remainders.OrderByDescending(r => r.Remainder).ThenBy(r => r.Index).Take(total - given))
        {
            result[index]++;
        }
        return result;
    }

    private static DateOnly? ParseWeek(string? value, ValidationErrors errors)
    {
        var week = StockKeeping.ParseDate(value, "weekOf", "Monday the week starts", errors);
        if (week is { } w && w.DayOfWeek != DayOfWeek.Monday)
        {
            errors.Add("weekOf", $"Weeks start on a Monday: {w:yyyy-MM-dd} is a {w.DayOfWeek}; use {MondayOf(w):yyyy-MM-dd}.");
            return null;
        }
        return week;
    }
}
