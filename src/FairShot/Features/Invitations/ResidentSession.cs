using FairShot.Features.Invitations;

namespace FairShot.Features.Invitations;

/// <summary>
/// The short session a resident holds after proving who they are (code and date of birth for an
/// invitation, code for an appointment): its token lives only in an HttpOnly, SameSite=Strict
/// cookie scoped to the one link it was issued for (<c>/i/{token}</c> or
/// <c>/appointments/{code}</c>), and it expires with the session. No script can read it, no other
/// site can send it, and it is never shown, logged or put in an address.
/// </summary>
public static class ResidentSession
{
    public const string InvitationCookie = "fs-booking";
    public const string AppointmentCookie = "fs-appointment";

    public static void Start(HttpContext http, string cookie, string path, SessionIssued session) =>
        http.Response.Cookies.Append(cookie, session.SessionToken, new CookieOptions
        {
            Path = path,
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = SecureCookies(http),
            IsEssential = true,
            Expires = new DateTimeOffset(DateTime.SpecifyKind(session.ExpiresAt, DateTimeKind.Utc)),
        });

    /// <summary>
    /// Pages behind a personal link or a session (a confirmation code, a QR code, times) are not
    /// kept by the browser or a proxy: the back button on a shared computer must not show them.
    /// </summary>
    public static void NoStore(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
    }

    public static string? Read(HttpRequest request, string cookie) =>
        request.Cookies.TryGetValue(cookie, out var value) && !string.IsNullOrEmpty(value) ? value : null;

    /// <summary>Plain HTTP works only where nobody else is on the wire: a developer's machine and the test server.</summary>
    public static bool SecureCookies(HttpContext http) =>
        http.RequestServices.GetRequiredService<Platform.TransportSecurity>().SecureCookie(http.Request);
}
