using System.Globalization;
using System.Text.RegularExpressions;
using FairShot.Data;
using FairShot.Domain;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Supply;

public sealed record ShipmentRequest(Guid? ClinicId, string? CvxCode, string? Lot, string? ExpiresOn, int? Doses, string? ArrivesOn);

public sealed record EarmarkRequest(string? Label, IReadOnlyList<string>? GroupCodes, IReadOnlyList<string>? ZipCodes);

public sealed record TransferRequest(Guid? FromClinicId, Guid? ToClinicId, string? CvxCode, string? Lot, int? Doses, EarmarkRequest? Earmark);

public sealed record WastageRequest(string? CvxCode, string? Lot, int? Doses, string? Reason, string? ReasonText);

public sealed record MovementResponse(Guid Id, string Kind, Guid ClinicId, string CvxCode, string? Lot, int Doses, DateTime At, IReadOnlyList<string> Warnings,
    IReadOnlyList<UncoveredBooking>? UncoveredBookings = null, Guid? EarmarkId = null);

public sealed record UncoveredBooking(Guid AppointmentId, Guid ClinicDayId, DateTime StartsAt);

/// <summary>Receiving, transferring and wasting doses (see <see cref="SupplyLedger"/> for how they stay consistent).</summary>
public sealed partial class StockKeeping(FairShotDb db, SupplyLedger ledger, TimeProvider clock)
{
    public const int MaxDosesPerMovement = 1_000_000;

    public static readonly IReadOnlyDictionary<string, WastageReason> Reasons = new Dictionary<string, WastageReason>(StringComparer.OrdinalIgnoreCase)
    {
        ["expired"] = WastageReason.Expired,
        ["broken"] = WastageReason.Broken,
        ["temperature-excursion"] = WastageReason.TemperatureExcursion,
        ["open-vial-unused"] = WastageReason.OpenVialUnused,
        ["other"] = WastageReason.Other,
    };

    public async Task<Result<MovementResponse>> ReceiveAsync(Actor actor, ShipmentRequest request, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var clinic = request.ClinicId is { } cid ? await db.Clinics.AsNoTracking().SingleOrDefaultAsync(c => c.Id == cid, cancellationToken) : null;
        if (clinic is null)
        {
            errors.Add("clinicId", request.ClinicId is null ? "Say which clinic received the doses (clinicId)." : "There is no clinic with this id.");
        }
        var product = await ProductAsync(request.CvxCode, errors, cancellationToken);
        var lot = CheckLot(request.Lot, errors);
        var doses = CheckDoses(request.Doses, errors);
        var today = clinic?.Today(clock.GetUtcNow()) ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var expires = ParseDate(request.ExpiresOn, "expiresOn", "expiry date", errors);
        if (expires is { } e && e < today)
        {
            errors.Add("expiresOn", $"This lot expired on {e:yyyy-MM-dd}: expired doses cannot be received. Record them as wasted where they are.");
        }
        var arrives = string.IsNullOrWhiteSpace(request.ArrivesOn) ? today : ParseDate(request.ArrivesOn, "arrivesOn", "arrival date", errors);
        if (arrives is { } a && a > today.AddDays(ClinicDay.MaxDaysAhead))
        {
            errors.Add("arrivesOn", $"Expected shipments can be entered up to {ClinicDay.MaxDaysAhead} days ahead.");
        }
        if (arrives is { } a2 && expires is { } e2 && a2 > e2)
        {
            errors.Add("arrivesOn", "The shipment would arrive after its lot expires.");
        }
        if (errors.Any)
        {
            return errors.ToError();
        }
        var availableFrom = arrives!.Value < today ? today : arrives.Value;
        if (await ExpiryConflictAsync(lot!, product!.CvxCode, expires!.Value, cancellationToken) is { } other)
        {
            return ValidationError.For("expiresOn", $"Lot {lot} of this product is recorded with expiry {other:yyyy-MM-dd}. Check the box label.");
        }

        // Inside a caller's transaction (an accepted allocation ships to every clinic or to none),
        // the caller has made the balance rows and commits; on its own, a receipt is its own transaction.
        var outer = db.Database.CurrentTransaction is not null;
        if (!outer)
        {
            await ledger.EnsureBalanceAsync(clinic!.Id, product.CvxCode, cancellationToken);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = outer ? null : await db.Database.BeginTransactionAsync(cancellationToken);
        await ledger.LockAsync(clinic!.Id, product.CvxCode, cancellationToken);
        var line = await ledger.AddToLotAsync(clinic.Id, product.CvxCode, lot!, expires.Value, availableFrom, null, doses!.Value, cancellationToken);
        await db.StockBalances.Where(b => b.ClinicId == clinic.Id && b.ProductCvx == product.CvxCode)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.Received, b => b.Received + doses.Value), cancellationToken);
        var movement = new StockMovement(clinic.Id, product.CvxCode, StockMovementKind.Received, doses.Value, now, actor.ToString(), lotId: line.Id);
        db.StockMovements.Add(movement);
        ledger.Audit(actor, "stock.received", "StockLot", line.Id.ToString(), new
        {
            clinicId = clinic.Id,
            cvxCode = product.CvxCode,
            lot,
            expiresOn = expires,
            availableFrom,
            doses,
        });
        await db.SaveChangesAsync(cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
        var warnings = availableFrom > today ? new[] { $"Expected supply: counted for clinic days on or after {availableFrom:yyyy-MM-dd}." } : [];
        return new MovementResponse(movement.Id, "received", clinic.Id, product.CvxCode, lot, doses.Value, now, warnings);
    }

