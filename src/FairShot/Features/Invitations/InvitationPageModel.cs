using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Invitations;
using FairShot.Features.OneTimeCodes;
using FairShot.Features.Shared;
using FairShot.Platform;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Invitations;

/// <summary>
/// What every page under a personal link <c>/i/{token}</c> shares: finding the invitation (404 for
/// a link we never issued, 410 with what to do next for a used, expired or withdrawn one), speaking
/// the invitee's language unless this device chose one, sending the code, and reading the session
/// cookie that verification sets for this link only. The link's token is never shown or logged.
/// </summary>
[EnableRateLimiting(InvitationsApi.InvitationRateLimit)]
public abstract class InvitationPageModel(InvitationAccess access, FairShotDb db, TimeProvider clock) : PortalPageModel
{
    /// <summary>TempData keys: the masked contact a code went to, and a notice for the code page.</summary>
    public const string SentToKey = "fs-sent-to";
    public const string NoticeKey = "fs-notice";

    /// <summary>TempData key: when the code still working was sent and until when, said in the reader's language.</summary>
    public const string StillWorksKey = "fs-still-works";

    /// <summary>This request's link, resolved once (<see cref="InvitationLink"/>); set by <see cref="LoadAsync"/>.</summary>
    public InvitationLink? Link { get; private set; }

    public Invitation? Invitation => Link?.Invitation;
    public InvitationProblem? Problem { get; protected set; }

    protected InvitationAccess Access => access;
    protected FairShotDb Db => db;
    protected DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>The resident's session on this link, if live (read with the link, in the same query).</summary>
    protected InvitationSession? Session => Link?.Session;

    public string Token => RouteData.Values["token"] as string ?? "";

    /// <summary>Where this link's pages live, and the only path its session cookie is sent to.</summary>
    public string BasePath => "/i/" + Token;

    protected string? SessionToken => ResidentSession.Read(Request, ResidentSession.InvitationCookie);

    public override void OnPageHandlerExecuting(Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutingContext context)
    {
        base.OnPageHandlerExecuting(context);
        ResidentSession.NoStore(Response);
    }

    /// <summary>
    /// Finds the invitation and speaks its invitee's language. False (and the status code set)
    /// when the link cannot be used; the page then shows <see cref="Problem"/>.
    /// </summary>
    protected async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        Link = await InvitationLink.ForRequestAsync(HttpContext, SessionToken, cancellationToken);
        if (Link.Language is { } language)
        {
            UseInviteeLanguage(language);
        }
        Problem = Link.Problem;
        if (Problem is { } problem)
        {
            Response.StatusCode = InvitationProblems.StatusCode(problem);
            CanSeeBooking = problem == InvitationProblem.Used && Link.Session is not null;
            return false;
        }
        return true;
    }

    /// <summary>The link was used, by this device, within its session: the gone page links to the confirmation.</summary>
    public bool CanSeeBooking { get; private set; }

    /// <summary>
    /// The language on file, unless this device asked for one (<c>?lang=</c>, remembered in the
    /// language cookie): a relative helping on their own phone keeps the language they chose.
    /// </summary>
    private void UseInviteeLanguage(string language)
    {
        var (_, fromQuery) = PortalLanguage.Choose(Request);
        var remembered = Request.Cookies.TryGetValue(PortalLanguage.CookieName, out var cookie) && PortalLanguage.IsKnown(cookie);
        if (!fromQuery && !remembered)
        {
            UseLanguage(language, remember: false);
        }
    }

    /// <summary>Shows the page as "this link cannot be used" for the given reason.</summary>
    protected IActionResult ShowProblem(InvitationProblem problem)
    {
        Problem = problem;
        Response.StatusCode = InvitationProblems.StatusCode(problem);
        return Page();
    }

    /// <summary>Sends a code to the contact on file and goes to the code page, which names where it went.</summary>
    protected async Task<IActionResult> SendCodeAsync(CancellationToken cancellationToken)
    {
        var sent = await access.SendCodeAsync(Invitation!, Visitor.From(HttpContext), cancellationToken);
        switch (sent.Error)
        {
            case null:
                TempData[SentToKey] = sent.Value!.SentTo;
                return Redirect(BasePath + "/code");
            case NotFoundError or GoneError:
                return ShowProblem(Link?.Problem ?? InvitationProblem.Used);
            case CodeNotSent notSent when await CodeWaits.DescribeAsync(notSent, Text, db, Now, cancellationToken) is var (stillWorks, wait):
                if (stillWorks is not null)
                {
                    // The code already sent still works: the code page says so, and when it went.
                    TempData[SentToKey] = notSent.SentTo;
                    TempData[StillWorksKey] = stillWorks;
                    return Redirect(BasePath + "/code");
                }
                ModelState.AddModelError(string.Empty, wait ?? Text.TooManyCodes);
                return Page();
            case TooManyRequestsError:
                ModelState.AddModelError(string.Empty, Text.TooManyCodes);
                return Page();
            default:
                sent.Error.AddTo(ModelState);
                return Page();
        }
    }

    /// <summary>Back to the code page with a reason, when a page needs a live session and has none.</summary>
    protected IActionResult VerifyFirst()
    {
        TempData[NoticeKey] = SessionToken is null ? "confirm-first" : "session-ended";
        return Redirect(BasePath + "/code");
    }
}
