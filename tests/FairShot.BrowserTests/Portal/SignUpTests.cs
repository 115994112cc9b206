using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FairShot.BrowserTests.Portal;

/// <summary>Features/Portal/SignUp: a resident signs up in five screens, in English or Spanish, without JavaScript needed.</summary>
public sealed partial class SignUpTests(ConsoleApp app)
{
    private static readonly string[] SpanishMonths = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"];

    [Fact]
    public async Task SignUp_InSpanishWithOnlyTheKeyboard_At78_EndsInPhase1b()
    {
        await using var tab = await app.OpenAsync();
        var page = tab.Page;
        var keys = page.Keyboard;
        var born = Today().AddYears(-78).AddDays(-40);
        var last = "Prueba" + Letters();

        await page.GotoAsync("/");
        await PortalPages.TabToAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Español" }));
        await keys.PressAsync("Enter");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "es");
        await PortalPages.TabToAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Inscribirse para la vacuna" }));
        await keys.PressAsync("Enter");

        // 1. Name and date of birth; Enter in a box presses "Continuar".
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Su nombre y fecha de nacimiento");
        await PortalPages.TabToAsync(page, page.GetByLabel("Nombre", new() { Exact = true }));
        await keys.TypeAsync("María");
        await keys.PressAsync("Tab");
        await keys.TypeAsync(last);
        await keys.PressAsync("Tab");
        await keys.TypeAsync(SpanishMonths[born.Month - 1]);
        await Expect(page.GetByLabel("Mes")).ToHaveValueAsync(born.Month.ToString(CultureInfo.InvariantCulture));
        await keys.PressAsync("Tab");
        await keys.TypeAsync(born.Day.ToString(CultureInfo.InvariantCulture));
        await keys.PressAsync("Tab");
        await keys.TypeAsync(born.Year.ToString(CultureInfo.InvariantCulture));
        await keys.PressAsync("Enter");

        // 2. Contact: a mobile phone only, as many people of 78 have.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("¿Cómo nos comunicamos con usted?");
        await PortalPages.TabToAsync(page, page.GetByLabel("Número de celular"));
        await keys.TypeAsync($"(573) 555-{Random.Shared.Next(1000, 9999)}");
        await keys.PressAsync("Enter");

        // 3. ZIP code.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Su código postal");
        await PortalPages.TabToAsync(page, page.GetByLabel("Código postal"));
        await keys.TypeAsync("63050");
        await keys.PressAsync("Enter");

