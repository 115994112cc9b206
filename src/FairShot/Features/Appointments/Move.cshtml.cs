using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Booking;
using Microsoft.AspNetCore.Mvc;

namespace FairShot.Features.Appointments;

/// <summary>
/// Another time for the same vaccine, chosen from big tiles like the first booking. The old time is
/// kept until the new seat is taken (<see cref="ManageAppointment.MoveAsync"/>), so a time that
/// filled up meanwhile changes nothing and the page shows the times still free.
/// </summary>
public sealed class MoveModel(ManageAppointment manage, FairShotDb db, TimeProvider clock) : AppointmentPageModel(manage, db, clock)
{
    /// <summary>The notice after a move that released dose 2, followed by the date the new reservation starts.</summary>
    public const string MovedReleasedNotice = "moved-released:";

    [BindProperty]
    public string? SlotId { get; set; }

    public AppointmentDetails? Details { get; private set; }
    public IReadOnlyList<SlotDay> Days { get; private set; } = [];

    /// <summary>A later dose: the first day offered (the interval after the dose before it).</summary>
    public DateOnly? NextDoseFrom { get; private set; }

    /// <summary>Dose 1 with dose 2 booked: the last day that keeps dose 2 where it is.</summary>
    public DateOnly? KeepsNextDoseUntil { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ?? await ShowChoicesAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } otherwise)
        {
            return otherwise;
        }
        ModelState.Clear();
        var slotId = Guid.TryParse(SlotId, out var id) ? id : (Guid?)null;
        if (slotId is null)
        {
            ModelState.AddModelError(nameof(SlotId), Text.ChooseATime);
            return await ShowChoicesAsync(cancellationToken);
        }
        var moved = await Manage.MoveAsync(ConfirmationCode, SessionToken, new MoveRequest(slotId), cancellationToken);
        switch (moved.Error)
        {
            case null:
                TempData[NoticeKey] = moved.Value!.SecondDoseReleased is { } released
                    ? MovedReleasedNotice + released.ReservedFrom.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)
                    : "moved";
                return Redirect(BasePath);
            case UnauthorizedError or NotFoundError:
                return Redirect(BasePath);
            case ValidationError:
                ModelState.AddModelError(nameof(SlotId), Text.ChooseATime);
                break;
            case ConflictError:
                ModelState.AddModelError(string.Empty, Text.SlotJustFilled);
                SlotId = null;
                break;
            default:
                ModelState.AddModelError(string.Empty, moved.Error.Detail);
                break;
        }
        return await ShowChoicesAsync(cancellationToken);
    }

    private async Task<IActionResult> ShowChoicesAsync(CancellationToken cancellationToken)
    {
        Details = await AuthorisedDetailsAsync(cancellationToken);
        if (Details is null)
        {
            return Redirect(BasePath);
        }
        if (!Details.IsBooked)
        {
            TempData[NoticeKey] = "not-booked";
            return Redirect(BasePath);
        }
        (NextDoseFrom, KeepsNextDoseUntil) = await Manage.MoveLimitsAsync(Details.Id, cancellationToken);
        var choices = await Manage.MoveChoicesAsync(ConfirmationCode, SessionToken, cancellationToken);
        var days = choices.Succeeded ? await SlotChoices.GroupAsync(Db, choices.Value!, Text, cancellationToken) : [];
        // The same clinic first: most people move the time, not the place.
        Days = days.OrderBy(d => d.Clinic != Details.ClinicName).ToList();
        return Page();
    }
}
