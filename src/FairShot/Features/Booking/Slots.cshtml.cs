using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Booking;
using FairShot.Features.Invitations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Booking;

/// <summary>
/// The free times the invitation allows, by day, in the clinic's local time, as big tiles. The
/// form carries an idempotency key made when the page was drawn: a double tap or a retry after a
/// lost answer books once and lands on the same confirmation. A time that filled up meanwhile
/// shows the times still free; a link used or expired meanwhile shows why; a session that ran out
/// goes back to the code page.
/// </summary>
public sealed class SlotsModel(InvitationAccess access, BookAppointment booking, FairShotDb db, TimeProvider clock) : InvitationPageModel(access, db, clock)
{
    public const int MaxKeyLength = 100;

    [BindProperty]
    public string? SlotId { get; set; }

    [BindProperty]
    public string IdempotencyKey { get; set; } = "";

    public IReadOnlyList<SlotDay> Days { get; private set; } = [];

    /// <summary>True when <see cref="Days"/> holds only the alternatives to a time that just filled up.</summary>
    public bool ShowingAlternatives { get; private set; }

    /// <summary>Days until dose 2 is booked, for a two-dose vaccine; null otherwise.</summary>
    public int? SecondDoseAfterDays { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return Page();
        }
        if (Session is null)
        {
            return VerifyFirst();
        }
        await ShowSlotsAsync(null, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // Not LoadAsync's 410 for a used link: a retry of a booking that succeeded must still
        // reach BookAsync, which answers it from the idempotency record.
        await LoadAsync(cancellationToken);
        if (Problem == InvitationProblem.NotFound)
        {
            return Page();
        }
        Problem = null;
        Response.StatusCode = StatusCodes.Status200OK;
        ModelState.Clear();

        var key = IdempotencyKey is { Length: > 0 and <= MaxKeyLength } ? IdempotencyKey : Guid.NewGuid().ToString();
        var slotId = Guid.TryParse(SlotId, out var id) ? id : (Guid?)null;
        if (Invitation is { } invitation && Session is not null && await booking.EarlierBookingAsync(invitation, key, cancellationToken) is not null)
        {
            return Redirect(BasePath + "/booked");
        }
        var booked = await booking.BookAsync(Link!, new BookRequest(slotId), key, cancellationToken);
        switch (booked.Error)
        {
            case null:
                return Redirect(BasePath + "/booked");
            case UnauthorizedError:
                return VerifyFirst();
            case NotFoundError or GoneError:
                return ShowProblem(Link!.Problem ?? InvitationProblem.Used);
            case SlotFull full:
                ModelState.AddModelError(string.Empty, Text.SlotJustFilled);
                await ShowSlotsAsync(full.Alternatives, cancellationToken);
                return Page();
            case ValidationError:
                ModelState.AddModelError(nameof(SlotId), slotId is null ? Text.ChooseATime : Text.TimeNotOffered);
                break;
            case ConflictError:
                ModelState.AddModelError(string.Empty, Text.AlreadyBookedThisDose);
                break;
            default:
                ModelState.AddModelError(string.Empty, booked.Error.Detail);
                break;
        }
        await ShowSlotsAsync(null, cancellationToken);
        return Page();
    }

    private async Task ShowSlotsAsync(IReadOnlyList<OpenSlot>? alternatives, CancellationToken cancellationToken)
    {
        var invitation = Invitation!;
        var slots = alternatives ?? await booking.OpenSlotsAsync(invitation, cancellationToken);
        ShowingAlternatives = alternatives is not null;
        Days = await SlotChoices.GroupAsync(Db, slots, Text, cancellationToken);
        // A new key for each drawing of the form: nothing was booked with the last one.
        IdempotencyKey = Guid.NewGuid().ToString();
        SlotId = ShowingAlternatives ? null : SlotId;
        if (invitation.DoseNumber == 1)
        {
            var product = await Db.Products.AsNoTracking().SingleAsync(p => p.CvxCode == invitation.ProductCvx, cancellationToken);
            SecondDoseAfterDays = product.DosesInSeries >= 2 ? product.DaysToNextDose : null;
        }
    }
}
