using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Booking;
using Microsoft.AspNetCore.Mvc;

namespace FairShot.Features.Appointments;

/// <summary>
/// "Cancel my appointment" asks once more, in plain words, before it cancels: the place goes to
/// someone else, dose 2 booked with dose 1 goes too, and the person is back at their place in line.
/// </summary>
public sealed class CancelModel(ManageAppointment manage, FairShotDb db, TimeProvider clock) : AppointmentPageModel(manage, db, clock)
{
    public AppointmentDetails? Details { get; private set; }

    public string When => Text.When(Details!.Clock.Local(Details.StartsAt).ToDateTimeUnspecified());

    public bool AlsoCancelsSecondDose => Details is { DoseNumber: 1, OtherDose: { DoseNumber: 2, State: AppointmentState.Booked } };

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } otherwise)
        {
            return otherwise;
        }
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
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } otherwise)
        {
            return otherwise;
        }
        var cancelled = await Manage.CancelAsync(ConfirmationCode, SessionToken, cancellationToken);
        switch (cancelled.Error)
        {
            case null:
                TempData[NoticeKey] = "cancelled";
                break;
            case ConflictError:
                TempData[NoticeKey] = "not-booked";
                break;
            default:
                break; // no session any more: the page asks for a code again
        }
        return Redirect(BasePath);
    }
}
