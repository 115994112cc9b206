using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FairShot.BrowserTests.Portal;

/// <summary>Features/Portal/Status: a resident looks up their place in line with a code sent to their phone.</summary>
public sealed partial class StatusTests(ConsoleApp app)
{
    [Fact]
    public async Task CheckStatus_InSpanish_WithTheTextedCode_ShowsGroupPhaseAndPeopleAhead()
    {
        var phone = $"417555{Random.Shared.Next(1000, 9999)}";
        using (var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) })
        {
            var registered = await http.PostAsJsonAsync("/api/v1/registrations", new
            {
                firstName = "Lupe",
                lastName = "Estado" + SignUpTests.Letters(),
                dateOfBirth = SignUpTests.Today().AddYears(-80).ToString("yyyy-MM-dd"),
                phone,
                zipCode = "63050",
                occupation = "none",
                setting = "home",
                conditions = Array.Empty<string>(),
                language = "es",
            });
            Assert.Equal(System.Net.HttpStatusCode.Created, registered.StatusCode);
        }
        await using var tab = await app.OpenAsync(390, 844);
        var page = tab.Page;

        await page.GotoAsync("/status?lang=es");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("¿Cuál es mi lugar en la lista?");
        await page.GetByLabel("Correo electrónico o número de celular").FillAsync($"({phone[..3]}) {phone[3..6]}-{phone[6..]}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enviarme un código" }).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("Si este correo o número está registrado, le enviamos un código");
        await tab.AssertLooksRightAsync();
        await tab.ScreenshotAsync("status-code-phone");

        // A wrong code first: the message is next to the box, in Spanish.
        await page.GetByLabel("El código de 6 números").FillAsync("12345");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ver mi lugar en la lista" }).ClickAsync();
        await Expect(page.Locator("#Code-error")).ToHaveTextAsync("Escriba el código de 6 números que le enviamos.");

        var code = await TextedCodeAsync("+1" + phone);
        await page.GetByLabel("El código de 6 números").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Ver mi lugar en la lista" }).ClickAsync();

        var person = page.Locator("section.fs-person");
        await Expect(person).ToHaveCountAsync(1);
        await Expect(person.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Lupe");
        await Expect(person).ToContainTextAsync("Esperando en la lista");
        await Expect(person).ToContainTextAsync("Personas de 75 años o más");
        await Expect(person).ToContainTextAsync("todavía no está abierta");
        await Expect(person).ToContainTextAsync(new Regex("(Hay|No hay) .*antes que usted"));
        await tab.AssertLooksRightAsync();
        await tab.ScreenshotAsync("status-answer-phone");
    }

    [Fact]
    public async Task AskForCode_ForAnUnknownContact_GivesTheSameAnswer()
    {
        await using var tab = await app.OpenAsync();
        var page = tab.Page;

        await page.GotoAsync("/status?lang=en");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send me a code" }).ClickAsync();
        await Expect(page.Locator("#Contact-error")).ToHaveTextAsync("Enter the e-mail address or mobile phone number you signed up with.");

        await page.GetByLabel("E-mail or mobile phone number").FillAsync($"nobody.{SignUpTests.Letters()}@example.org");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send me a code" }).ClickAsync();

        await Expect(page.Locator("main")).ToContainTextAsync("If this e-mail or phone number is registered, we sent it a 6-digit code.");
        await Expect(page.GetByLabel("The 6-digit code")).ToBeVisibleAsync();
        await tab.AssertLooksRightAsync();
        await tab.ScreenshotAsync("status-code");
    }

    /// <summary>The code in the text message the dispatcher wrote to the pickup directory for this number.</summary>
    private async Task<string> TextedCodeAsync(string number)
    {
        var outbox = Path.Combine(app.Directory, "outbox");
        for (var i = 0; i < 100; i++)
        {
            if (Directory.Exists(outbox))
            {
                foreach (var file in Directory.GetFiles(outbox, "*.sms.txt"))
                {
                    var text = await File.ReadAllTextAsync(file);
                    if (text.Contains(number, StringComparison.Ordinal) && SixDigits().Match(text) is { Success: true } match)
                    {
                        return match.Value;
                    }
                }
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("No text message with a code reached the outbox directory.");
    }

    [GeneratedRegex(@"(?<=código de FairShot es )\d{6}")]
    private static partial Regex SixDigits();
}
