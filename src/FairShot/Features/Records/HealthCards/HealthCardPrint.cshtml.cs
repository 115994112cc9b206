using FairShot.Domain;
using FairShot.Features.Shared.Languages;
using FairShot.Features.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Records.HealthCards;

/// <summary>
/// A caller's vaccination card for the call centre to print and post: the QR, the name and the
/// doses, on a page whose print style leaves out the console. In the person's language, since
/// the paper goes to them. Every opening is audited.
/// </summary>
[Authorize(Policy = StaffPolicies.ConsoleRegistering)]
public sealed class HealthCardPrintModel(HealthCardIssuer issuer, Data.FairShotDb db) : PageModel
{
    public HealthCardView? Card { get; private set; }
    public string? Problem { get; private set; }
    public Guid PersonId { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        PersonId = id;
        var card = await issuer.IssueForStaffAsync(User.ToActor(), id, "console-print", cancellationToken);
        switch (card.Error)
        {
            case null:
                var language = await db.People.Where(p => p.Id == id).Select(p => p.Language).SingleAsync(cancellationToken);
                Card = new HealthCardView(Words.For(language), card.Value!);
                return Page();
            case NotFoundError:
                return NotFound();
            case var other:
                Problem = other.Detail;
                Response.StatusCode = StatusCodes.Status409Conflict;
                return Page();
        }
    }
}
