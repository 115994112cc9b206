using FairShot.Features.Clinics;
using FairShot.Features.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FairShot.Features.StaffConsole.ClinicDays;

public sealed record SlotRow(TimeOnly Starts, TimeOnly Ends, int Capacity, int Booked)
{
    public int Free => Capacity - Booked;
}

/// <summary>One clinic day at a glance: how many people it can take, how many have booked, and each slot in the clinic's local time.</summary>
[Authorize(Policy = StaffPolicies.ConsoleAnyStaff)]
public sealed class ClinicDayModel(ClinicScheduling scheduling) : PageModel
{
    public ClinicDayResponse? Day { get; private set; }
    public IReadOnlyList<SlotRow> Slots { get; private set; } = [];

    public async Task OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var found = await scheduling.GetDayAsync(id, cancellationToken);
        if (!found.Succeeded)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        Day = found.Value!;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(Day.TimeZone);
        Slots = Day.Slots.Select(s => new SlotRow(
            TimeOnly.FromDateTime(ConsoleFormat.ToLocal(s.StartsAt, zone)),
            TimeOnly.FromDateTime(ConsoleFormat.ToLocal(s.EndsAt, zone)),
            s.Capacity, s.Booked)).ToList();
    }
}
