using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using FairShot.Tests.Features;
using FairShot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Tests.Platform;

/// <summary>
/// security.md: nothing sensitive in logs — no token, code, date of birth or full contact. FairShot's
/// own logging is checked at every level; the framework's at the levels appsettings.json sets, so
/// lowering Microsoft.AspNetCore below Warning (its request logs print paths, and invitation paths
/// hold tokens) fails this test.
/// </summary>
public sealed partial class SensitiveLoggingTests : FreshAppTest
{
    [GeneratedRegex(@"\b(\d{6})\b")]
    private static partial Regex SixDigits();

    [Fact]
    public async Task RegisteringCheckingStatusAndBooking_LogNoTokenCodeBirthDateOrContact()
    {
        var (_, dayId, day) = await Flow.ClinicDayAsync();
        var invitee = await Flow.RegisterAsync();
        var client = App.CreateClient();
        (await client.PostAsJsonAsync("/api/v1/registrations/status/code", new { contact = invitee.Email })).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var statusCode = SixDigits().Match(await App.WithDbAsync(db => db.Outbox.Where(m => m.Template == "status-code").Select(m => m.Body).SingleAsync())).Groups[1].Value;
        await (await client.PostAsJsonAsync("/api/v1/registrations/status", new { contact = invitee.Email, code = statusCode })).JsonAsync();
        // A failure is logged too, if at all (the right code was used up just now).
        await (await client.PostAsJsonAsync("/api/v1/registrations/status", new { contact = invitee.Email, code = statusCode == "000000" ? "111111" : "000000" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "code");
        await Flow.WaveAsync(dayId);
        var (token, session) = await Flow.VerifiedAsync(invitee);
        var bookingCode = await Flow.LatestCodeAsync(invitee.Email);
        (await InvitationFlow.BookAsync(session, token, day.GetProperty("slots")[0].GetProperty("id").GetString()!)).StatusCode.ShouldBe(HttpStatusCode.Created);
        await App.DispatchOutboxAsync();

        var logged = string.Join('\n', App.Logs.Lines);
        Assert.NotEmpty(App.Logs.Lines);
        foreach (var secret in new[] { invitee.Email, invitee.DateOfBirth.ToString("yyyy-MM-dd"), token, statusCode, bookingCode, FairShotApp.AdminPassword })
        {
            Assert.DoesNotContain(secret, logged, StringComparison.OrdinalIgnoreCase);
        }
    }
}
