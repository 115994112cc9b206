using System.Security.Claims;
using FairShot.Data;
using FairShot.Domain;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Vaccination;

/// <summary>One record of the day as the summary lists it: never a date of birth or a contact.</summary>
public sealed record DayRecord(Guid AdministrationId, string Time, string Name, int DoseNumber, string Outcome, string? Lot, string State);

/// <summary>The day's recorded doses (voided ones too, marked), latest first, for the summary and a lead's corrections.</summary>
public sealed class DayRecords(FairShotDb db, DeskAccess access)
{
    public async Task<Result<DayRecord[]>> OfAsync(ClaimsPrincipal user, Guid dayId, CancellationToken cancellationToken)
    {
        var found = await access.DayAsync(user, dayId, cancellationToken);
        if (!found.Succeeded)
        {
            return found.Error!;
        }
        var clinic = found.Value!.Clinic;
        var rows = await (from x in db.Administrations.AsNoTracking()
                          join p in db.People.AsNoTracking() on x.PersonId equals p.Id
                          where x.ClinicDayId == dayId
                          select new { x.Id, x.AdministeredAt, p.FirstName, p.LastName, x.DoseNumber, x.Outcome, x.Lot, x.State }).ToListAsync(cancellationToken);
        return rows.OrderByDescending(r => r.AdministeredAt).ThenBy(r => r.Id)
            .Select(r => new DayRecord(r.Id, DeskAccess.LocalTime(clinic, r.AdministeredAt), $"{r.FirstName} {r.LastName}", r.DoseNumber,
                AdministrationCodes.OutcomeName(r.Outcome), r.Lot, r.State.ToString().ToLowerInvariant()))
            .ToArray();
    }
}
