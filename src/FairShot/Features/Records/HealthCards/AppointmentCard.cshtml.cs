using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Appointments;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Records.HealthCards;

/// <summary>
/// The resident's vaccination card from the confirmation link: only with the session a one-time
/// code to the contact on file started (<see cref="AppointmentPageModel"/>); without one it goes
/// back to the page that offers to send the code.
/// </summary>
public sealed class AppointmentCardModel(ManageAppointment manage, FairShotDb db, TimeProvider clock, HealthCardIssuer issuer) : AppointmentPageModel(manage, db, clock)
{
    public HealthCardView? Card { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } otherwise)
        {
            return otherwise;
        }
        if (await AuthorisedDetailsAsync(cancellationToken) is not { } details)
        {
            return Redirect(BasePath);
        }
        var personId = await Db.Appointments.AsNoTracking().Where(a => a.Id == details.Id).Select(a => a.PersonId).SingleAsync(cancellationToken);
        var card = await issuer.IssueAsync(personId, cancellationToken);
        Card = card.Succeeded ? new HealthCardView(Text, card.Value!) : null;
        return Page();
    }
}
