using System.Globalization;
using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Audit;
using FairShot.Features.Supply;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Vaccination;

public sealed record NoShowRound(int Marked, int SecondDosesCancelled, int HoldsReleased);

public sealed record NoShowRulesRequest(int? GraceMinutes, bool? Reinvite);

/// <summary>
/// Appointments still booked when their slot ended plus the county's grace period
/// (<see cref="CountySettings.NoShowGraceMinutes"/>) become no-shows. Each round is claimed in the
/// database for its minute (<see cref="JobRuns"/>), and every step is a conditional update, so with
/// several instances, or a round overlapping the next, each appointment is marked once and its seat
/// given back once. A dose-1 no-show also cancels the dose-2 appointment booked with it (its seat
/// back) or its dose-2 reservation (the dose held for it released), and the person goes back in line
/// to be invited again (<see cref="CountySettings.ReinviteNoShows"/>) or, when the county does not
/// re-invite, is set <see cref="PersonStatus.Withdrawn"/>: out of every wave until staff register
/// them again. A dose-2 no-show keeps the person's status (their dose 1 was given) for staff to
/// rebook. The day's doses stay allocated to the day: they are what walk-ins and standby are given;
/// a past day's unused doses are released by the ledger's lazy release. One audit entry per no-show.
/// </summary>
public sealed class NoShows(FairShotDb db, JobRuns runs, SupplyLedger supply, AuditTrail audit, TimeProvider clock, ILogger<NoShows> logger)
{
    public const string JobName = "clinic.no-shows";
    public const int BatchSize = 200;