    public async Task<Result<MovementResponse>> TransferAsync(Actor actor, TransferRequest request, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var from = request.FromClinicId is { } f ? await db.Clinics.AsNoTracking().SingleOrDefaultAsync(c => c.Id == f, cancellationToken) : null;
        var to = request.ToClinicId is { } t ? await db.Clinics.AsNoTracking().SingleOrDefaultAsync(c => c.Id == t, cancellationToken) : null;
        if (from is null)
        {
            errors.Add("fromClinicId", "Say which clinic the doses leave (fromClinicId).");
        }
        if (to is null)
        {
            errors.Add("toClinicId", "Say which clinic receives the doses (toClinicId).");
        }
        if (from is not null && to is not null && from.Id == to.Id)
        {
            errors.Add("toClinicId", "A transfer goes to another clinic.");
        }
        var product = await ProductAsync(request.CvxCode, errors, cancellationToken);
        var lot = CheckLot(request.Lot, errors);
        var doses = CheckDoses(request.Doses, errors);
        var earmark = request.Earmark is { } em ? CheckEarmark(em, errors) : null;
        if (earmark is not null && !errors.Any)
        {
            var known = await db.PriorityGroups.AsNoTracking().Select(g => g.Code).ToListAsync(cancellationToken);
            var unknown = earmark.Groups.Where(g => !known.Contains(g)).ToList();
            if (unknown.Count > 0)
            {
                errors.Add("earmark.groupCodes", $"Unknown priority group: {string.Join(", ", unknown)}. Use the codes of the eligibility rules.");
            }
        }
        if (errors.Any)
        {
            return errors.ToError();
        }

        var cvx = product!.CvxCode;
        await ledger.EnsureBalanceAsync(from!.Id, cvx, cancellationToken);
        await ledger.EnsureBalanceAsync(to!.Id, cvx, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var today = from.Today(clock.GetUtcNow());
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Both balance rows, always in the same order, so two opposite transfers cannot deadlock.
        foreach (var clinicId in new[] { from.Id, to.Id }.OrderBy(id => id.ToString("N"), StringComparer.Ordinal))
        {
            await ledger.LockAsync(clinicId, cvx, cancellationToken);
        }
        await ledger.ReleasePastDaysAsync(from.Id, cvx, today, actor, cancellationToken);
        var (outcome, taken) = await ledger.TakeAsync(from.Id, cvx, lot!, doses!.Value, today, includeExpired: false, mayUncover: false, cancellationToken);
        if (outcome == SupplyLedger.TakeOutcome.NotOnHand)
        {
            await transaction.RollbackAsync(cancellationToken);
            var there = await db.StockLots.AsNoTracking()
                .Where(l => l.ClinicId == from.Id && l.ProductCvx == cvx && l.Lot == lot && l.AvailableFrom <= today && l.ExpiresOn >= today)
                .SumAsync(l => l.OnHand, cancellationToken);
            return new ConflictError($"{from.Name} has {there} usable doses of lot {lot} on hand, fewer than the {doses} to transfer. Nothing was moved.");
        }
        var (lots, demands) = outcome == SupplyLedger.TakeOutcome.Taken ? await ledger.PositionAsync(from.Id, cvx, today, cancellationToken) : ([], []);
        if (outcome == SupplyLedger.TakeOutcome.Committed || SupplyPlan.Shortfall(lots, demands) > 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return new ConflictError($"These doses back seats already planned at {from.Name}, or second doses held there: moving {doses} would leave some of them without a dose. " +
                "Reduce the clinic's days first or transfer fewer. Nothing was moved.");
        }
        Earmark? saved = null;
        if (earmark is not null)
        {
            saved = new Earmark(earmark.Label, earmark.Groups, earmark.Zips, now);
            db.Earmarks.Add(saved);
            await db.SaveChangesAsync(cancellationToken);
        }
        var transferId = Guid.CreateVersion7();
        var expires = taken![0].Line.ExpiresOn;
        var arrived = await ledger.AddToLotAsync(to.Id, cvx, lot!, expires, to.Today(clock.GetUtcNow()), saved?.Id, doses.Value, cancellationToken);
        await db.StockBalances.Where(b => b.ClinicId == from.Id && b.ProductCvx == cvx)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.TransferredOut, b => b.TransferredOut + doses.Value), cancellationToken);
        await db.StockBalances.Where(b => b.ClinicId == to.Id && b.ProductCvx == cvx)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.TransferredIn, b => b.TransferredIn + doses.Value), cancellationToken);
        foreach (var (line, n) in taken)
        {
            db.StockMovements.Add(new StockMovement(from.Id, cvx, StockMovementKind.TransferredOut, n, now, actor.ToString(), lotId: line.Id, transferId: transferId));
        }
        var movement = new StockMovement(to.Id, cvx, StockMovementKind.TransferredIn, doses.Value, now, actor.ToString(), lotId: arrived.Id, transferId: transferId);
        db.StockMovements.Add(movement);
        ledger.Audit(actor, "stock.transferred", "Transfer", transferId.ToString(), new
        {
            fromClinicId = from.Id,
            toClinicId = to.Id,
            cvxCode = cvx,
            lot,
            doses,
            earmark = saved is null ? null : new { saved.Id, saved.Label, groups = saved.Groups, zips = saved.Zips },
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new MovementResponse(transferId, "transferred", to.Id, cvx, lot, doses.Value, now, [], EarmarkId: saved?.Id);
    }

    public async Task<Result<MovementResponse>> WasteAsync(Actor actor, Guid clinicId, WastageRequest request, CancellationToken cancellationToken)
    {
        var clinic = await db.Clinics.AsNoTracking().SingleOrDefaultAsync(c => c.Id == clinicId, cancellationToken);
        if (clinic is null)
        {
            return new NotFoundError("There is no clinic with this id.");
        }
        var errors = new ValidationErrors();
        var product = await ProductAsync(request.CvxCode, errors, cancellationToken);
        var lot = CheckLot(request.Lot, errors);
        var doses = CheckDoses(request.Doses, errors);
        WastageReason? reason = null;
        if (string.IsNullOrWhiteSpace(request.Reason) || !Reasons.TryGetValue(request.Reason.Trim(), out var r))
        {
            errors.Add("reason", $"Choose a reason: {string.Join(", ", Reasons.Keys)}.");
        }
        else
        {
            reason = r;
        }
        var text = request.ReasonText?.Trim();
        if (reason == WastageReason.Other && string.IsNullOrEmpty(text))
        {
            errors.Add("reasonText", "Say what happened to the doses.");
        }
        if (text is { Length: > StockMovement.ReasonMaxLength })
        {
            errors.Add("reasonText", $"Say it in at most {StockMovement.ReasonMaxLength} characters.");
        }
        if (errors.Any)
        {
            return errors.ToError();
        }

        var cvx = product!.CvxCode;
        await ledger.EnsureBalanceAsync(clinic.Id, cvx, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var today = clinic.Today(clock.GetUtcNow());
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await ledger.LockAsync(clinic.Id, cvx, cancellationToken);
        await ledger.ReleasePastDaysAsync(clinic.Id, cvx, today, actor, cancellationToken);
        var taken = await ledger.TakeFromLotAsync(clinic.Id, cvx, lot!, doses!.Value, today, includeExpired: true, cancellationToken);
        if (taken is null)
        {
            await transaction.RollbackAsync(cancellationToken);
            return new ConflictError($"{clinic.Name} does not have {doses} doses of lot {lot} on hand. Nothing was recorded.");
        }
        await db.StockBalances.Where(b => b.ClinicId == clinic.Id && b.ProductCvx == cvx)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.Wasted, b => b.Wasted + doses.Value), cancellationToken);
        StockMovement? first = null;
        foreach (var (line, n) in taken)
        {
            var row = new StockMovement(clinic.Id, cvx, StockMovementKind.Wasted, n, now, actor.ToString(), lotId: line.Id, wastage: reason, reason: text);
            first ??= row;
            db.StockMovements.Add(row);
        }
        await db.SaveChangesAsync(cancellationToken);
        var (warnings, uncovered) = await CoverLossAsync(actor, clinic, cvx, today, cancellationToken);
        await ledger.SettleUncoveredAsync(clinic.Id, cvx, cancellationToken);
        ledger.Audit(actor, "stock.wasted", "StockLot", taken[0].Line.Id.ToString(), new
        {
            clinicId = clinic.Id,
            cvxCode = cvx,
            lot,
            doses,
            reason = request.Reason!.Trim().ToLowerInvariant(),
            reasonText = text,
            seatsRemoved = warnings.Count > 0 ? warnings : null,
            uncovered = uncovered.Count,
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new MovementResponse(first!.Id, "wasted", clinic.Id, cvx, lot, doses.Value, now, warnings, uncovered);
    }

    /// <summary>
    /// After a loss, the clinic's days give up free seats, latest first, until what is left is
    /// covered; bookings still without a dose are named so staff can act (and counted as uncovered).
    /// </summary>
    private async Task<(List<string> Warnings, List<UncoveredBooking> Uncovered)> CoverLossAsync(Actor actor, Clinic clinic, string cvx, DateOnly today,
        CancellationToken cancellationToken)
    {
        var warnings = new List<string>();
        var now = clock.GetUtcNow().UtcDateTime;
        var (lots, demands) = await ledger.PositionAsync(clinic.Id, cvx, today, cancellationToken);
        var shortfall = Math.Max(SupplyPlan.Shortfall(lots, demands), await AggregateGapAsync(clinic.Id, cvx, cancellationToken));
        if (shortfall == 0)
        {
            return (warnings, []);
        }
        var days = await db.ClinicDays.AsNoTracking().Where(d => d.ClinicId == clinic.Id && d.ProductCvx == cvx && d.Date >= today)
            .OrderByDescending(d => d.Date).ToListAsync(cancellationToken);
        foreach (var day in days)
        {
            if (shortfall == 0)
            {
                break;
            }
            var slots = await db.Slots.AsNoTracking().Where(s => s.ClinicDayId == day.Id && s.Capacity > s.Booked && s.StartsAt > now)
                .OrderByDescending(s => s.StartsAt).ToListAsync(cancellationToken);
            var removed = 0;
            foreach (var slot in slots)
            {
                if (shortfall == 0)
                {
                    break;
                }
                var want = Math.Min(shortfall, slot.Capacity - slot.Booked);
                // Conditional: a booking that took the seat meanwhile keeps it.
                var done = await db.Slots.Where(s => s.Id == slot.Id && s.Capacity - s.Booked >= want)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.Capacity, x => x.Capacity - want), cancellationToken);
                if (done == 1)
                {
                    removed += want;
                    shortfall -= want;
                }
            }
            if (removed > 0)
            {
                await db.ClinicDays.Where(d => d.Id == day.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(d => d.DosesAllocated, d => d.DosesAllocated - removed), cancellationToken);
                await db.StockBalances.Where(b => b.ClinicId == clinic.Id && b.ProductCvx == cvx)
                    .ExecuteUpdateAsync(s => s.SetProperty(b => b.Allocated, b => b.Allocated - removed), cancellationToken);
                db.StockMovements.Add(new StockMovement(clinic.Id, cvx, StockMovementKind.Released, removed, now, actor.ToString(), clinicDayId: day.Id,
                    reason: "free seats removed after a loss"));
                warnings.Add($"{removed} free seats removed from {day.Date:yyyy-MM-dd}.");
            }
        }
        var uncovered = new List<UncoveredBooking>();
        if (shortfall > 0)
        {
            uncovered = await (from a in db.Appointments.AsNoTracking()
                               join s in db.Slots.AsNoTracking() on a.SlotId equals s.Id
                               join d in db.ClinicDays.AsNoTracking() on a.ClinicDayId equals d.Id
                               where d.ClinicId == clinic.Id && d.ProductCvx == cvx && d.Date >= today && a.State == AppointmentState.Booked
                               orderby s.StartsAt descending, a.BookedAt descending
                               select new UncoveredBooking(a.Id, a.ClinicDayId, s.StartsAt)).Take(shortfall).ToListAsync(cancellationToken);
            warnings.Add($"{shortfall} booked doses are no longer covered by stock: receive or transfer doses, or move these bookings.");
        }
        return (warnings, uncovered);
    }

    private async Task<int> AggregateGapAsync(Guid clinicId, string cvx, CancellationToken cancellationToken)
    {
        var b = await db.StockBalances.AsNoTracking().SingleAsync(x => x.ClinicId == clinicId && x.ProductCvx == cvx, cancellationToken);
        return Math.Max(0, b.Allocated + b.Reserved - b.Supply);
    }

    private async Task<DateOnly?> ExpiryConflictAsync(string lot, string cvx, DateOnly expires, CancellationToken cancellationToken) =>
        await db.StockLots.AsNoTracking().Where(l => l.ProductCvx == cvx && l.Lot == lot && l.ExpiresOn != expires)
            .Select(l => (DateOnly?)l.ExpiresOn).FirstOrDefaultAsync(cancellationToken);

    internal async Task<VaccineProduct?> ProductAsync(string? cvxCode, ValidationErrors errors, CancellationToken cancellationToken)
    {
        var cvx = cvxCode?.Trim();
        var product = cvx is { Length: > 0 and <= 8 } ? await db.Products.AsNoTracking().SingleOrDefaultAsync(p => p.CvxCode == cvx, cancellationToken) : null;
        if (product is null)
        {
            errors.Add("cvxCode", string.IsNullOrEmpty(cvx) ? "Enter the CVX code of the vaccine, for example 208." : "This CVX code is not a product FairShot knows. Add the product first.");
        }
        return product;
    }

    private static string? CheckLot(string? value, ValidationErrors errors)
    {
        var lot = value?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(lot) || !LotPattern().IsMatch(lot))
        {
            errors.Add("lot", $"Enter the lot number as printed on the box: letters, digits and hyphens, at most {StockLot.LotMaxLength}.");
            return null;
        }
        return lot;
    }

    private static int? CheckDoses(int? doses, ValidationErrors errors)
    {
        if (doses is not (>= 1 and <= MaxDosesPerMovement))
        {
            errors.Add("doses", $"Enter the number of doses, 1 to {MaxDosesPerMovement:N0}.");
            return null;
        }
        return doses;
    }

    private sealed record CheckedEarmark(string Label, IReadOnlyList<string> Groups, IReadOnlyList<string> Zips);

    private static CheckedEarmark? CheckEarmark(EarmarkRequest request, ValidationErrors errors)
    {
        var groups = (request.GroupCodes ?? []).Select(g => g?.Trim() ?? "").Where(g => g.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var zips = (request.ZipCodes ?? []).Select(z => z?.Trim() ?? "").Where(z => z.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (groups.Count == 0 && zips.Count == 0)
        {
            errors.Add("earmark", "An earmark names priority groups, ZIP codes or both.");
        }
        if (zips.Any(z => !ZipPattern().IsMatch(z)) || zips.Count > 300)
        {
            errors.Add("earmark.zipCodes", "Give five-digit ZIP codes (at most 300).");
        }
        if (groups.Any(g => g.Length > 40) || groups.Count > 50)
        {
            errors.Add("earmark.groupCodes", "Give priority-group codes (at most 50).");
        }
        var label = request.Label?.Trim();
        if (string.IsNullOrEmpty(label) || label.Length > 200)
        {
            errors.Add("earmark.label", "Name the earmark in at most 200 characters, for example: 75 and older, rural ZIP codes.");
        }
        return errors.Any ? null : new CheckedEarmark(label!, groups, zips);
    }

    internal static DateOnly? ParseDate(string? value, string field, string what, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, $"Enter the {what}, like 2027-03-01.");
            return null;
        }
        if (!DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) || date.Year < 2000 || date.Year > 2200)
        {
            errors.Add(field, $"Enter the {what} as year-month-day, like 2027-03-01.");
            return null;
        }
        return date;
    }

    [GeneratedRegex("^[A-Z0-9][A-Z0-9-]{0,19}$")]
    private static partial Regex LotPattern();

    [GeneratedRegex("^[0-9]{5}$")]
    private static partial Regex ZipPattern();
}
