using System.Globalization;
using FairShot.Data;
using FairShot.Domain;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Supply;

public sealed record PhaseProjection(string Code, string Name, bool Open, int Waiting, int WaitingThroughPhase, int? Weeks, DateOnly? ByWeekOf);

public sealed record Projection(DateOnly WeekOf, string Basis, int WeeklySupply, int AllocationWeeks, int SecondDosesOwed, double DosesPerPerson,
    IReadOnlyList<PhaseProjection> Phases, string Explanation);

public sealed record WeekSupply(DateOnly WeekOf, int Received, int Allocated, int Administered, int Wasted);

/// <summary>
/// How long the people waiting in the open phases (and the next one) wait for a first dose.
/// Weekly supply is the average of the entered weekly allocations (all products, per week); with
/// none entered, the doses on hand and expected at every clinic are taken as one week's supply.
/// The second doses already owed (waiting dose-2 holds and booked dose-2 appointments) come off the
/// top; then every person offered a first dose costs the doses of a full series (the average series
/// length of the products allocated, or in stock), so their second dose is counted too. Phases are
/// served in rank order: a phase's weeks are those needed for everyone in it and in the phases before.
/// </summary>
public sealed class SupplyProjection(FairShotDb db, TimeProvider clock)
{
    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task<Projection> ProjectAsync(CancellationToken cancellationToken)
    {
        var today = Today;
        var week = Allocations.MondayOf(today);
        var products = await db.Products.AsNoTracking().ToDictionaryAsync(p => p.CvxCode, p => Math.Max(1, p.DosesInSeries), cancellationToken);
        var allocations = await db.WeeklyAllocations.AsNoTracking().Select(a => new { a.WeekOf, a.ProductCvx, a.Doses }).ToListAsync(cancellationToken);
        string basis;
        int weekly;
        double perPerson;
        var weeks = allocations.Select(a => a.WeekOf).Distinct().Count();
        if (weeks > 0)
        {
            basis = "allocations";
            weekly = (int)Math.Round(allocations.Sum(a => (double)a.Doses) / weeks, MidpointRounding.AwayFromZero);
            perPerson = Weighted(allocations.Select(a => (a.ProductCvx, a.Doses)), products);
        }
        else
        {
            basis = "stock";
            var lots = await db.StockLots.AsNoTracking().Where(l => l.OnHand > 0 && l.ExpiresOn >= today)
                .GroupBy(l => l.ProductCvx).Select(g => new { Cvx = g.Key, Doses = g.Sum(l => l.OnHand) }).ToListAsync(cancellationToken);
            weekly = lots.Sum(l => l.Doses);
            perPerson = Weighted(lots.Select(l => (l.Cvx, l.Doses)), products);
        }
        var owed = await db.SecondDoseReservations.AsNoTracking().CountAsync(r => r.State == ReservationState.Waiting, cancellationToken)
            + await (from a in db.Appointments.AsNoTracking()
                     join d in db.ClinicDays.AsNoTracking() on a.ClinicDayId equals d.Id
                     where a.DoseNumber == 2 && a.State == AppointmentState.Booked && d.Date >= today
                     select a.Id).CountAsync(cancellationToken);

        var phases = await db.Phases.AsNoTracking().OrderBy(p => p.Rank).ToListAsync(cancellationToken);
        var open = phases.Where(p => p.IsOpen).ToList();
        var lastOpenRank = open.Count == 0 ? int.MinValue : open.Max(p => p.Rank);
        var next = phases.FirstOrDefault(p => !p.IsOpen && p.Rank > lastOpenRank);
        var shown = open.Concat(next is null ? [] : [next]).ToList();
        var codes = shown.Select(p => p.Code).ToList();
        var waiting = await db.People.AsNoTracking().Where(p => p.Status == PersonStatus.Waiting && codes.Contains(p.PhaseCode))
            .GroupBy(p => p.PhaseCode).Select(g => new { Code = g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Code, x => x.Count, cancellationToken);

        var rows = new List<PhaseProjection>();
        var through = 0;
        foreach (var phase in shown)
        {
            var count = waiting.GetValueOrDefault(phase.Code);
            through += count;
            int? needed = weekly <= 0 ? null : (int)Math.Ceiling((owed + through * perPerson) / weekly);
            rows.Add(new PhaseProjection(phase.Code, phase.Name, phase.IsOpen, count, through, needed, needed is { } n ? week.AddDays(7 * n) : null));
        }
        var explanation = basis == "allocations"
            ? string.Create(CultureInfo.InvariantCulture, $"{weekly:N0} doses a week: the average of {weeks} entered weekly allocations.")
            : string.Create(CultureInfo.InvariantCulture, $"No weekly allocation has been entered: the {weekly:N0} doses on hand and expected are taken as one week's supply.");
        explanation += string.Create(CultureInfo.InvariantCulture,
            $" {owed:N0} second doses already owed come first; each person then needs {perPerson:0.#} doses (a full series). Phases are served in order.");
        return new Projection(week, basis, weekly, weeks, owed, perPerson, rows, explanation);
    }

    /// <summary>Doses received (by the day they arrive), allocated and given (by clinic-day date), and wasted, per week.</summary>
    public async Task<IReadOnlyList<WeekSupply>> WeeksAsync(DateOnly from, int count, CancellationToken cancellationToken)
    {
        var start = Allocations.MondayOf(from);
        var end = start.AddDays(7 * count);
        var startAt = start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var endAt = end.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var received = await (from m in db.StockMovements.AsNoTracking()
                              join l in db.StockLots.AsNoTracking() on m.LotId equals l.Id
                              where m.Kind == StockMovementKind.Received && l.AvailableFrom >= start && l.AvailableFrom < end
                              group m by l.AvailableFrom into g
                              select new { Date = g.Key, Doses = g.Sum(m => m.Doses) }).ToListAsync(cancellationToken);
        var days = await db.ClinicDays.AsNoTracking().Where(d => d.Date >= start && d.Date < end)
            .GroupBy(d => d.Date).Select(g => new { Date = g.Key, Allocated = g.Sum(d => d.DosesAllocated), Administered = g.Sum(d => d.DosesAdministered) })
            .ToListAsync(cancellationToken);
        var wasted = await db.StockMovements.AsNoTracking().Where(m => m.Kind == StockMovementKind.Wasted && m.At >= startAt && m.At < endAt)
            .Select(m => new { m.At, m.Doses }).ToListAsync(cancellationToken);
        return Enumerable.Range(0, count).Select(i =>
        {
            var w = start.AddDays(7 * i);
            bool In(DateOnly d) => d >= w && d < w.AddDays(7);
            return new WeekSupply(w,
                received.Where(r => In(r.Date)).Sum(r => r.Doses),
                days.Where(d => In(d.Date)).Sum(d => d.Allocated),
                days.Where(d => In(d.Date)).Sum(d => d.Administered),
                wasted.Where(x => In(DateOnly.FromDateTime(x.At))).Sum(x => x.Doses));
        }).ToList();
    }

    private static double Weighted(IEnumerable<(string Cvx, int Doses)> doses, IReadOnlyDictionary<string, int> series)
    {
        var list = doses.ToList();
        var total = list.Sum(d => (double)d.Doses);
        if (total <= 0)
        {
            return list.Count == 0 ? 2 : list.Average(d => series.GetValueOrDefault(d.Cvx, 2));
        }
        return Math.Round(list.Sum(d => d.Doses * (double)series.GetValueOrDefault(d.Cvx, 2)) / total, 2);
    }
}
