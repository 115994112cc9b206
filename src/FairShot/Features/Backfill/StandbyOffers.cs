using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Audit;
using FairShot.Features.Invitations;
using FairShot.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Backfill;

public sealed record StandbyRequest(IReadOnlyList<Guid>? ClinicIds);

public sealed record OfferRequest(int? Seats, int? ExpiresInMinutes);

public sealed record LeftoverRequest(int? Doses);

public sealed record OfferResponse(Guid WaveId, int Seats, int Offered, DateTime ExpiresAt);

/// <summary>
/// Short-notice offers to people on standby for a clinic ("I can come within an hour"): in line
/// order, several people per free seat, each with a personal invitation of a few minutes. Whoever
/// confirms first (same code and date-of-birth proof) gets the seat through the ordinary booking
/// transaction, which cannot overbook; when the day has no free seat left, every other outstanding
/// offer is withdrawn and its holder told the seat is gone.
/// </summary>
public sealed class StandbyOffers(FairShotDb db, InvitationWaves waves, AuditTrail audit, Notifier notifier, TimeProvider clock)
{
    public const int PeoplePerSeat = 4;
    public const int DefaultExpiryMinutes = 20;

    public async Task<Result<int>> SetStandbyAsync(Actor actor, Guid personId, StandbyRequest request, CancellationToken ct)
    {
        var person = await db.People.SingleOrDefaultAsync(p => p.Id == personId, ct);
        if (person is null)
        {
            return new NotFoundError("There is no registration with this id.");
        }
        var ids = (request.ClinicIds ?? []).Distinct().ToList();
        if (ids.Count > 20 || await db.Clinics.CountAsync(c => ids.Contains(c.Id), ct) != ids.Count)
        {
            return ValidationError.For("clinicIds", "Choose clinics from the list (at most 20).");
        }
        person.SetStandby(ids, clock.GetUtcNow().UtcDateTime);
        audit.Record(actor, ids.Count == 0 ? "standby.left" : "standby.joined", "Person", person.Id.ToString(), new { clinics = ids });
        await db.SaveChangesAsync(ct);
        return ids.Count;
    }

