using FairShot.Data;
using FairShot.Features.Booking;
using FairShot.Features.Invitations;
using Microsoft.AspNetCore.Mvc;

namespace FairShot.Features.Booking;

/// <summary>
/// The confirmation, right after booking: the confirmation code large with its QR code, when and
/// where in the clinic's local time, the second dose, and a calendar file. Both the page and the
/// file need the session that booked (the cookie for this link, 30 minutes); after that the
/// confirmation message and the manage link carry the same facts.
/// </summary>
public sealed class BookedModel(InvitationAccess access, FairShotDb db, TimeProvider clock) : InvitationPageModel(access, db, clock)
{
    public AppointmentCard? Card { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var (details, otherwise) = await FindBookingAsync(cancellationToken);
        if (details is null)
        {
            return otherwise!;
        }
        Card = new AppointmentCard(Text, details, BasePath + "/booked?handler=Calendar");
        return Page();
    }

    public async Task<IActionResult> OnGetCalendarAsync(CancellationToken cancellationToken)
    {
        var (details, otherwise) = await FindBookingAsync(cancellationToken);
        return details is null
            ? otherwise!
            : File(AppointmentCard.CalendarFile(details, Text, Now), AppointmentCalendar.ContentType, Text.CalendarFileName);
    }

    /// <summary>The appointment this link booked, for the session that booked it; otherwise the answer to give instead.</summary>
    private async Task<(AppointmentDetails? Details, IActionResult? Otherwise)> FindBookingAsync(CancellationToken cancellationToken)
    {
        var usable = await LoadAsync(cancellationToken);
        if (Problem == InvitationProblem.NotFound)
        {
            return (null, Page());
        }
        if (Session is null)
        {
            // Without the session this is any other visit to the link: its first page, or why it cannot be used.
            return (null, usable ? Redirect(BasePath) : Page());
        }
        var details = await AppointmentDetails.ForInvitationAsync(Db, Invitation!, cancellationToken);
        if (details is null)
        {
            return (null, usable ? Redirect(BasePath + "/slots") : Page());
        }
        Problem = null;
        Response.StatusCode = StatusCodes.Status200OK;
        return (details, null);
    }
}