    /// <summary>One round; null when another instance has this minute.</summary>
    public async Task<NoShowRound?> RunRoundAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var run = await runs.TryClaimAsync(JobName, now.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture), ct);
        if (run is null)
        {
            return null;
        }
        var total = new NoShowRound(0, 0, 0);
        NoShowRound batch;
        do
        {
            batch = await MarkBatchAsync(now, ct);
            total = new NoShowRound(total.Marked + batch.Marked, total.SecondDosesCancelled + batch.SecondDosesCancelled, total.HoldsReleased + batch.HoldsReleased);
        }
        while (batch.Marked == BatchSize);
        await runs.FinishAsync(run, $"no-shows {total.Marked}, dose-2 appointments cancelled {total.SecondDosesCancelled}, holds released {total.HoldsReleased}", ct);
        if (total.Marked > 0)
        {
            logger.LogInformation("Marked {Count} no-shows.", total.Marked);
        }
        return total;
    }

    /// <summary>Up to <see cref="BatchSize"/> due appointments, in one transaction.</summary>
    private async Task<NoShowRound> MarkBatchAsync(DateTime now, CancellationToken ct)
    {
        var county = await db.CountySettings.AsNoTracking().FirstOrDefaultAsync(ct);
        var grace = TimeSpan.FromMinutes(county?.NoShowGraceMinutes ?? 60);
        var reinvite = county?.ReinviteNoShows ?? true;
        var endedBefore = now - grace;
        var due = await (from a in db.Appointments.AsNoTracking()
                         join s in db.Slots.AsNoTracking() on a.SlotId equals s.Id
                         where a.State == AppointmentState.Booked && s.EndsAt <= endedBefore
                         orderby s.EndsAt
                         select new { a.Id, a.SlotId, a.PersonId, a.DoseNumber, a.ClinicDayId }).Take(BatchSize).ToListAsync(ct);
        if (due.Count == 0)
        {
            return new NoShowRound(0, 0, 0);
        }
        int marked = 0, cancelled = 0, released = 0;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var a in due)
        {
            var changed = await db.Appointments.Where(x => x.Id == a.Id && x.State == AppointmentState.Booked)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.State, AppointmentState.NoShow).SetProperty(x => x.NoShowAt, now), ct);
            if (changed != 1)
            {
                continue; // checked in, cancelled or marked by someone else meanwhile
            }
            marked++;
            await db.Slots.Where(s => s.Id == a.SlotId && s.Booked > 0).ExecuteUpdateAsync(s => s.SetProperty(x => x.Booked, x => x.Booked - 1), ct);
            string? secondDose = null;
            string? person = null;
            if (a.DoseNumber == 1)
            {
                var seconds = await db.Appointments.AsNoTracking()
                    .Where(x => x.PreviousDoseAppointmentId == a.Id && x.State == AppointmentState.Booked).Select(x => new { x.Id, x.SlotId }).ToListAsync(ct);
                foreach (var second in seconds)
                {
                    if (await db.Appointments.Where(x => x.Id == second.Id && x.State == AppointmentState.Booked)
                            .ExecuteUpdateAsync(s => s.SetProperty(x => x.State, AppointmentState.Cancelled).SetProperty(x => x.CancelledAt, now), ct) == 1)
                    {
                        await db.Slots.Where(s => s.Id == second.SlotId && s.Booked > 0).ExecuteUpdateAsync(s => s.SetProperty(x => x.Booked, x => x.Booked - 1), ct);
                        cancelled++;
                        secondDose = "appointment-cancelled";
                    }
                }
                var reservation = await db.SecondDoseReservations.AsNoTracking()
                    .SingleOrDefaultAsync(r => r.FirstDoseAppointmentId == a.Id && r.State == ReservationState.Waiting, ct);
                if (reservation is not null && await db.SecondDoseReservations.Where(r => r.Id == reservation.Id && r.State == ReservationState.Waiting)
                        .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, ReservationState.Cancelled), ct) == 1)
                {
                    await supply.ReleaseSecondDoseHoldAsync(reservation, Actor.System, ct);
                    released += reservation.HeldAtClinicId is null ? 0 : 1;
                    secondDose = "reservation-cancelled";
                }
                var status = reinvite ? PersonStatus.Waiting : PersonStatus.Withdrawn;
                if (await db.People.Where(p => p.Id == a.PersonId && p.Status == PersonStatus.Booked)
                        .ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, status), ct) == 1)
                {
                    person = reinvite ? "back-in-line" : "withdrawn";
                }
            }
            audit.Record(Actor.System, "appointment.no-show", "Appointment", a.Id.ToString(), new
            {
                clinicDay = a.ClinicDayId,
                slot = a.SlotId,
                dose = a.DoseNumber,
                graceMinutes = (int)grace.TotalMinutes,
                secondDose,
                person,
            });
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new NoShowRound(marked, cancelled, released);
    }

    /// <summary>The county's no-show rules: grace minutes after a slot ends, and whether no-shows are invited again.</summary>
    public async Task<Result<NoShowRulesRequest>> SetRulesAsync(Actor actor, NoShowRulesRequest request, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (request.GraceMinutes is not (>= 0 and <= CountySettings.MaxNoShowGraceMinutes))
        {
            errors.Add("graceMinutes", $"Give the minutes after a slot ends before a booked appointment is a no-show, 0 to {CountySettings.MaxNoShowGraceMinutes}.");
        }
        if (request.Reinvite is null)
        {
            errors.Add("reinvite", "Say whether people who missed their first dose go back in line to be invited again (true or false).");
        }
        if (errors.Any)
        {
            return errors.ToError();
        }
        var county = await db.CountySettings.SingleAsync(ct);
        county.SetNoShowRules(request.GraceMinutes!.Value, request.Reinvite!.Value);
        audit.Record(actor, "no-shows.rules-set", "CountySettings", county.Id.ToString(CultureInfo.InvariantCulture), request);
        await db.SaveChangesAsync(ct);
        return request;
    }

    public async Task<NoShowRulesRequest> RulesAsync(CancellationToken ct)
    {
        var county = await db.CountySettings.AsNoTracking().FirstOrDefaultAsync(ct);
        return new NoShowRulesRequest(county?.NoShowGraceMinutes ?? 60, county?.ReinviteNoShows ?? true);
    }
}

internal sealed class NoShowService(IServiceScopeFactory scopes, TimeProvider clock, ILogger<NoShowService> logger) : Platform.RepeatingService(clock, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> RunRoundAsync(CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<NoShows>().RunRoundAsync(stoppingToken);
        return false;
    }
}
