using System.Globalization;
using FairShot.Domain;
using FairShot.Features.Clinics;
using FairShot.Features.Invitations;
using FairShot.Features.Shared;
using FairShot.Features.Staff;
using FairShot.Platform;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FairShot.Features.Clinics;

public sealed record SlotRow(TimeOnly Starts, TimeOnly Ends, int Capacity, int Booked)
{
    public int Free => Capacity - Booked;
}

/// <summary>What a wave did, carried to the page after the redirect.</summary>
public sealed record WaveOutcome(int Issued, int FreeSeats, int Outstanding, double AcceptanceRate, DateTime ExpiresAt)
{
    public string Serialize() => string.Join('|', Issued, FreeSeats, Outstanding,
        AcceptanceRate.ToString(CultureInfo.InvariantCulture), ExpiresAt.ToString("O", CultureInfo.InvariantCulture));

    public static WaveOutcome? Parse(string? value) => value?.Split('|') switch
    {
        [var issued, var free, var outstanding, var acceptance, var expires] => new(
            int.Parse(issued, CultureInfo.InvariantCulture), int.Parse(free, CultureInfo.InvariantCulture), int.Parse(outstanding, CultureInfo.InvariantCulture),
            double.Parse(acceptance, CultureInfo.InvariantCulture), DateTime.Parse(expires, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)),
        _ => null,
    };
}

/// <summary>
/// One clinic day at a glance: how many people it can take, how many have booked, and each slot in
/// the clinic's local time. Admins and schedulers invite the next people in line for it from here;
/// without a number the wave is sized from the free seats (<see cref="InvitationWaves.SizeWave"/>).
/// </summary>
[Authorize(Policy = StaffPolicies.ConsoleAnyStaff)]
[ClinicScoped]
public sealed class ClinicDayModel(ClinicScheduling scheduling, InvitationWaves waves, IAuthorizationService authorization, ClinicAccess access) : PageModel
{
    public const string WaveKey = "fs-wave";

    public ClinicDayResponse? Day { get; private set; }
    public IReadOnlyList<SlotRow> Slots { get; private set; } = [];
    public bool CanInvite { get; private set; }
    public WaveOutcome? Wave { get; private set; }

    /// <summary>How many to invite; empty sizes the wave from free seats. Text, so "fifty" gets a sentence, not a framework error.</summary>
    [BindProperty]
    public string? Count { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await access.CanActOnDayAsync(User, id, cancellationToken))
        {
            return Forbid();
        }
        if (!await LoadAsync(id, cancellationToken))
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        Wave = WaveOutcome.Parse(TempData[WaveKey] as string);
        return Page();
    }

    public async Task<IActionResult> OnPostInviteAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!(await authorization.AuthorizeAsync(User, StaffPolicies.ConsoleScheduling)).Succeeded)
        {
            return Forbid();
        }
        int? count = null;
        if (!string.IsNullOrWhiteSpace(Count))
        {
            if (!int.TryParse(Count.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                ModelState.AddModelError(nameof(Count), "Enter how many people to invite as a whole number, like 50, or leave it empty.");
                return await ShowAsync(id, cancellationToken);
            }
            count = parsed;
        }
        var result = await waves.IssueForDayAsync(User.ToActor(), id, new IssueInvitationsRequest(count, null, null, null), InvitationKind.Wave, cancellationToken);
        if (result.Error is NotFoundError)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        if (!result.Succeeded)
        {
            result.Error!.AddTo(ModelState);
            return await ShowAsync(id, cancellationToken);
        }
        var wave = result.Value!;
        TempData[WaveKey] = new WaveOutcome(wave.Issued, wave.FreeSeats, wave.Outstanding, wave.AcceptanceRate, wave.ExpiresAt).Serialize();
        return LocalRedirect($"/console/clinic-days/{id}#invite");
    }

    private async Task<IActionResult> ShowAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var found = await scheduling.GetDayAsync(id, cancellationToken);
        if (!found.Succeeded)
        {
            return false;
        }
        Day = found.Value!;
        var clock = ClinicClock.For(Day.TimeZone);
        Slots = Day.Slots.Select(s => new SlotRow(
            clock.Local(s.StartsAt).TimeOfDay.ToTimeOnly(),
            clock.Local(s.EndsAt).TimeOfDay.ToTimeOnly(),
            s.Capacity, s.Booked)).ToList();
        CanInvite = (await authorization.AuthorizeAsync(User, StaffPolicies.ConsoleScheduling)).Succeeded;
        return true;
    }

    /// <summary>The wave's expiry as the clinic's wall-clock time.</summary>
    public string ExpiresLocal(DateTime utc)
    {
        var local = ClinicClock.For(Day!.TimeZone).Local(utc);
        return $"{ConsoleFormat.ShortDate(local.Date.ToDateOnly())}, {ConsoleFormat.Time(local.TimeOfDay.ToTimeOnly())}";
    }
}
