using System.Security.Claims;
using FairShot.Data;
using FairShot.Domain;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Vaccination;

public sealed record DeskDay(Guid Id, DateOnly Date, Guid ClinicId, string ClinicName, string ProductCvx, string ProductName);

public sealed record QueueCounts(int Booked, int CheckedIn, int Vaccinated, int NoShow, int Cancelled);

/// <summary>One line of the queue: never the date of birth or a contact.</summary>
public sealed record QueueEntry(Guid AppointmentId, DateTimeOffset StartsAt, string Time, string Name, int DoseNumber, string State, string ConfirmationCode, string Channel);

public sealed record DayQueueView(DeskDay Day, QueueCounts Counts, IReadOnlyList<QueueEntry> Appointments);

/// <summary>The day's queue at the door: who is coming, in slot order, found by name or confirmation code.</summary>
public sealed class DayQueue(FairShotDb db, DeskAccess access)
{
    public const int QueryMaxLength = 100;

    public static readonly IReadOnlyDictionary<string, AppointmentState> States = new Dictionary<string, AppointmentState>(StringComparer.OrdinalIgnoreCase)
    {
        ["booked"] = AppointmentState.Booked,
        ["checkedIn"] = AppointmentState.CheckedIn,
        ["vaccinated"] = AppointmentState.Administered,
        ["noShow"] = AppointmentState.NoShow,
        ["cancelled"] = AppointmentState.Cancelled,
    };

    public async Task<Result<DayQueueView>> ListAsync(ClaimsPrincipal user, Guid dayId, string? state, string? q, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        AppointmentState? wanted = null;
        if (!string.IsNullOrWhiteSpace(state))
        {
            if (States.TryGetValue(state.Trim(), out var s))
            {
                wanted = s;
            }
            else
            {
                errors.Add("state", "Filter by one of: booked, checkedIn, vaccinated, noShow, cancelled.");
            }
        }
        var text = q?.Trim() ?? "";
        if (text.Length > QueryMaxLength)
        {
            errors.Add("q", $"Search with at most {QueryMaxLength} characters: part of a name or the confirmation code.");
        }
        if (errors.Any)
        {
            return errors.ToError();
        }
        var found = await access.DayAsync(user, dayId, cancellationToken);
        if (!found.Succeeded)
        {
            return found.Error!;
        }
        var (day, clinic, product) = found.Value!;

        var rows = await (from a in db.Appointments.AsNoTracking()
                          join s in db.Slots.AsNoTracking() on a.SlotId equals s.Id
                          join p in db.People.AsNoTracking() on a.PersonId equals p.Id
                          where a.ClinicDayId == dayId
                          select new { a.Id, s.StartsAt, p.FirstName, p.LastName, p.NormalizedName, a.DoseNumber, a.State, a.ConfirmationCode, a.Channel })
            .ToListAsync(cancellationToken);
        var counts = new QueueCounts(
            rows.Count(r => r.State == AppointmentState.Booked),
            rows.Count(r => r.State == AppointmentState.CheckedIn),
            rows.Count(r => r.State == AppointmentState.Administered),
            rows.Count(r => r.State == AppointmentState.NoShow),
            rows.Count(r => r.State == AppointmentState.Cancelled));

        var name = text.Length == 0 ? "" : Person.NormalizeName(text, "");
        var code = text.ToUpperInvariant();
        var shown = rows
            .Where(r => wanted is null || r.State == wanted)
            .Where(r => text.Length == 0 || r.ConfirmationCode == code || (name.Length > 0 && r.NormalizedName.Contains(name, StringComparison.Ordinal)))
            .Select(r => new QueueEntry(r.Id, DeskAccess.AtClinic(clinic, r.StartsAt), DeskAccess.LocalTime(clinic, r.StartsAt), $"{r.FirstName} {r.LastName}",
                r.DoseNumber, DeskAccess.StateName(r.State), r.ConfirmationCode, DeskAccess.ChannelName(r.Channel)))
            .OrderBy(e => e.StartsAt).ThenBy(e => e.Name, StringComparer.CurrentCultureIgnoreCase).ThenBy(e => e.AppointmentId)
            .ToList();
        return new DayQueueView(new DeskDay(day.Id, day.Date, clinic.Id, clinic.Name, product.CvxCode, product.Name), counts, shown);
    }
}
