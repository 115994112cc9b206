using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Booking;
using FairShot.Features.Shared;
using FairShot.Features.Shared.Languages;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Booking;

/// <summary>One free time, as a tile shows it: the clinic's wall-clock time.</summary>
public sealed record SlotTile(Guid Id, string Time);

/// <summary>The free times of one clinic day, under the day's name and the clinic's.</summary>
public sealed record SlotDay(Guid ClinicDayId, string Heading, string Clinic, string Address, IReadOnlyList<SlotTile> Times);

/// <summary>What the slot tiles partial needs: the days, the chosen slot (after an error), and whether the field has an error.</summary>
public sealed record SlotTiles(IReadOnlyList<SlotDay> Days, string? SlotId, bool HasError);

/// <summary>
/// Free slots grouped into days for a resident to choose from, each time in its clinic's own time
/// zone (a clinic in Phoenix and one in St. Louis each show their local clock), days in order.
/// </summary>
public static class SlotChoices
{
    public static async Task<IReadOnlyList<SlotDay>> GroupAsync(FairShotDb db, IReadOnlyList<OpenSlot> slots, IWords text, CancellationToken cancellationToken)
    {
        var dayIds = slots.Select(s => s.ClinicDayId).Distinct().ToList();
        var days = await (from d in db.ClinicDays.AsNoTracking()
                          join c in db.Clinics.AsNoTracking() on d.ClinicId equals c.Id
                          where dayIds.Contains(d.Id)
                          select new { d.Id, d.Date, c.Name, c.Address, c.TimeZoneId }).ToDictionaryAsync(d => d.Id, cancellationToken);
        return slots.GroupBy(s => s.ClinicDayId)
            .Select(g =>
            {
                var day = days[g.Key];
                var clock = ClinicClock.For(day.TimeZoneId);
                var tiles = g.OrderBy(s => s.StartsAt)
                    .Select(s => new SlotTile(s.Id, text.Time(clock.Local(s.StartsAt).TimeOfDay.ToTimeOnly())))
                    .ToList();
                return (First: g.Min(s => s.StartsAt), Day: new SlotDay(g.Key, text.WeekdayDate(day.Date), day.Name, day.Address, tiles));
            })
            .OrderBy(x => x.First)
            .Select(x => x.Day)
            .ToList();
    }
}
