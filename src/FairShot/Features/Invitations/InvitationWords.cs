using FairShot.Features.Notifications;

namespace FairShot.Features.Invitations;

/// <summary>An invitation link: the landing page, the code and date-of-birth check, a link that cannot be used, and the messages that carry them. Every language implements it (Features/Shared/Languages).</summary>
public interface IInvitationWords
{
    // invitation: the landing page
    string InvitationTitle { get; }
    string InvitationHeading { get; }
    string InvitationFor(string clinic, DateOnly day);
    string InvitationForRange(DateOnly from, DateOnly to);
    string InvitationUntil(DateTime local);
    string LinkIsPersonalHeading { get; }
    string LinkIsPersonal { get; }
    string SendMyCode { get; }
    string NotYourLink { get; }

    // invitation: code and date of birth
    string CodeTitle { get; }
    string CodeSentTo { get; }
    string CodeWorksFor { get; }
    string EnterItBelow { get; }
    string CodeAndBirthIntro { get; }
    string NoCodeYet { get; }
    string NotVerified { get; }
    string TooManyTries { get; }
    string CodeAlreadyUsed { get; }
    string TooManyCodes { get; }
    /// <summary>A code asked for again while the last one still works: when it went and until when it works (local times).</summary>
    string CodeStillWorks(DateTime sentLocal, DateTime untilLocal);
    /// <summary>No new code yet (the last had too many wrong tries, or went a moment ago): when one can go (local time).</summary>
    string NewCodeAt(DateTime local);
    string ConfirmFirst { get; }
    string SessionEnded { get; }
    /// <summary>The invitation itself; <paramref name="expires"/> is already written in this language.</summary>
    RenderedMessage InvitationMessage(string name, string clinic, string link, string expires);
    RenderedMessage InvitationCodeMessage(string code, int minutes);

    // an invitation that cannot be used
    string GoneHeading(InvitationProblem problem);
    /// <summary>What happened and what to do next; the English is <see cref="Invitations.InvitationAccess.Usability"/>'s own message.</summary>
    string GoneMessage(InvitationProblem problem);
}
