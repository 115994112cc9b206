using System.Reflection;
using FairShot.Data;
using FairShot.Domain;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Invitations;

/// <summary>
/// What a request under <c>/i/{token}</c> or <c>/api/v1/invitations/{token}</c> is about, resolved
/// once per request in one query: the invitation behind the token, its invitee's language, whether
/// the link can be used now, and the resident's session if the request carries a live one
/// (a bearer token on the API, the link's own cookie on the pages). Handlers take this object, not
/// the token: nothing looks the invitation up a second time. It is a snapshot of the start of the
/// request; the writes that matter (consuming the invitation, taking a seat) are conditional
/// updates that re-check the database.
/// </summary>
public sealed class InvitationLink
{
    private static readonly object ItemKey = new();

    private InvitationLink(Invitation? invitation, string? language, InvitationSession? session, DateTime now)
    {
        Invitation = invitation;
        Language = language;
        Session = session;
        Problem = InvitationProblems.Of(invitation, now);
        Unusable = InvitationAccess.Usability(invitation, now);
    }

    /// <summary>Null for a token we never issued.</summary>
    public Invitation? Invitation { get; }

    /// <summary>The invitee's language on file.</summary>
    public string? Language { get; }

    /// <summary>The live session of this invitation behind the request's session token, if any.</summary>
    public InvitationSession? Session { get; }

    /// <summary>Why the link cannot be used now, or null when it can.</summary>
    public InvitationProblem? Problem { get; }

    /// <summary>The same, as the failure an API answers with.</summary>
    public Error? Unusable { get; }

    /// <summary>Minimal APIs bind a parameter of this type from the route's <c>{token}</c> and the bearer session token.</summary>
    public static async ValueTask<InvitationLink?> BindAsync(HttpContext http, ParameterInfo parameter) =>
        await ForRequestAsync(http, BearerToken(http), http.RequestAborted);

    /// <summary>The link of this request, resolved on first use and kept for the rest of it.</summary>
    public static async Task<InvitationLink> ForRequestAsync(HttpContext http, string? sessionToken, CancellationToken cancellationToken)
    {
        if (http.Items.TryGetValue(ItemKey, out var known) && known is InvitationLink link)
        {
            return link;
        }
        var token = http.GetRouteValue("token") as string ?? "";
        var services = http.RequestServices;
        link = await ResolveAsync(services.GetRequiredService<FairShotDb>(), services.GetRequiredService<TimeProvider>(), token, sessionToken, cancellationToken);
        http.Items[ItemKey] = link;
        return link;
    }

    /// <summary>One query: the invitation, its invitee's language and the session.</summary>
    public static async Task<InvitationLink> ResolveAsync(FairShotDb db, TimeProvider clock, string token, string? sessionToken, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (!Invitation.LooksLikeToken(token))
        {
            return new InvitationLink(null, null, null, now);
        }
        // Hashed here, not inside the query: EF compiles a method call in a query anew on every run.
        var hash = Invitation.HashToken(token);
        var sessionHash = Invitation.LooksLikeToken(sessionToken) ? Invitation.HashToken(sessionToken!) : null;
        var found = await db.Invitations.AsNoTracking().Where(i => i.TokenHash == hash)
            .Select(i => new
            {
                Invitation = i,
                Language = db.People.Where(p => p.Id == i.PersonId).OrderBy(p => p.Id).Select(p => p.Language).First(),
                Session = sessionHash == null ? null
                    : db.InvitationSessions.Where(s => s.TokenHash == sessionHash && s.InvitationId == i.Id && s.ExpiresAt > now).OrderBy(s => s.Id).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        return new InvitationLink(found?.Invitation, found?.Language, found?.Session, now);
    }

    public static string? BearerToken(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
    }
}
