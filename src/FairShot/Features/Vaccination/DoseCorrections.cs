using System.Security.Claims;
using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Audit;
using FairShot.Features.Staff;
using FairShot.Features.Supply;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Vaccination;

public sealed record CorrectionRequest(string? Lot, string? Route, string? BodySite, string? AdministeredAt, string? Reason);

public sealed record VoidRequest(string? Reason, bool? ReturnToStock);

/// <summary>
/// A clinic lead (or an admin) corrects or voids a recorded dose, with a reason; each keeps the row
/// (the records issue reports them as an update and a deletion) and writes the before and after to
/// the audit log. A change of lot moves the dose between lots in the ledger (the old lot gets it
/// back as <see cref="StockMovementKind.Returned"/>, the new one gives one as administered); a void
/// returns the dose to its lot or counts it as wasted, and the appointment is checked in again.
/// </summary>
public sealed class DoseCorrections(FairShotDb db, DeskAccess access, SupplyLedger ledger, DoseRecording recording, OpenedVials vials, AuditTrail audit, TimeProvider clock,
    Records.RegistryQueue registry)
{
    public const string VoidedWastageReason = "record voided";

    public async Task<Result<AdministrationView>> CorrectAsync(ClaimsPrincipal user, Guid id, CorrectionRequest request, CancellationToken cancellationToken)
    {
        var found = await LeadRecordAsync(user, id, cancellationToken);
        if (!found.Succeeded)
        {
            return found.Error!;
        }
        var (record, day, clinic, product) = found.Value!;
        var now = clock.GetUtcNow().UtcDateTime;
        var errors = new ValidationErrors();
        var reason = Reason(request.Reason, errors);
        var lot = AdministrationCodes.CheckLot(request.Lot, errors);
        var route = request.Route is null ? null : AdministrationCodes.CheckRoute(request.Route, "route", errors);
        var site = request.BodySite is null ? null : AdministrationCodes.CheckBodySite(request.BodySite, "bodySite", errors);
        var at = AdministrationCodes.CheckTime(request.AdministeredAt, clinic, day, now, errors);
        if (!errors.Any && lot is null && route is null && site is null && at is null)
        {
            errors.Add("lot", "Say what to correct: lot, route, bodySite or administeredAt.");
        }
        if (errors.Any)
        {
            return errors.ToError();
        }
        if (record.IsVoided)
        {
            return new DeskRefusal("voided", "This record was voided: it cannot be corrected. Record the dose again if it was given.");
        }
        if (record.Outcome != AdministrationOutcome.Given)
        {
            return new DeskRefusal("notGiven", "No dose was given on this record, so there is no lot, route or site to correct. Void it instead if it was made in error.");
        }

        var actor = user.ToActor();
        var lead = DeskAccess.StaffIdOf(user);
        var beforeView = Snapshot(record);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        Administration.Dose? dose = null;
        if (lot is not null && !string.Equals(lot, record.Lot, StringComparison.Ordinal))
        {
            await ledger.LockAsync(clinic.Id, product.CvxCode, cancellationToken);
            var today = clinic.Today(clock.GetUtcNow());
            var line = (await db.StockLots.AsNoTracking()
                    .Where(l => l.ClinicId == clinic.Id && l.ProductCvx == product.CvxCode && l.Lot == lot && l.AvailableFrom <= day.Date && l.OnHand > 0)
                    .ToListAsync(cancellationToken))
                .Where(l => l.ExpiresOn >= day.Date).OrderBy(l => l.ExpiresOn).ThenBy(l => l.AvailableFrom).FirstOrDefault();
            var took = line is null ? 0 : await db.StockLots.Where(l => l.Id == line.Id && l.OnHand >= 1)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.OnHand, l => l.OnHand - 1), cancellationToken);
            if (took != 1)
            {
                await transaction.RollbackAsync(cancellationToken);
                return new DeskRefusal("lotUsedUp", $"{clinic.Name} has no usable dose of lot {lot} on hand (on {day.Date:yyyy-MM-dd}). Check the lot number on the vial; nothing was changed.");
            }
            await db.StockLots.Where(l => l.Id == record.StockLotId).ExecuteUpdateAsync(s => s.SetProperty(l => l.OnHand, l => l.OnHand + 1), cancellationToken);
            db.StockMovements.Add(new StockMovement(clinic.Id, product.CvxCode, StockMovementKind.Returned, 1, now, actor.ToString(),
                lotId: record.StockLotId, clinicDayId: day.Id, appointmentId: record.AppointmentId, reason: "lot corrected"));
            db.StockMovements.Add(new StockMovement(clinic.Id, product.CvxCode, StockMovementKind.Administered, 1, now, actor.ToString(),
                lotId: line!.Id, clinicDayId: day.Id, appointmentId: record.AppointmentId, reason: "lot corrected"));
            // The vials follow the lot: the dose goes back to the wrong lot's vial and is drawn from the right one's.
            await vials.ReturnAsync(day.Id, record.StockLotId!.Value, now, cancellationToken);
            await vials.DrawAsync(day.Id, line, product, now, cancellationToken);
            dose = new Administration.Dose(product, line.Id, line.Lot, line.ExpiresOn, route ?? record.Route!, site ?? record.BodySite!);
        }
        var tracked = await db.Administrations.SingleAsync(a => a.Id == record.Id, cancellationToken);
        tracked.Correct(dose, route, site, at, reason!, lead, now);
        audit.Record(actor, "administration.corrected", "Administration", record.Id.ToString(), new { reason, before = beforeView, after = Snapshot(tracked) });
        await registry.EnqueueAsync(tracked, Records.Hl7.VxuAction.Update, now, cancellationToken);
        var saved = await SaveAsync(transaction, cancellationToken);
        return saved ?? (Result<AdministrationView>)await recording.DescribeAsync(tracked, cancellationToken);
    }

    public async Task<Result<AdministrationView>> VoidAsync(ClaimsPrincipal user, Guid id, VoidRequest request, CancellationToken cancellationToken)
    {
        var found = await LeadRecordAsync(user, id, cancellationToken);
        if (!found.Succeeded)
        {
            return found.Error!;
        }
        var (record, day, clinic, product) = found.Value!;
        var errors = new ValidationErrors();
        var reason = Reason(request.Reason, errors);
        if (request.ReturnToStock is null && record.Outcome == AdministrationOutcome.Given)
        {
            errors.Add("returnToStock", "Say whether the dose goes back on hand (true: it was not used) or was thrown away (false).");
        }
        if (errors.Any)
        {
            return errors.ToError();
        }
        if (record.IsVoided)
        {
            return new DeskRefusal("voided", "This record is already voided.");
        }

        var actor = user.ToActor();
        var lead = DeskAccess.StaffIdOf(user);
        var now = clock.GetUtcNow().UtcDateTime;
        var beforeView = Snapshot(record);
        var returned = request.ReturnToStock == true;
        var heldForDoseTwo = false;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (record.Outcome == AdministrationOutcome.Given)
        {
            await ledger.LockAsync(clinic.Id, product.CvxCode, cancellationToken);
            // The day's dose is no longer given: it is the day's again (allocated), on hand or wasted.
            var uncounted = await db.ClinicDays.Where(d => d.Id == day.Id && d.DosesAdministered >= 1)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.DosesAdministered, d => d.DosesAdministered - 1), cancellationToken);
            if (uncounted != 1)
            {
                throw new InvalidOperationException("A given dose's day counts no dose given.");
            }
            db.StockMovements.Add(new StockMovement(clinic.Id, product.CvxCode, StockMovementKind.Returned, 1, now, actor.ToString(),
                lotId: record.StockLotId, clinicDayId: day.Id, appointmentId: record.AppointmentId, reason: VoidedWastageReason));
            var balance = db.StockBalances.Where(b => b.ClinicId == clinic.Id && b.ProductCvx == product.CvxCode);
            if (returned)
            {
                await db.StockLots.Where(l => l.Id == record.StockLotId).ExecuteUpdateAsync(s => s.SetProperty(l => l.OnHand, l => l.OnHand + 1), cancellationToken);
                await vials.ReturnAsync(day.Id, record.StockLotId!.Value, now, cancellationToken);
                await balance.ExecuteUpdateAsync(s => s
                    .SetProperty(b => b.Supply, b => b.Supply + 1)
                    .SetProperty(b => b.Allocated, b => b.Allocated + 1)
                    .SetProperty(b => b.Administered, b => b.Administered - 1), cancellationToken);
            }
            else
            {
                db.StockMovements.Add(new StockMovement(clinic.Id, product.CvxCode, StockMovementKind.Wasted, 1, now, actor.ToString(),
                    lotId: record.StockLotId, clinicDayId: day.Id, appointmentId: record.AppointmentId, wastage: WastageReason.Other, reason: VoidedWastageReason));
                // The day's seat is promised again without the dose behind it: uncovered until new supply (as a loss is).
                await balance.ExecuteUpdateAsync(s => s
                    .SetProperty(b => b.Allocated, b => b.Allocated + 1)
                    .SetProperty(b => b.Administered, b => b.Administered - 1)
                    .SetProperty(b => b.Wasted, b => b.Wasted + 1)
                    .SetProperty(b => b.Uncovered, b => b.Allocated + 1 + b.Reserved - b.Supply > b.Uncovered ? b.Allocated + 1 + b.Reserved - b.Supply : b.Uncovered),
                    cancellationToken);
            }
            await db.Appointments.Where(a => a.Id == record.AppointmentId && a.State == AppointmentState.Administered)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.State, AppointmentState.CheckedIn), cancellationToken);
            if (record.DoseNumber >= product.DosesInSeries)
            {
                await db.People.Where(p => p.Id == record.PersonId && p.Status == PersonStatus.Vaccinated)
                    .ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, PersonStatus.Booked), cancellationToken);
            }
        }
        else if (record.DoseNumber == 1 && product.DosesInSeries >= 2 && product.DaysToNextDose is { } interval)
        {
            // A refused or not-given dose 1 gave back the dose held for dose 2 (and cancelled a dose-2
            // appointment). Undoing it holds a dose again, as a walk-in's dose 1 does, so a dose 1
            // given after the void still has its second dose; with none to hold, nothing changes.
            if (!await ledger.HoldSecondDoseAsync(clinic.Id, product.CvxCode, record.AppointmentId, actor, cancellationToken))
            {
                await transaction.RollbackAsync(cancellationToken);
                db.ChangeTracker.Clear();
                return new DeskRefusal("noDoseLeft",
                    $"No dose can be held at {clinic.Name} for this person's second dose, so this record cannot be voided now: every dose on hand is promised. Nothing was changed; ask for more supply or void it later.");
            }
            var earliest = day.Date.AddDays(interval);
            db.SecondDoseReservations.Add(new SecondDoseReservation(record.PersonId, record.AppointmentId, product.CvxCode, earliest, earliest.AddDays(42), now, clinic.Id));
            await db.People.Where(p => p.Id == record.PersonId && p.Status == PersonStatus.Waiting)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, PersonStatus.Booked), cancellationToken);
            heldForDoseTwo = true;
        }
        var tracked = await db.Administrations.SingleAsync(a => a.Id == record.Id, cancellationToken);
        tracked.Void(reason!, lead, now);
        audit.Record(actor, "administration.voided", "Administration", record.Id.ToString(), new
        {
            reason,
            returnToStock = record.Outcome == AdministrationOutcome.Given ? returned : (bool?)null,
            heldForDoseTwo,
            before = beforeView,
            after = Snapshot(tracked),
        });
        await registry.EnqueueAsync(tracked, Records.Hl7.VxuAction.Delete, now, cancellationToken);
        var saved = await SaveAsync(transaction, cancellationToken);
        return saved ?? (Result<AdministrationView>)await recording.DescribeAsync(tracked, cancellationToken);
    }

    private async Task<Error?> SaveAsync(Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            return new DeskRefusal("changed", "This record was changed at the same moment. Look at it again.");
        }
        await transaction.CommitAsync(cancellationToken);
        return null;
    }

    private async Task<Result<(Administration Record, ClinicDay Day, Clinic Clinic, VaccineProduct Product)>> LeadRecordAsync(ClaimsPrincipal user, Guid id,
        CancellationToken cancellationToken)
    {
        var record = await db.Administrations.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (record is null)
        {
            return new NotFoundError("There is no recorded dose with this id.");
        }
        var found = await access.DayAsync(user, record.ClinicDayId, cancellationToken);
        if (!found.Succeeded)
        {
            return found.Error!;
        }
        if (!await access.IsLeadAsync(user, record.ClinicId, cancellationToken))
        {
            return new NotALeadError();
        }
        var (day, clinic, product) = found.Value!;
        return (record, day, clinic, product);
    }

    private static string? Reason(string? value, ValidationErrors errors)
    {
        var reason = AdministrationCodes.CheckText(value, "reason", "reason", errors);
        if (reason is null)
        {
            errors.Add("reason", "Say why the record is changed: the audit log and the state registry keep it.");
        }
        return reason;
    }

    private static object Snapshot(Administration a) => new
    {
        lotId = a.StockLotId,
        lot = a.Lot,
        expiresOn = a.LotExpiresOn,
        route = a.Route,
        bodySite = a.BodySite,
        administeredAt = a.AdministeredAt,
        state = a.State.ToString().ToLowerInvariant(),
        version = a.Version,
    };
}