    public async Task<Result<OfferResponse>> OfferAsync(Actor actor, Guid clinicDayId, OfferRequest request, CancellationToken ct)
    {
        if (request.Seats is < 1 or > 500)
        {
            return ValidationError.For("seats", "Offer between 1 and 500 seats.");
        }
        if (request.ExpiresInMinutes is < 5 or > 120)
        {
            return ValidationError.For("expiresInMinutes", "A standby offer lasts between 5 and 120 minutes.");
        }
        var day = await db.ClinicDays.AsNoTracking().SingleOrDefaultAsync(d => d.Id == clinicDayId, ct);
        if (day is null)
        {
            return new NotFoundError("There is no clinic day with this id.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var free = await FreeSeatsAsync(day.Id, now, ct);
        var seats = Math.Min(request.Seats ?? free, free);
        var lifetime = TimeSpan.FromMinutes(request.ExpiresInMinutes ?? DefaultExpiryMinutes);
        var waveId = Guid.CreateVersion7();
        var marker = "," + day.ClinicId + ",";
        var offered = 0;
        for (var attempt = 1; seats > 0; attempt++)
        {
            try
            {
                offered = await waves.IssueAsync(actor, waveId, InvitationKind.Standby, day, null, null, seats * PeoplePerSeat, lifetime, now, ct,
                    p => p.StandbyClinics.Contains(marker));
                break;
            }
            catch (DbUpdateException) when (attempt < ConcurrentAttempts)
            {
                // Another offer at the same moment invited the same people first (one live invitation
                // per person and dose); the next try passes over them.
                db.ChangeTracker.Clear();
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
                return new ConflictError("Other offers for this clinic went out at the same moment. Offer the free seats again from the fill board.");
            }
        }
        audit.Record(actor, "standby.offered", "ClinicDay", day.Id.ToString(), new { waveId, seats, offered, expiresInMinutes = (int)lifetime.TotalMinutes });
        await db.SaveChangesAsync(ct);
        return new OfferResponse(waveId, seats, offered, now + lifetime);
    }

    /// <summary>How many times a step that can collide with the same step at the same moment is tried.</summary>
    private const int ConcurrentAttempts = 4;

    /// <summary>
    /// Doses left in opened vials at the end of the day: seats in a closing slot, offered to standby
    /// at once. Only on the clinic day itself (the clinic's own date), so nobody adds seats to
    /// another day ahead of time. The caller has backed every one of these seats with a dose of the
    /// day (<see cref="Vaccination.EndOfDay"/>, the only caller): this adds seats, not doses.
    /// </summary>
    public async Task<Result<OfferResponse>> LeftoverDosesAsync(Actor actor, Guid clinicDayId, LeftoverRequest request, CancellationToken ct)
    {
        if (request.Doses is not (>= 1 and <= 100))
        {
            return ValidationError.For("doses", "Enter how many doses are left in opened vials (1 to 100).");
        }
        var found = await (from d in db.ClinicDays.AsNoTracking()
                           join c in db.Clinics.AsNoTracking() on d.ClinicId equals c.Id
                           where d.Id == clinicDayId
                           select new { Day = d, Clinic = c }).SingleOrDefaultAsync(ct);
        if (found is null)
        {
            return new NotFoundError("There is no clinic day with this id.");
        }
        var (day, clinic) = (found.Day, found.Clinic);
        var now = clock.GetUtcNow();
        var today = clinic.Today(now);
        if (day.Date != today)
        {
            return new ConflictError($"Leftover doses are reported on the clinic day itself. This day is {day.Date:yyyy-MM-dd}; today at {clinic.Name} is {today:yyyy-MM-dd}.");
        }
        var added = await AddToClosingSlotAsync(actor, day, clinic, request.Doses.Value, now.UtcDateTime, ct);
        if (added is not null)
        {
            return added;
        }
        return await OfferAsync(actor, day.Id, new OfferRequest(request.Doses, DefaultExpiryMinutes), ct);
    }

    /// <summary>
    /// The doses become seats in the day's closing slot: the one after the planned hours that people
    /// can still reach in time, made by the first report and grown by later ones with a conditional
    /// update (Capacity + doses), together with the audit entry in one transaction. Two first reports
    /// at the same moment both insert a slot at the same start; the unique index on (day, start) lets
    /// one in, and the other, on its next try, adds its doses to that slot. So every dose reported
    /// becomes exactly one seat, whatever the concurrency; returns an error only when the tries run out.
    /// </summary>
    private async Task<Error?> AddToClosingSlotAsync(Actor actor, ClinicDay day, Clinic clinic, int doses, DateTime now, CancellationToken ct)
    {
        var plannedEnd = clinic.Clock.ToUtc(NodaTime.LocalDate.FromDateOnly(day.Date), NodaTime.LocalTime.FromTimeOnly(day.ClosesAt));
        var reachable = WholeMinute(now + FillMonitor.TravelTime);
        for (var attempt = 1; attempt <= ConcurrentAttempts; attempt++)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            try
            {
                var open = await db.Slots.Where(s => s.ClinicDayId == day.Id && s.StartsAt >= plannedEnd && s.StartsAt >= reachable)
                    .OrderByDescending(s => s.StartsAt).Select(s => (Guid?)s.Id).FirstOrDefaultAsync(ct);
                Guid slotId;
                if (open is { } id && await db.Slots.Where(s => s.Id == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Capacity, x => x.Capacity + doses), ct) == 1)
                {
                    slotId = id;
                }
                else
                {
                    // The start depends only on the planned slots and the time, never on other closing
                    // slots, so two reports at the same moment pick the same start and meet at the index.
                    var plannedLastEnd = await db.Slots.Where(s => s.ClinicDayId == day.Id && s.StartsAt < plannedEnd).MaxAsync(s => (DateTime?)s.EndsAt, ct) ?? plannedEnd;
                    var slot = day.ClosingSlot(WholeMinute(plannedLastEnd > reachable ? plannedLastEnd : reachable), doses);
                    db.Slots.Add(slot);
                    slotId = slot.Id;
                }
                audit.Record(actor, "leftover-doses.reported", "ClinicDay", day.Id.ToString(), new { doses, slot = slotId, addedToClosingSlot = open is not null });
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return null;
            }
            catch (DbUpdateException)
            {
                // The closing slot was made by a report at the same moment: try again, adding to it.
                await transaction.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
            }
        }
        return new ConflictError("Colleagues reported leftover doses for this day at the same moment. Look at the day, then report these doses again.");
    }

    private static DateTime WholeMinute(DateTime at) => new(at.Ticks - at.Ticks % TimeSpan.TicksPerMinute, DateTimeKind.Utc);

    /// <summary>After a standby booking: when no seat is left, withdraw the other offers and tell their holders.</summary>
    public async Task CloseIfFullAsync(Guid clinicDayId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (await FreeSeatsAsync(clinicDayId, now, ct) > 0)
        {
            return;
        }
        var open = await (from i in db.Invitations
                          join p in db.People on i.PersonId equals p.Id
                          where i.ClinicDayId == clinicDayId && i.Kind == InvitationKind.Standby && i.State == InvitationState.Outstanding && i.ExpiresAt > now
                          select new { i.Id, p.FirstName, p.Email, p.Phone, p.Language }).ToListAsync(ct);
        if (open.Count == 0)
        {
            return;
        }
        var clinic = await (from d in db.ClinicDays join c in db.Clinics on d.ClinicId equals c.Id where d.Id == clinicDayId select c.Name).SingleAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var offer in open)
        {
            var withdrawn = await db.Invitations.Where(i => i.Id == offer.Id && i.State == InvitationState.Outstanding)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.State, InvitationState.Revoked).SetProperty(i => i.RevokedAt, now), ct);
            if (withdrawn == 1)
            {
                notifier.Queue(offer.Email is not null ? NotificationChannel.Email : NotificationChannel.Sms, offer.Email ?? offer.Phone!, offer.Language,
                    NotificationTemplates.StandbyGone, w => w.StandbyGoneMessage(offer.FirstName, clinic));
            }
        }
        audit.Record(Actor.System, "standby.closed", "ClinicDay", clinicDayId.ToString(), new { withdrawn = open.Count });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    private async Task<int> FreeSeatsAsync(Guid clinicDayId, DateTime now, CancellationToken ct) =>
        await db.Slots.Where(s => s.ClinicDayId == clinicDayId && s.StartsAt > now).SumAsync(s => (int?)(s.Capacity - s.Booked), ct) ?? 0;
}
