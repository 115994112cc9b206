using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Audit;
using FairShot.Features.Invitations;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Backfill;

public sealed record BackfillRequest(IReadOnlyList<string>? Groups, int? Count, int? ExpiresInMinutes, Guid? RosterId = null);

public sealed record BackfillResponse(Guid WaveId, int Issued, int FreeSeats, DateTime ExpiresAt);

public sealed record AutofillRequest(bool? Enabled, int? StartDaysAhead);

/// <summary>
/// "Fill now": invitations for a day's free seats to the next eligible people in line, or only to
/// named groups — a priority group code (age-75-plus) or an occupation (law-enforcement, courts,
/// teacher), the people the health department would otherwise have e-mailed by hand. Open phases
/// only; each invitee gets their own personal link.
/// </summary>
public sealed class TargetedBackfill(FairShotDb db, InvitationWaves waves, AuditTrail audit, TimeProvider clock)
{
    public async Task<Result<BackfillResponse>> FillNowAsync(Actor actor, Guid clinicDayId, BackfillRequest request, CancellationToken cancellationToken)
    {
        var day = await db.ClinicDays.AsNoTracking().SingleOrDefaultAsync(d => d.Id == clinicDayId, cancellationToken);
        if (day is null)
        {
            return new NotFoundError("There is no clinic day with this id.");
        }
        var groups = (request.Groups ?? []).Select(g => g?.Trim() ?? "").Distinct().ToList();
        var knownGroups = await db.PriorityGroups.Select(g => g.Code).ToListAsync(cancellationToken);
        var errors = new ValidationErrors();
        if (groups.Count > 30 || groups.Any(g => !knownGroups.Contains(g) && !Vocabulary.Occupations.Contains(g)))
        {
            errors.Add("groups", "Name priority groups (" + string.Join(", ", knownGroups) + ") or occupations (" + string.Join(", ", Vocabulary.Occupations) + ").");
        }
        if (request.Count is < 1 or > InvitationWaves.MaxWave)
        {
            errors.Add("count", $"Invite between 1 and {InvitationWaves.MaxWave} people at a time.");
        }
        if (request.ExpiresInMinutes is < 10 or > 60 * 48)
        {
            errors.Add("expiresInMinutes", "A backfill invitation lasts between 10 minutes and 48 hours.");
        }
        if (request.RosterId is { } roster && !await db.Rosters.AnyAsync(r => r.Id == roster, cancellationToken))
        {
            errors.Add("rosterId", "There is no roster with this id.");
        }
        if (errors.Any)
        {
            return errors.ToError();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var bookableFrom = now + FillMonitor.TravelTime;
        var free = await db.Slots.Where(s => s.ClinicDayId == day.Id && s.StartsAt >= bookableFrom).SumAsync(s => (int?)(s.Capacity - s.Booked), cancellationToken) ?? 0;
        var outstanding = await db.Invitations.CountAsync(i => i.ClinicDayId == day.Id && i.State == InvitationState.Outstanding && i.ExpiresAt > now, cancellationToken);
        var acceptance = await waves.AcceptanceRateAsync(now, cancellationToken);
        var count = request.Count ?? InvitationWaves.SizeWave(free, outstanding, acceptance);
        if (free == 0)
        {
            count = 0; // never invite for seats that do not exist
        }
        var clinic = await db.Clinics.AsNoTracking().SingleAsync(c => c.Id == day.ClinicId, cancellationToken);
        var daysAhead = day.Date.DayNumber - clinic.Today(new DateTimeOffset(now, TimeSpan.Zero)).DayNumber;
        var lifetime = request.ExpiresInMinutes is { } minutes ? TimeSpan.FromMinutes(minutes) : FillMonitor.ExpiryFor(daysAhead);
        var waveId = Guid.CreateVersion7();
        System.Linq.Expressions.Expression<Func<Person, bool>>? only = (groups.Count, request.RosterId) switch
        {
            (0, null) => null,
            (0, { } r) => p => db.RosterMembers.Any(m => m.RosterId == r && m.PersonId == p.Id),
            (_, null) => p => groups.Contains(p.GroupCode) || groups.Contains(p.Occupation),
            (_, { } r) => p => (groups.Contains(p.GroupCode) || groups.Contains(p.Occupation)) && db.RosterMembers.Any(m => m.RosterId == r && m.PersonId == p.Id),
        };
        var issued = count == 0 ? 0 : await waves.IssueAsync(actor, waveId, request.RosterId is null ? InvitationKind.Backfill : InvitationKind.Roster, day, null, null, count, lifetime, now, cancellationToken, only);
        var capacity = await db.Slots.Where(s => s.ClinicDayId == day.Id).SumAsync(s => s.Capacity, cancellationToken);
        var booked = await db.Slots.Where(s => s.ClinicDayId == day.Id).SumAsync(s => s.Booked, cancellationToken);
        db.FillSnapshots.Add(new FillSnapshot(day.Id, now, capacity, booked, free, outstanding, Math.Round(acceptance, 3), issued, (int)lifetime.TotalMinutes,
            groups.Count == 0 && request.RosterId is null
                ? $"Fill now by staff: invited {issued} of the next people in line."
                : $"Fill now by staff for {string.Join(", ", groups.Concat(request.RosterId is null ? [] : ["a roster"]))}: invited {issued}."));
        audit.Record(actor, "backfill.requested", "ClinicDay", day.Id.ToString(), new { waveId, groups, roster = request.RosterId, requested = request.Count, issued, free, expiresInMinutes = (int)lifetime.TotalMinutes });
        await db.SaveChangesAsync(cancellationToken);
        return new BackfillResponse(waveId, issued, free, now + lifetime);
    }

    public async Task<Result<AutofillRequest>> SetAutofillAsync(Actor actor, Guid clinicDayId, AutofillRequest request, CancellationToken cancellationToken)
    {
        if (request.StartDaysAhead is < 0 or > 30)
        {
            return ValidationError.For("startDaysAhead", "Start between 0 (on the day) and 30 days ahead.");
        }
        var day = await db.ClinicDays.SingleOrDefaultAsync(d => d.Id == clinicDayId, cancellationToken);
        if (day is null)
        {
            return new NotFoundError("There is no clinic day with this id.");
        }
        day.SetAutofill(request.Enabled, request.StartDaysAhead);
        audit.Record(actor, "autofill.set", "ClinicDay", day.Id.ToString(), new { request.Enabled, request.StartDaysAhead });
        await db.SaveChangesAsync(cancellationToken);
        return request;
    }

    public async Task<Result<AutofillRequest>> SetCountyDefaultAsync(Actor actor, AutofillRequest request, CancellationToken cancellationToken)
    {
        if (request.Enabled is null || request.StartDaysAhead is null or < 0 or > 30)
        {
            return ValidationError.For("startDaysAhead", "Give enabled (true or false) and startDaysAhead between 0 and 30.");
        }
        var county = await db.CountySettings.SingleAsync(cancellationToken);
        county.SetAutofillDefault(request.Enabled.Value, request.StartDaysAhead.Value);
        audit.Record(actor, "autofill.default-set", "CountySettings", county.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), request);
        await db.SaveChangesAsync(cancellationToken);
        return request;
    }
}