        // 4. Work, home, health: arrows move within a radio group, Space checks.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Su trabajo, su hogar y su salud");
        var retired = page.GetByRole(AriaRole.Radio, new() { Name = "No trabajo o estoy jubilado" });
        await PortalPages.TabToAsync(page, page.GetByRole(AriaRole.Radio).First);
        await keys.PressAsync("Space");
        for (var i = 0; i < 20 && !await retired.IsCheckedAsync(); i++)
        {
            await keys.PressAsync("ArrowDown");
        }
        await Expect(retired).ToBeCheckedAsync();
        await keys.PressAsync("Tab");
        await keys.PressAsync("Space");
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "En casa (mi propia casa o con mi familia)" })).ToBeCheckedAsync();
        await PortalPages.TabToAsync(page, page.GetByRole(AriaRole.Checkbox, new() { Name = "Enfermedad del corazón, como insuficiencia cardíaca" }));
        await keys.PressAsync("Space");
        await PortalPages.TabToAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Continuar" }));
        await keys.PressAsync("Enter");

        // 5. Check the answers, then confirm.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Revise sus respuestas");
        var main = page.Locator("main");
        await Expect(main).ToContainTextAsync($"María {last}");
        await Expect(main).ToContainTextAsync($"{born.Day} de {SpanishMonths[born.Month - 1]} de {born.Year}");
        await Expect(main).ToContainTextAsync("Enfermedad del corazón");
        await PortalPages.TabToAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Confirmar e inscribirme" }));
        await keys.PressAsync("Enter");

        await Expect(page).ToHaveURLAsync($"{app.BaseUrl}/register/done");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Revise sus mensajes");
        await Expect(page.Locator("#your-group")).ToHaveTextAsync("Personas de 75 años o más");
        await Expect(page.Locator("#your-phase")).ToHaveTextAsync("Fase 1b: personas de 75 años o más, trabajadores esenciales de primera línea");
        await Expect(page.Locator("#phase-open")).ToContainTextAsync("todavía no está abierta");
        await Expect(main).ToContainTextAsync("mensaje de texto (SMS)");
        await Expect(main).ToContainTextAsync("solo para usted");
        await tab.AssertLooksRightAsync();
    }

    [Fact]
    public async Task SignUp_WithBirthDateInTheFuture_ShowsTheMessageNextToTheDate()
    {
        await using var tab = await app.OpenAsync();
        var page = tab.Page;
        var nextYear = Today().Year + 1;
        await page.GotoAsync("/register?lang=en");

        await page.GetByLabel("First name").FillAsync("Ada");
        await page.GetByLabel("Last name").FillAsync("Future" + Letters());
        await page.GetByLabel("Month").SelectOptionAsync("3");
        await page.GetByLabel("Day").FillAsync("27");
        await page.GetByLabel("Year").FillAsync(nextYear.ToString(CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();

        const string message = "The date of birth is in the future. Check the year.";
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Your name and date of birth");
        var dateGroup = page.Locator("fieldset", new() { Has = page.Locator("#BirthYear") });
        await Expect(dateGroup).ToContainClassAsync("usa-form-group--error");
        await Expect(dateGroup.Locator(".usa-error-message")).ToHaveTextAsync(message);
        await Expect(page.GetByLabel("Year")).ToHaveAccessibleDescriptionAsync(new Regex(Regex.Escape(message)));
        await Expect(page.Locator("#error-summary a[href='#DateOfBirth']")).ToHaveTextAsync(message);
        await Expect(page).ToHaveTitleAsync(new Regex("^Error: Step 1 of 5"));
        await Expect(page.GetByLabel("First name")).ToHaveValueAsync("Ada"); // what was typed stays
        await Expect(page.GetByLabel("Year")).ToHaveValueAsync(nextYear.ToString(CultureInfo.InvariantCulture));
        await tab.AssertLooksRightAsync();
        await tab.ScreenshotAsync("register-1-error-desktop");
        await page.SetViewportSizeAsync(390, 844);
        await tab.ScreenshotAsync("register-1-error-phone");

        // In Spanish the same mistake reads in Spanish, and a date that does not exist is named as such.
        await page.GetByRole(AriaRole.Button, new() { Name = "Ver esta página en español" }).ClickAsync();
        await page.GetByLabel("Día").FillAsync("31");
        await page.GetByLabel("Mes").SelectOptionAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuar" }).ClickAsync();
        await Expect(page.Locator("#DateOfBirth-error")).ToHaveTextAsync("Esa fecha no existe. Revise el día y el mes.");
        await Expect(page.GetByLabel("Nombre", new() { Exact = true })).ToHaveValueAsync("Ada");
    }

    [Fact]
    public async Task SignUp_EveryScreen_AtPhoneAndDesktopWidth_ForScreenshots()
    {
        await using var tab = await app.OpenAsync(390, 844);
        var page = tab.Page;

        async Task ShootAsync(string name)
        {
            await tab.AssertLooksRightAsync();
            await tab.ScreenshotAsync(name + "-phone");
            await page.SetViewportSizeAsync(1280, 900);
            await tab.ScreenshotAsync(name + "-desktop");
            await page.SetViewportSizeAsync(390, 844);
        }

        await page.GotoAsync("/?lang=en");
        await ShootAsync("home");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign up for a vaccine" }).ClickAsync();
        await ShootAsync("register-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await ShootAsync("register-1-empty");
        await page.GetByLabel("First name").FillAsync("Dorothy");
        await page.GetByLabel("Last name").FillAsync("Screens" + Letters());
        await page.GetByLabel("Month").SelectOptionAsync("7");
        await page.GetByLabel("Day").FillAsync("4");
        await page.GetByLabel("Year").FillAsync("1944");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await ShootAsync("register-2");
        await page.GetByLabel("E-mail address").FillAsync($"dorothy.{Letters()}@example.org");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await ShootAsync("register-3");
        await page.GetByLabel("ZIP code").FillAsync("63050");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await ShootAsync("register-4");
        await page.GetByText("I do not work, or I am retired").ClickAsync();
        await page.GetByText("At home (my own home or with family)").ClickAsync();
        await page.GetByText("Type 2 diabetes").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await ShootAsync("register-5");

        // "Change" opens the screen, and Continue comes straight back to the answers.
        await page.GetByRole(AriaRole.Button, new() { Name = "Change your ZIP code" }).ClickAsync();
        await page.GetByLabel("ZIP code").FillAsync("63051");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Check your answers");
        await Expect(page.Locator("main")).ToContainTextAsync("63051");

        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm and sign up" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Check your messages");
        await Expect(page.Locator("#your-group")).ToHaveTextAsync("People 75 and older");
        await ShootAsync("register-done");

        // The same page in Spanish, by the header link: the outcome is kept, the words change.
        await page.GetByRole(AriaRole.Link, new() { Name = "Español" }).ClickAsync();
        await Expect(page.Locator("#your-group")).ToHaveTextAsync("Personas de 75 años o más");
        await ShootAsync("register-done-es");
    }

    [Fact]
    public async Task SignUp_SamePersonTwice_ShowsTheSamePageAsTheFirstTime()
    {
        await using var tab = await app.OpenAsync();
        var page = tab.Page;
        var last = "Twice" + Letters();
        var email = $"twice.{Letters()}@example.org";

        var pages = new List<string>();
        for (var round = 0; round < 2; round++)
        {
            await page.GotoAsync("/register?lang=en");
            await page.GetByLabel("First name").FillAsync("Rosa");
            await page.GetByLabel("Last name").FillAsync(last);
            await page.GetByLabel("Month").SelectOptionAsync("1");
            await page.GetByLabel("Day").FillAsync("15");
            await page.GetByLabel("Year").FillAsync("1950");
            await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
            await page.GetByLabel("E-mail address").FillAsync(email);
            await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
            await page.GetByLabel("ZIP code").FillAsync("63050");
            await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
            await page.GetByText("Teacher or school staff").ClickAsync();
            await page.GetByText("At home (my own home or with family)").ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Confirm and sign up" }).ClickAsync();

            await Expect(page).ToHaveURLAsync($"{app.BaseUrl}/register/done");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Check your messages");
            pages.Add(await page.Locator("main").InnerTextAsync());
            await tab.ScreenshotAsync($"register-twice-{round + 1}");
        }

        // One page whoever the sign-up turns out to be: the second shows word for word what the first
        // did (the group is the one the answers give: Rosa is over 75), and says nothing of a duplicate.
        Assert.Equal(pages[0], pages[1]);
        Assert.Contains("People 75 and older", pages[1], StringComparison.Ordinal);
        Assert.DoesNotContain("already", pages[1], StringComparison.OrdinalIgnoreCase);
        await tab.AssertLooksRightAsync();

        // What differs goes only to the contact on file: the welcome the first time, then the notice.
        Assert.Contains("You are in line for a COVID-19 vaccine", await MailToAsync(email, "You are in line"), StringComparison.Ordinal);
        var notice = await MailToAsync(email, "You are already registered");
        Assert.Contains("Hello Rosa", notice, StringComparison.Ordinal);
        Assert.Contains("nothing changed", notice, StringComparison.Ordinal);
    }

    /// <summary>Waits (up to 30 s) for the .eml to this address whose text has <paramref name="subject"/>; the outbox dispatcher runs every half second.</summary>
    private async Task<string> MailToAsync(string recipient, string subject)
    {
        for (var i = 0; i < 150; i++)
        {
            if (Directory.Exists(app.OutboxDirectory))
            {
                foreach (var file in Directory.GetFiles(app.OutboxDirectory, "*.eml"))
                {
                    var text = await File.ReadAllTextAsync(file);
                    if (text.Contains(recipient, StringComparison.OrdinalIgnoreCase) && text.Contains(subject, StringComparison.Ordinal))
                    {
                        return text;
                    }
                }
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"No e-mail \"{subject}\" to the contact reached the pickup directory.");
    }

    internal static DateOnly Today() =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeBySystemTimeZoneId(DateTimeOffset.UtcNow, "America/Chicago").DateTime);

    /// <summary>Random letters, so names and contacts never collide with another test's.</summary>
    internal static string Letters() => new([.. Enumerable.Range(0, 6).Select(_ => (char)('a' + Random.Shared.Next(26)))]);
}
