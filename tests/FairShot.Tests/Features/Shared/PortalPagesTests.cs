using System.Net;
using System.Text.RegularExpressions;
using FairShot.Domain;
using FairShot.Features.Notifications;
using FairShot.Features.Shared;
using FairShot.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Tests.Features.Shared;

/// <summary>Features/Portal over HTTP on the suite's database: language choice, the sign-up form's final post, the status page's first answer.</summary>
public sealed partial class PortalPagesTests(FairShotApp app) : IClassFixture<FairShotApp>
{
    [Fact]
    public async Task Home_WithLangEs_AnswersInSpanishAndRemembersItInACookie()
    {
        var client = app.CreateClient();

        var first = await client.GetAsync("/?lang=es");

        var cookie = first.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(PortalLanguage.CookieName + "=", StringComparison.Ordinal));
        Assert.StartsWith("fs-lang=es;", cookie, StringComparison.Ordinal);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        var html = WebUtility.HtmlDecode(await first.Content.ReadAsStringAsync());
        Assert.Contains("<html lang=\"es\">", html, StringComparison.Ordinal);
        Assert.Contains("Inscribirse para la vacuna", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/?lang=en\"", html, StringComparison.Ordinal);

        var later = WebUtility.HtmlDecode(await client.GetStringAsync("/status")); // the cookie, no query
        Assert.Contains("<html lang=\"es\">", later, StringComparison.Ordinal);
        Assert.Contains("¿Cuál es mi lugar en la lista?", later, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("es-MX,es;q=0.9,en;q=0.5", "es")]
    [InlineData("en-US,en;q=0.9,es;q=0.8", "en")]
    [InlineData("fr-FR,es;q=0.7", "es")]
    [InlineData("", "en")]
    public async Task Home_WithoutChoice_FollowsTheBrowsersLanguage(string acceptLanguage, string expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/register");
        if (acceptLanguage.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        }

        var html = await (await app.CreateClient().SendAsync(request)).Content.ReadAsStringAsync();

        Assert.Contains($"<html lang=\"{expected}\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignUp_ConfirmedInSpanish_RegistersInSpanishAndShowsTheSpanishOutcome()
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var last = "Formulario" + Guid.NewGuid().ToString("N")[..6];
        var token = await Forms.TokenAsync(client, "/register?lang=es");

        var response = await client.PostAsync("/register?handler=Confirm", Form(token, last, step: 5, go: "confirm"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/register/done", response.Headers.Location?.OriginalString);
        var person = await app.WithDbAsync(db => db.People.SingleAsync(p => p.LastName == last));
        Assert.Equal("es", person.Language);
        Assert.Equal(RegistrationSource.Self, person.Source);
        Assert.Equal("age-75-plus", person.GroupCode);
        Assert.Equal(["diabetes"], person.ConditionList);
        var done = WebUtility.HtmlDecode(await client.GetStringAsync("/register/done"));
        Assert.Contains("Revise sus mensajes", done, StringComparison.Ordinal);
        Assert.Contains("Personas de 75 años o más", done, StringComparison.Ordinal);
        Assert.DoesNotContain(last, done, StringComparison.Ordinal); // the outcome carries no personal details
    }

    [Fact]
    public async Task SignUp_ConfirmedWithABadZip_ReturnsToTheZipScreenWithTheMessage()
    {
        var client = app.CreateClient();
        var token = await Forms.TokenAsync(client, "/register?lang=en");

        var response = await client.PostAsync("/register?handler=Confirm", Form(token, "Zip" + Guid.NewGuid().ToString("N")[..6], step: 5, go: "confirm", zip: "630"));

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Step 3 of 5", html, StringComparison.Ordinal);
        Assert.Matches("id=\"ZipCode-error\">Enter your 5-digit ZIP code", html);
        Assert.Contains("name=\"Reviewing\" value=\"true\"", html, StringComparison.Ordinal); // Continue goes back to the answers
    }

    [Theory]
    [InlineData(5, false, "Step 4 of 5")]
    [InlineData(5, true, "Step 4 of 5")]
    [InlineData(3, true, "Step 5 of 5")]
    [InlineData(3, false, "Step 2 of 5")]
    public async Task SignUp_Back_GoesToTheScreenBefore_OrFromAChangedScreenToTheAnswers(int step, bool reviewing, string expected)
    {
        var client = app.CreateClient();
        var token = await Forms.TokenAsync(client, "/register?lang=en");

        var html = await (await client.PostAsync("/register", Form(token, "Back", step, go: "back", reviewing: reviewing))).Content.ReadAsStringAsync();

        Assert.Contains(expected, html, StringComparison.Ordinal);
        Assert.DoesNotContain("error-summary", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignUp_WithoutAntiforgeryToken_IsRefused()
    {
        var response = await app.CreateClient().PostAsync("/register?handler=Confirm", Form(null, "Forged", step: 5, go: "confirm"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task StatusCode_ForKnownAndUnknownContacts_GetsTheSamePage()
    {
        var client = app.CreateClient();
        var last = "Estado" + Guid.NewGuid().ToString("N")[..6];
        var known = $"{Guid.NewGuid():N}@example.org";
        var unknown = $"{Guid.NewGuid():N}@example.org";
        var signUpToken = await Forms.TokenAsync(client, "/register?lang=en");
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/register?handler=Confirm", Form(signUpToken, last, step: 5, go: "confirm", email: known))).StatusCode);

        async Task<string> AskAsync(string contact)
        {
            var token = await Forms.TokenAsync(client, "/status");
            var html = await (await client.PostAsync("/status?handler=SendCode", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["Contact"] = contact,
            }))).Content.ReadAsStringAsync();
            return Forms.TokenField().Replace(html, "").Replace(contact, "CONTACT", StringComparison.Ordinal);
        }

        Assert.Equal(await AskAsync(unknown), await AskAsync(known));
        // Only the known contact got a message (the unknown one a silent code, so both did the same work).
        Assert.Equal(1, await app.WithDbAsync(db => db.Outbox.CountAsync(m => m.Recipient == known && m.Template == NotificationTemplates.StatusCode)));
        Assert.Equal(0, await app.WithDbAsync(db => db.Outbox.CountAsync(m => m.Recipient == unknown)));
    }

    private static FormUrlEncodedContent Form(string? token, string last, int step, string go, string zip = "63050", string? email = null, bool reviewing = false)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("Reviewing", reviewing ? "true" : "false"),
            new("Step", step.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("Go", go),
            new("FirstName", "Carmen"),
            new("LastName", last),
            new("BirthMonth", "5"),
            new("BirthDay", "14"),
            new("BirthYear", "1944"),
            new("Email", email ?? $"{Guid.NewGuid():N}@example.org"),
            new("ZipCode", zip),
            new("Occupation", "none"),
            new("Setting", "home"),
            new("Conditions", "diabetes"),
        };
        if (token is not null)
        {
            fields.Add(new("__RequestVerificationToken", token));
        }
        return new FormUrlEncodedContent(fields);
    }

}
