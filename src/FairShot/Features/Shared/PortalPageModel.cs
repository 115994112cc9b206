using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FairShot.Features.Shared;

/// <summary>The link in the header that shows the same page in the other language.</summary>
public sealed record LanguageSwitch(string Href, string Lang, string Label);

/// <summary>
/// A public page: in English or Spanish, chosen by <c>?lang=</c> (remembered in the
/// <see cref="PortalLanguage.CookieName"/> cookie), else by that cookie, else by the browser's
/// Accept-Language. Sets <c>ViewData["Lang"]</c> for <c>&lt;html lang&gt;</c> and the layout's texts.
/// </summary>
public abstract class PortalPageModel : PageModel
{
    public string Lang { get; private set; } = PortalLanguage.English;

    public PortalText Text => PortalText.For(Lang);

    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        var (lang, fromQuery) = PortalLanguage.Choose(Request);
        UseLanguage(lang, remember: fromQuery);
    }

    /// <summary>Switches this response to a language; <paramref name="remember"/> keeps it for the next visits.</summary>
    protected void UseLanguage(string lang, bool remember)
    {
        Lang = PortalLanguage.IsKnown(lang) ? lang : PortalLanguage.English;
        ViewData["Lang"] = Lang;
        var other = Text.OtherLang;
        ViewData["LanguageSwitch"] = new LanguageSwitch(Request.Path + "?lang=" + other, other, PortalText.For(other).LanguageName);
        if (remember)
        {
            PortalLanguage.Remember(Response, Request.IsHttps, Lang);
        }
    }
}

public static class PortalLanguage
{
    public const string English = "en";
    public const string Spanish = "es";
    public const string CookieName = "fs-lang";

    public static bool IsKnown(string? lang) => lang is English or Spanish;

    /// <summary>The page language and whether the address asked for it (then it is remembered).</summary>
    public static (string Lang, bool FromQuery) Choose(HttpRequest request)
    {
        var asked = request.Query["lang"].ToString();
        if (IsKnown(asked))
        {
            return (asked, true);
        }
        if (request.Cookies.TryGetValue(CookieName, out var remembered) && IsKnown(remembered))
        {
            return (remembered!, false);
        }
        var preferred = request.GetTypedHeaders().AcceptLanguage
            .OrderByDescending(l => l.Quality ?? 1)
            .Select(l => l.Value.Value ?? "")
            .FirstOrDefault(l => l.StartsWith(English, StringComparison.OrdinalIgnoreCase) || l.StartsWith(Spanish, StringComparison.OrdinalIgnoreCase));
        return (preferred is not null && preferred.StartsWith(Spanish, StringComparison.OrdinalIgnoreCase) ? Spanish : English, false);
    }

    public static void Remember(HttpResponse response, bool secure, string lang) =>
        response.Cookies.Append(CookieName, lang, new CookieOptions
        {
            Path = "/",
            SameSite = SameSiteMode.Lax,
            Secure = secure,
            HttpOnly = true, // no script reads it
            IsEssential = true,
            MaxAge = TimeSpan.FromDays(365),
        });
}
