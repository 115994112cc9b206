using FairShot.Domain;
using FairShot.Features.Invitations;

namespace FairShot.Features.Invitations;

/// <summary>Why an invitation link cannot be used, in the words a page shows for it (<see cref="IInvitationWords.GoneMessage"/>).</summary>
public enum InvitationProblem
{
    NotFound,
    Used,
    Revoked,
    Expired,
}

public static class InvitationProblems
{
    /// <summary><see cref="InvitationAccess.Usability"/> decides; this names its answer so a page can say it in the reader's language.</summary>
    public static InvitationProblem? Of(Invitation? invitation, DateTime now) => InvitationAccess.Usability(invitation, now) switch
    {
        null => null,
        NotFoundError => InvitationProblem.NotFound,
        _ => invitation!.State switch
        {
            InvitationState.Used => InvitationProblem.Used,
            InvitationState.Revoked => InvitationProblem.Revoked,
            _ => InvitationProblem.Expired,
        },
    };

    public static int StatusCode(InvitationProblem problem) =>
        problem == InvitationProblem.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status410Gone;
}
