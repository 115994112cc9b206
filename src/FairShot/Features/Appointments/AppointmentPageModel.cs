using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Booking;
using FairShot.Features.Invitations;
using FairShot.Features.OneTimeCodes;
using FairShot.Features.Shared;
using FairShot.Platform;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Appointments;

/// <summary>
/// What the pages under <c>/appointments/{confirmationCode}</c> (the link in the confirmation
/// message) share: the confirmation code alone shows nothing; a one-time code sent to the contact
/// on file starts a 30-minute session held in a cookie for this address only, and only then are the
/// appointment's details shown or changed. Pages speak the person's language unless this device
/// chose one.
/// </summary>
[EnableRateLimiting(InvitationsApi.InvitationRateLimit)]
public abstract class AppointmentPageModel(ManageAppointment manage, FairShotDb db, TimeProvider clock) : PortalPageModel
{
    public const string SentToKey = "fs-sent-to";
    public const string NoticeKey = "fs-notice";
    public const string StillWorksKey = InvitationPageModel.StillWorksKey;

    protected ManageAppointment Manage => manage;
    protected FairShotDb Db => db;
    protected DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>The code as the address has it; codes are upper case, and the cookie's path is too.</summary>
    public string ConfirmationCode => (RouteData.Values["confirmationCode"] as string ?? "").ToUpperInvariant();

    public string BasePath => "/appointments/" + ConfirmationCode;

    /// <summary>No appointment has this confirmation code: the page says so (404).</summary>
    public bool Unknown { get; private set; }

    protected string? SessionToken => ResidentSession.Read(Request, ResidentSession.AppointmentCookie);

    public override void OnPageHandlerExecuting(Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutingContext context)
    {
        base.OnPageHandlerExecuting(context);
        ResidentSession.NoStore(Response);
    }

    /// <summary>
    /// Finds the appointment and speaks its person's language. Returns the answer to give instead
    /// when there is none (404) or the address spelled the code in lower case (a redirect to the
    /// upper-case address, where the session cookie is sent).
    /// </summary>
    protected async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var typed = RouteData.Values["confirmationCode"] as string ?? "";
        var language = ConfirmationCode.Length == 10
            ? await (from a in db.Appointments.AsNoTracking()
                     join p in db.People.AsNoTracking() on a.PersonId equals p.Id
                     where a.ConfirmationCode == ConfirmationCode
                     select p.Language).SingleOrDefaultAsync(cancellationToken)
            : null;
        if (language is null)
        {
            Unknown = true;
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        if (typed != ConfirmationCode && HttpMethods.IsGet(Request.Method))
        {
            return Redirect(BasePath + Request.Path.Value![("/appointments/".Length + typed.Length)..] + Request.QueryString);
        }
        var (_, fromQuery) = PortalLanguage.Choose(Request);
        var remembered = Request.Cookies.TryGetValue(PortalLanguage.CookieName, out var cookie) && PortalLanguage.IsKnown(cookie);
        if (!fromQuery && !remembered)
        {
            UseLanguage(language, remember: false);
        }
        return null;
    }

    /// <summary>The appointment, when this device holds a live session for it; otherwise null.</summary>
    protected async Task<AppointmentDetails?> AuthorisedDetailsAsync(CancellationToken cancellationToken) =>
        SessionToken is not null && (await manage.ViewAsync(ConfirmationCode, SessionToken, cancellationToken)).Succeeded
            ? await AppointmentDetails.ForConfirmationCodeAsync(db, ConfirmationCode, cancellationToken)
            : null;

    /// <summary>Sends a one-time code to the contact on file and goes to the page that asks for it.</summary>
    protected async Task<IActionResult> SendCodeAsync(CancellationToken cancellationToken)
    {
        var sent = await manage.SendCodeAsync(ConfirmationCode, cancellationToken);
        switch (sent.Error)
        {
            case null:
                TempData[SentToKey] = sent.Value!.SentTo;
                return Redirect(BasePath + "/code");
            case NotFoundError:
                Unknown = true;
                Response.StatusCode = StatusCodes.Status404NotFound;
                return Page();
            case CodeNotSent notSent when await CodeWaits.DescribeAsync(notSent, Text, db, Now, cancellationToken) is var (stillWorks, wait):
                if (stillWorks is not null)
                {
                    TempData[SentToKey] = notSent.SentTo;
                    TempData[StillWorksKey] = stillWorks;
                    return Redirect(BasePath + "/code");
                }
                ModelState.AddModelError(string.Empty, wait ?? Text.ManageTooManyCodes);
                return Page();
            case TooManyRequestsError:
                ModelState.AddModelError(string.Empty, Text.ManageTooManyCodes);
                return Page();
            default:
                sent.Error.AddTo(ModelState);
                return Page();
        }
    }
}
