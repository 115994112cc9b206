using FairShot.Data;
using FairShot.Features.Booking;
using Microsoft.AspNetCore.Mvc;

namespace FairShot.Features.Appointments;

/// <summary>
/// The link in the confirmation message. Without a session it only offers to send a code to the
/// contact on file; with one it shows the appointment, its QR code and calendar file, and the ways
/// to change the time or cancel.
/// </summary>
public sealed class ManageModel(ManageAppointment manage, FairShotDb db, TimeProvider clock) : AppointmentPageModel(manage, db, clock)
{
    public AppointmentCard? Card { get; private set; }

    /// <summary>What just happened on another page (cancelled, moved), as a sentence, and whether it is good news.</summary>
    public (string Text, bool Success)? Notice { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } otherwise)
        {
            return otherwise;
        }
        if (await AuthorisedDetailsAsync(cancellationToken) is { } details)
        {
            Card = new AppointmentCard(Text, details, BasePath + "?handler=Calendar");
            Notice = (TempData[NoticeKey] as string) switch
            {
                "cancelled" => (Text.Cancelled, true),
                "moved" => (Text.Moved, true),
                { } released when released.StartsWith(MoveModel.MovedReleasedNotice, StringComparison.Ordinal)
                    && DateOnly.TryParseExact(released[MoveModel.MovedReleasedNotice.Length..], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
                        System.Globalization.DateTimeStyles.None, out var from) => (Text.MovedSecondDoseReleased(from), true),
                "not-booked" => (Text.NotBookedAnyMore, false),
                _ => null,
            };
        }
        return Page();
    }

    /// <summary>"Send me my code".</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ?? await SendCodeAsync(cancellationToken);

    public async Task<IActionResult> OnGetCalendarAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } otherwise)
        {
            return otherwise;
        }
        return await AuthorisedDetailsAsync(cancellationToken) is { } details
            ? File(AppointmentCard.CalendarFile(details, Text, Now), AppointmentCalendar.ContentType, Text.CalendarFileName)
            : Redirect(BasePath);
    }
}
