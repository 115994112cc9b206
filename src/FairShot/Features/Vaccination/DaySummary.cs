using System.Security.Claims;
using FairShot.Data;
using FairShot.Domain;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Vaccination;

/// <summary>
/// The day's totals. <c>Booked</c> counts every appointment of the day that was not cancelled (walk-ins
/// too); <c>CheckedIn</c> those that were checked in at some point (vaccinated ones included);
/// <c>Vaccinated</c>, <c>Refused</c> and <c>NotGiven</c> the live records; doses come from the day's
/// counters, the ledger (wasted) and the opened vials.
/// </summary>
public sealed record DayTotals(int Booked, int CheckedIn, int Vaccinated, int Refused, int NotGiven, int NoShows, int WalkIns, int Cancelled,
    int DosesAllocated, int DosesAdministered, int DosesWasted, int DosesLeftInOpenedVials);

/// <summary>One clinic-local hour of the day's slots.</summary>
public sealed record HourTotals(string Hour, int Booked, int CheckedIn, int Vaccinated, int Refused, int NoShows, int WalkIns);

public sealed record DaySummaryView(DeskDay Day, DayTotals Totals, IReadOnlyList<HourTotals> PerHour);

public sealed class DaySummary(FairShotDb db, DeskAccess access, OpenedVials vials, TimeProvider clock)
{
    public async Task<Result<DaySummaryView>> OfAsync(ClaimsPrincipal user, Guid dayId, CancellationToken cancellationToken)
    {
        var found = await access.DayAsync(user, dayId, cancellationToken);
        if (!found.Succeeded)
        {
            return found.Error!;
        }
        var (day, clinic, product) = found.Value!;
        var rows = await (from a in db.Appointments.AsNoTracking()
                          join s in db.Slots.AsNoTracking() on a.SlotId equals s.Id
                          where a.ClinicDayId == dayId
                          select new { a.Id, a.State, a.Channel, a.CheckedInAt, s.StartsAt }).ToListAsync(cancellationToken);
        var records = (await db.Administrations.AsNoTracking().Where(x => x.ClinicDayId == dayId && x.State != AdministrationState.Voided)
                .Select(x => new { x.AppointmentId, x.Outcome }).ToListAsync(cancellationToken))
            .GroupBy(x => x.AppointmentId).ToDictionary(g => g.Key, g => g.First().Outcome);
        var wasted = await db.StockMovements.AsNoTracking().Where(m => m.ClinicDayId == dayId && m.Kind == StockMovementKind.Wasted)
            .SumAsync(m => m.Doses, cancellationToken);
        var left = await vials.DosesLeftAsync(dayId, clock.GetUtcNow().UtcDateTime, cancellationToken);

        var live = rows.Where(r => r.State != AppointmentState.Cancelled).ToList();
        int With(IEnumerable<Guid> ids, AdministrationOutcome outcome) => ids.Count(id => records.TryGetValue(id, out var o) && o == outcome);
        var totals = new DayTotals(
            live.Count,
            live.Count(r => r.CheckedInAt is not null),
            With(rows.Select(r => r.Id), AdministrationOutcome.Given),
            With(rows.Select(r => r.Id), AdministrationOutcome.Refused),
            With(rows.Select(r => r.Id), AdministrationOutcome.NotGiven),
            rows.Count(r => r.State == AppointmentState.NoShow),
            live.Count(r => r.Channel == AppointmentChannel.WalkIn),
            rows.Count(r => r.State == AppointmentState.Cancelled),
            day.DosesAllocated, day.DosesAdministered, wasted, left);

        var hours = await db.Slots.AsNoTracking().Where(s => s.ClinicDayId == dayId).Select(s => s.StartsAt).ToListAsync(cancellationToken);
        string HourOf(DateTime utc) => clinic.Clock.Local(utc).Hour.ToString("D2", System.Globalization.CultureInfo.InvariantCulture) + ":00";
        var perHour = hours.Select(HourOf).Distinct().Order(StringComparer.Ordinal).Select(hour =>
        {
            var inHour = rows.Where(r => HourOf(r.StartsAt) == hour).ToList();
            var liveInHour = inHour.Where(r => r.State != AppointmentState.Cancelled).ToList();
            return new HourTotals(hour, liveInHour.Count, liveInHour.Count(r => r.CheckedInAt is not null),
                With(inHour.Select(r => r.Id), AdministrationOutcome.Given), With(inHour.Select(r => r.Id), AdministrationOutcome.Refused),
                inHour.Count(r => r.State == AppointmentState.NoShow), liveInHour.Count(r => r.Channel == AppointmentChannel.WalkIn));
        }).ToList();
        return new DaySummaryView(new DeskDay(day.Id, day.Date, clinic.Id, clinic.Name, product.CvxCode, product.Name), totals, perHour);
    }
}
