using FairShot.Features.Shared.Languages;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FairShot.Features.Shared;

/// <summary>A link in the header that shows the same page in another language.</summary>
public sealed record LanguageSwitch(string Href, string Lang, string Label);

/// <summary>
/// A public page: in one of <see cref="Words.All"/>, chosen by <c>?lang=</c> (remembered in the
/// <see cref="PortalLanguage.CookieName"/> cookie), else by that cookie, else by the browser's
/// Accept-Language. Sets <c>ViewData["Lang"]</c> for <c>&lt;html lang&gt;</c> and the layout's texts, and
/// <c>ViewData["LanguageSwitch"]</c>: a link to each other language.
/// </summary>
public abstract class PortalPageModel : PageModel
{
    public string Lang { get; private set; } = Words.All[0].Lang;

    /// <summary>Every word this page says, in its language.</summary>
    public IWords Text => Words.For(Lang);

    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        var (lang, fromQuery) = PortalLanguage.Choose(Request);
        UseLanguage(lang, remember: fromQuery);
    }

    /// <summary>Switches this response to a language; <paramref name="remember"/> keeps it for the next visits.</summary>
    protected void UseLanguage(string lang, bool remember)
    {
        Lang = Words.For(lang).Lang;
        ViewData["Lang"] = Lang;
        ViewData["LanguageSwitch"] = Words.OtherThan(Text)
            .Select(other => new LanguageSwitch(Request.Path + "?lang=" + other.Lang, other.Lang, other.LanguageName))
            .ToList();
        if (remember)
        {
            PortalLanguage.Remember(Response, Request.IsHttps, Lang);
        }
    }
}

public static class PortalLanguage
{
    public const string CookieName = "fs-lang";

    public static bool IsKnown(string? lang) => lang is not null && Words.Codes.Contains(lang);

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
            .Select(l => Words.All.FirstOrDefault(known => l.StartsWith(known.Lang, StringComparison.OrdinalIgnoreCase)))
            .FirstOrDefault(known => known is not null);
        return ((preferred ?? Words.All[0]).Lang, false);
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
