using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using FairShot.Domain;
using FairShot.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace FairShot.Tests.Features.Booking;

/// <summary>
/// Features/Portal/Invitation and Appointments over HTTP on the suite's database: what a GET of a
/// personal link may change, the cookies verification sets, booking once per key, the time that
/// just filled up, and the pages that need the session.
/// </summary>
public sealed partial class BookingPagesTests : FreshAppTest
{
    [GeneratedRegex("name=\"IdempotencyKey\" value=\"([^\"]+)\"")]
    private static partial Regex KeyField();

    [GeneratedRegex("name=\"SlotId\" value=\"([0-9a-f-]{36})\"")]
    private static partial Regex SlotTile();

    [GeneratedRegex("(src|href)=\"(https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex ThirdPartyResource();

    private HttpClient Browser() => App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private static (string, string)[] CodeAndBirthDate(string code, DateOnly dob) =>
        [("Code", code), ("BirthMonth", dob.Month.ToString(System.Globalization.CultureInfo.InvariantCulture)),
         ("BirthDay", dob.Day.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("BirthYear", dob.Year.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>A clinic day, an invitee with a live invitation for it, and the path of their link.</summary>
    private async Task<(System.Text.Json.JsonElement Day, InvitationFlow.Invitee Invitee, string Link)> InvitedAsync(string language = "en", int perSlot = 5, string cvx = "212")
    {
        var (_, dayId, day) = await Flow.ClinicDayAsync(slots: 3, perSlot: perSlot, cvx: cvx);
        var invitee = await Flow.RegisterAsync(language: language);
        await Flow.WaveAsync(dayId);
        return (day, invitee, "/i/" + await Flow.LinkTokenAsync(invitee.Email));
    }

    /// <summary>Through the pages: ask for the code, enter it with the date of birth. The client then holds the session cookie.</summary>
    private async Task<HttpClient> VerifiedBrowserAsync(string link, InvitationFlow.Invitee invitee)
    {
        var client = Browser();
        var asked = await Forms.PostAsync(client, link, link);
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        var verified = await Forms.PostAsync(client, link + "/code", link + "/code", CodeAndBirthDate(await Flow.LatestCodeAsync(invitee.Email), invitee.DateOfBirth));
        Assert.Equal(link + "/slots", verified.Headers.Location?.OriginalString);
        return client;
    }

    private static string SlotId(System.Text.Json.JsonElement day, int index) => day.GetProperty("slots")[index].GetProperty("id").GetString()!;

    [Fact]
    public async Task Landing_ForALinkNeverIssued_Answers404()
    {
        var client = Browser();

        var unknown = await client.GetAsync("/i/" + new string('A', 43));
        var malformed = await client.GetAsync("/i/not-a-token");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("We cannot find this invitation", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, malformed.StatusCode);
    }

    [Fact]
    public async Task Landing_Get_OnlyCountsTheVisit_SendsNothingAndShowsNothingPersonal()
    {
        var (_, invitee, link) = await InvitedAsync();
        var outbox = await App.WithDbAsync(db => db.Outbox.CountAsync());
        var audit = await App.WithDbAsync(db => db.AuditEntries.CountAsync());
        var client = Browser();

        var first = await client.GetAsync(link);
        var html = await first.Content.ReadAsStringAsync();
        await client.GetAsync(link);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("no-referrer", first.Headers.GetValues("Referrer-Policy").Single());
        Assert.True(first.Headers.CacheControl?.NoStore);
        Assert.DoesNotMatch(ThirdPartyResource(), html);
        Assert.Contains("This link is for you only", html, StringComparison.Ordinal);
        Assert.Contains("it will not work for anyone else", html, StringComparison.Ordinal);
        Assert.DoesNotContain(invitee.Email, html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("•••", html, StringComparison.Ordinal); // the masked contact only after asking
        Assert.Equal(outbox, await App.WithDbAsync(db => db.Outbox.CountAsync()));
        Assert.Equal(audit, await App.WithDbAsync(db => db.AuditEntries.CountAsync()));
        Assert.Equal(0, await App.WithDbAsync(db => db.OneTimeCodes.CountAsync()));
        var invitation = await App.WithDbAsync(db => db.Invitations.SingleAsync(i => i.PersonId == Guid.Parse(invitee.Id)));
        Assert.Equal(InvitationState.Outstanding, invitation.State);
        Assert.Equal(2, invitation.Visits);
        Assert.Equal(1, await App.WithDbAsync(db => db.InvitationVisits.CountAsync(v => v.InvitationId == invitation.Id)));
    }

    [Fact]
    public async Task Landing_OpenedManyTimesAtOnce_CountsEveryVisit_BeforeAnswering()
    {
        // On SQLite the notes of visits arriving together are committed together (VisitNotes):
        // every page must still be answered only once its visit is written, and none lost.
        var (_, invitee, link) = await InvitedAsync();
        var phone = Browser();
        var laptop = Browser();
        laptop.DefaultRequestHeaders.UserAgent.ParseAdd("Laptop/1.0");

        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => (i % 2 == 0 ? phone : laptop).GetAsync(link)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var invitation = await App.WithDbAsync(db => db.Invitations.SingleAsync(i => i.PersonId == Guid.Parse(invitee.Id)));
        Assert.Equal(40, invitation.Visits);
        Assert.Equal(2, await App.WithDbAsync(db => db.InvitationVisits.CountAsync(v => v.InvitationId == invitation.Id)));
    }

    [Fact]
    public async Task RobotsTxt_KeepsSearchEnginesAwayFromLinksAndAppointments()
    {
        var robots = await Browser().GetStringAsync("/robots.txt");

        Assert.Contains("Disallow: /i/\n", robots, StringComparison.Ordinal);
        Assert.Contains("Disallow: /appointments/\n", robots, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Landing_SpeaksTheInviteesLanguage_UnlessThisDeviceChoseOne()
    {
        var (_, _, link) = await InvitedAsync(language: "es");

        var onFile = await Browser().GetStringAsync(link);
        var asked = await Browser().GetStringAsync(link + "?lang=en");
        using var remembered = new HttpRequestMessage(HttpMethod.Get, link);
        remembered.Headers.Add("Cookie", "fs-lang=en");
        var fromCookie = await (await Browser().SendAsync(remembered)).Content.ReadAsStringAsync();

        Assert.Contains("<html lang=\"es\">", onFile, StringComparison.Ordinal);
        Assert.Contains("Enviarme mi código", WebUtility.HtmlDecode(onFile), StringComparison.Ordinal);
        Assert.Contains($"href=\"{link}?lang=en\"", onFile, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", asked, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", fromCookie, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("expired", "This invitation has expired")]
    [InlineData("revoked", "This invitation was withdrawn")]
    public async Task Landing_ForALinkThatCannotBeUsed_Answers410AndSaysWhatToDoNext(string why, string heading)
    {
        var (_, invitee, link) = await InvitedAsync();
        if (why == "expired")
        {
            App.Clock.Advance(TimeSpan.FromHours(49));
        }
        else
        {
            var id = await App.WithDbAsync(db => db.Invitations.Where(i => i.PersonId == Guid.Parse(invitee.Id)).Select(i => i.Id).SingleAsync());
            (await (await Flow.AdminAsync()).PostAsync($"/api/v1/admin/invitations/{id}/revoke", null)).EnsureSuccessStatusCode();
        }
        var client = Browser();

        var page = await client.GetAsync(link);
        var asked = await Forms.PostAsync(client, "/status", link); // a form token from any page: the POST must also refuse

        Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains(heading, html, StringComparison.Ordinal);
        Assert.Contains("You keep your place in line", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/status\"", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, asked.StatusCode);
        Assert.Equal(0, await App.WithDbAsync(db => db.OneTimeCodes.CountAsync()));
    }

    [Fact]
    public async Task CodePage_RightCodeAndBirthDate_SetsAStrictHttpOnlyCookieForThisLinkOnly()
    {
        var (_, invitee, link) = await InvitedAsync();
        var client = Browser();

        var asked = await Forms.PostAsync(client, link, link);
        var codePage = await client.GetStringAsync(link + "/code");
        var verified = await Forms.PostAsync(client, link + "/code", link + "/code", CodeAndBirthDate(await Flow.LatestCodeAsync(invitee.Email), invitee.DateOfBirth));

        Assert.Equal(link + "/code", asked.Headers.Location?.OriginalString);
        Assert.Contains("•••@", WebUtility.HtmlDecode(codePage), StringComparison.Ordinal);
        Assert.Contains("autocomplete=\"one-time-code\"", codePage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, verified.StatusCode);
        var cookie = SetCookieHeaderValue.ParseList(verified.Headers.GetValues("Set-Cookie").ToList()).Single(c => c.Name == "fs-booking");
        Assert.Equal(link, cookie.Path.Value);
        Assert.True(cookie.HttpOnly);
        Assert.Equal(Microsoft.Net.Http.Headers.SameSiteMode.Strict, cookie.SameSite);
        Assert.False(cookie.Secure); // the Testing environment; Secure everywhere else (ResidentSession.SecureCookies)
        Assert.Equal(App.Clock.GetUtcNow() + InvitationSession.Lifetime, cookie.Expires!.Value, TimeSpan.FromSeconds(2));
        Assert.Equal(43, cookie.Value.Length);
        Assert.True(await App.WithDbAsync(db => db.InvitationSessions.AnyAsync(s => s.TokenHash == Invitation.HashToken(cookie.Value.Value!))));
    }

    [Fact]
    public async Task CodePage_WrongBirthDate_GivesTheOneNeutralMessage_CountsIt_AndShowsNothingBack()
    {
        var (_, invitee, link) = await InvitedAsync();
        var client = Browser();
        await Forms.PostAsync(client, link, link);
        var code = await Flow.LatestCodeAsync(invitee.Email);

        var answer = await Forms.PostAsync(client, link + "/code", link + "/code", CodeAndBirthDate(code, invitee.DateOfBirth.AddDays(1)));

        var html = WebUtility.HtmlDecode(await answer.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("The code or the date of birth is not right. Check both, or ask for a new code.", html, StringComparison.Ordinal);
        Assert.DoesNotContain(code, html, StringComparison.Ordinal);
        Assert.DoesNotContain($"value=\"{invitee.DateOfBirth.AddDays(1).Year}\"", html, StringComparison.Ordinal);
        Assert.False(answer.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("fs-booking=", StringComparison.Ordinal)));
        Assert.Equal(1, await App.WithDbAsync(db => db.Invitations.Where(i => i.PersonId == Guid.Parse(invitee.Id)).Select(i => i.WrongBirthDates).SingleAsync()));
    }

    [Fact]
    public async Task CodePage_AfterFiveWrongTries_AsksForANewCode()
    {
        var (_, invitee, link) = await InvitedAsync();
        var client = Browser();
        await Forms.PostAsync(client, link, link);
        var code = await Flow.LatestCodeAsync(invitee.Email);
        var wrong = code == "000000" ? "111111" : "000000";
        for (var i = 0; i < 5; i++)
        {
            await Forms.PostAsync(client, link + "/code", link + "/code", CodeAndBirthDate(wrong, invitee.DateOfBirth));
        }

        var sixth = await Forms.PostAsync(client, link + "/code", link + "/code", CodeAndBirthDate(code, invitee.DateOfBirth));

        var html = await sixth.Content.ReadAsStringAsync();
        Assert.Contains("This code has had too many wrong tries. Ask for a new code.", html, StringComparison.Ordinal);
        Assert.Contains("handler=Resend", html, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"BirthYear\"", html, StringComparison.Ordinal); // nothing left to try with this code
    }

    [Fact]
    public async Task Slots_WithoutASession_GoBackToTheCodePage()
    {
        var (_, _, link) = await InvitedAsync();

        var answer = await Browser().GetAsync(link + "/slots");

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal(link + "/code", answer.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Slots_PostedTwiceWithTheSameKey_BookOnce_AndBothLandOnTheConfirmation()
    {
        var (day, invitee, link) = await InvitedAsync();
        var client = await VerifiedBrowserAsync(link, invitee);
        var slots = await client.GetStringAsync(link + "/slots");
        var key = KeyField().Match(slots).Groups[1].Value;
        Assert.True(Guid.TryParse(key, out _));
        Assert.Equal(3, SlotTile().Matches(slots).Count);

        var first = await Forms.PostAsync(client, link + "/slots", link + "/slots", ("SlotId", SlotId(day, 1)), ("IdempotencyKey", key));
        var retry = await client.PostAsync(link + "/slots", new FormUrlEncodedContent(
            [new("SlotId", SlotId(day, 1)), new("IdempotencyKey", key), new("__RequestVerificationToken", Forms.TokenField().Match(slots).Groups[1].Value)]));

        Assert.Equal(link + "/booked", first.Headers.Location?.OriginalString);
        Assert.Equal(link + "/booked", retry.Headers.Location?.OriginalString);
        Assert.Equal(1, await App.WithDbAsync(db => db.Appointments.CountAsync(a => a.PersonId == Guid.Parse(invitee.Id))));
        Assert.Equal(1, await App.WithDbAsync(db => db.Slots.Where(s => s.Id == Guid.Parse(SlotId(day, 1))).Select(s => s.Booked).SingleAsync()));
    }

    [Fact]
    public async Task Slots_ATimeThatJustFilledUp_ShowsTheTimesStillFree()
    {
        var (day, invitee, link) = await InvitedAsync(perSlot: 2);
        var client = await VerifiedBrowserAsync(link, invitee);
        var slots = await client.GetStringAsync(link + "/slots");
        var full = Guid.Parse(SlotId(day, 0));
        await App.WithDbAsync(db => db.Slots.Where(s => s.Id == full).ExecuteUpdateAsync(s => s.SetProperty(x => x.Booked, x => x.Capacity)));

        var answer = await client.PostAsync(link + "/slots", new FormUrlEncodedContent(
            [new("SlotId", full.ToString()), new("IdempotencyKey", KeyField().Match(slots).Groups[1].Value), new("__RequestVerificationToken", Forms.TokenField().Match(slots).Groups[1].Value)]));

        var html = await answer.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("That time has just filled up. Please choose another time.", html, StringComparison.Ordinal);
        Assert.Contains("Times that are still free", html, StringComparison.Ordinal);
        var offered = SlotTile().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal([SlotId(day, 1), SlotId(day, 2)], offered);
        Assert.NotEqual(KeyField().Match(slots).Groups[1].Value, KeyField().Match(html).Groups[1].Value);
        Assert.Equal(0, await App.WithDbAsync(db => db.Appointments.CountAsync()));
    }

    [Fact]
    public async Task ConfirmationAndCalendar_NeedTheSessionThatBooked()
    {
        var (day, invitee, link) = await InvitedAsync();
        var client = await VerifiedBrowserAsync(link, invitee);
        var slots = await client.GetStringAsync(link + "/slots");
        await Forms.PostAsync(client, link + "/slots", link + "/slots", ("SlotId", SlotId(day, 2)), ("IdempotencyKey", KeyField().Match(slots).Groups[1].Value));
        var code = await App.WithDbAsync(db => db.Appointments.Where(a => a.PersonId == Guid.Parse(invitee.Id)).Select(a => a.ConfirmationCode).SingleAsync());

        var page = await client.GetAsync(link + "/booked");
        var calendar = await client.GetAsync(link + "/booked?handler=Calendar");
        var otherDevice = Browser();
        var pageElsewhere = await otherDevice.GetAsync(link + "/booked");
        var calendarElsewhere = await otherDevice.GetAsync(link + "/booked?handler=Calendar");

        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.True(page.Headers.CacheControl?.NoStore); // a shared computer's back button does not bring it back
        Assert.Contains($"id=\"confirmation-code\">{code}<", html, StringComparison.Ordinal);
        var siteCode = await App.WithDbAsync(db => db.Appointments.Where(a => a.ConfirmationCode == code).Select(a => a.SiteCode).SingleAsync());
        Assert.Contains($"id=\"site-code\">{siteCode}<", html, StringComparison.Ordinal); // the vaccinator asks for it
        Assert.Contains("src=\"data:image/png;base64,", html, StringComparison.Ordinal);
        Assert.Contains("Monday, March 1, 2027 at 9:30\u00a0AM", html, StringComparison.Ordinal); // 15:30 UTC in Chicago
        Assert.Contains($"href=\"/appointments/{code}\"", html, StringComparison.Ordinal);
        Assert.Equal("text/calendar", calendar.Content.Headers.ContentType?.MediaType);
        Assert.Equal("vaccine-appointment.ics", calendar.Content.Headers.ContentDisposition?.FileNameStar ?? calendar.Content.Headers.ContentDisposition?.FileName);
        var ics = await calendar.Content.ReadAsStringAsync();
        Assert.Contains("DTSTART;TZID=America/Chicago:20270301T093000\r\n", ics, StringComparison.Ordinal); // the clinic's 9:30, with its zone
        Assert.Contains($"Confirmation code: {code}.", ics, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, pageElsewhere.StatusCode);
        Assert.DoesNotContain(code, await pageElsewhere.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, calendarElsewhere.StatusCode);
        Assert.NotEqual("text/calendar", calendarElsewhere.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>An appointment booked through the API, and a browser holding a manage session for it.</summary>
    private async Task<(string Code, System.Text.Json.JsonElement Day, InvitationFlow.Invitee Invitee, HttpClient Client)> ManagingAsync(int slot = 0)
    {
        var (_, dayId, day) = await Flow.ClinicDayAsync(slots: 3, perSlot: 2);
        var invitee = await Flow.RegisterAsync();
        await Flow.WaveAsync(dayId);
        var (token, api) = await Flow.VerifiedAsync(invitee);
        var booked = await (await InvitationFlow.BookAsync(api, token, SlotId(day, slot))).JsonAsync(HttpStatusCode.Created);
        var code = booked.GetProperty("confirmationCode").GetString()!;
        var client = Browser();
        var asked = await Forms.PostAsync(client, $"/appointments/{code}", $"/appointments/{code}");
        Assert.Equal($"/appointments/{code}/code", asked.Headers.Location?.OriginalString);
        var manageCode = ManageCode().Match((await App.WithDbAsync(db => db.Outbox.Where(m => m.Recipient == invitee.Email && m.Template == "appointment-code")
            .OrderByDescending(m => m.CreatedAt).FirstAsync())).Body).Groups[1].Value;
        var verified = await Forms.PostAsync(client, $"/appointments/{code}/code", $"/appointments/{code}/code", ("Code", manageCode));
        Assert.Equal($"/appointments/{code}", verified.Headers.Location?.OriginalString);
        var cookie = SetCookieHeaderValue.ParseList(verified.Headers.GetValues("Set-Cookie").ToList()).Single(c => c.Name == "fs-appointment");
        Assert.Equal($"/appointments/{code}", cookie.Path.Value);
        Assert.True(cookie.HttpOnly);
        Assert.Equal(Microsoft.Net.Http.Headers.SameSiteMode.Strict, cookie.SameSite);
        return (code, day, invitee, client);
    }

    [GeneratedRegex(@"\b(\d{6})\b")]
    private static partial Regex ManageCode();

    [Fact]
    public async Task Manage_ConfirmationCodeAlone_ShowsNothing_AndUnknownCodesAre404()
    {
        var (code, _, _, _) = await ManagingAsync();

        var bare = await Browser().GetStringAsync($"/appointments/{code}");
        var unknown = await Browser().GetAsync("/appointments/ACDEFGHJKL");
        var lower = await Browser().GetAsync($"/appointments/{code.ToLowerInvariant()}/move");

        Assert.Contains("Send me my code", bare, StringComparison.Ordinal);
        Assert.DoesNotContain("9:00", bare, StringComparison.Ordinal);
        Assert.DoesNotContain("data:image/png", bare, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal($"/appointments/{code}/move", lower.Headers.Location?.OriginalString); // where the cookie is sent
    }

    [Fact]
    public async Task Manage_CancelAfterTheConfirmStep_GivesTheSeatBack()
    {
        var (code, day, invitee, client) = await ManagingAsync();
        var slot = Guid.Parse(SlotId(day, 0));

        var view = await client.GetStringAsync($"/appointments/{code}");
        var confirm = await client.GetStringAsync($"/appointments/{code}/cancel");
        var bookedBefore = await App.WithDbAsync(db => db.Slots.Where(s => s.Id == slot).Select(s => s.Booked).SingleAsync());
        var cancelled = await Forms.PostAsync(client, $"/appointments/{code}/cancel", $"/appointments/{code}/cancel");
        var after = await client.GetStringAsync($"/appointments/{code}");

        Assert.Contains("Cancel my appointment", view, StringComparison.Ordinal);
        Assert.Contains($"id=\"site-code\">{await App.WithDbAsync(db => db.Appointments.Where(a => a.ConfirmationCode == code).Select(a => a.SiteCode).SingleAsync())}<",
            view, StringComparison.Ordinal);
        Assert.Contains("Yes, cancel my appointment", confirm, StringComparison.Ordinal);
        Assert.Equal(1, bookedBefore);
        Assert.Equal($"/appointments/{code}", cancelled.Headers.Location?.OriginalString);
        Assert.Equal(0, await App.WithDbAsync(db => db.Slots.Where(s => s.Id == slot).Select(s => s.Booked).SingleAsync()));
        Assert.Contains("Your appointment is cancelled.", after, StringComparison.Ordinal);
        Assert.Equal(PersonStatus.Waiting, await App.WithDbAsync(db => db.People.Where(p => p.Id == Guid.Parse(invitee.Id)).Select(p => p.Status).SingleAsync()));
    }

    [Fact]
    public async Task Manage_MoveToAnotherTime_TakesTheNewSeatAndGivesBackTheOld()
    {
        var (code, day, _, client) = await ManagingAsync(slot: 0);

        var choices = await client.GetStringAsync($"/appointments/{code}/move");
        var moved = await Forms.PostAsync(client, $"/appointments/{code}/move", $"/appointments/{code}/move", ("SlotId", SlotId(day, 2)));

        Assert.Equal([SlotId(day, 1), SlotId(day, 2)], SlotTile().Matches(choices).Select(m => m.Groups[1].Value).ToList()); // not the current one
        Assert.Equal($"/appointments/{code}", moved.Headers.Location?.OriginalString);
        var booked = await App.WithDbAsync(db => db.Slots.Where(s => s.ClinicDayId == Guid.Parse(day.GetProperty("id").GetString()!))
            .OrderBy(s => s.StartsAt).Select(s => s.Booked).ToListAsync());
        Assert.Equal([0, 0, 1], booked);
        Assert.Contains("Your appointment has been moved", await client.GetStringAsync($"/appointments/{code}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MoveChoices_AreFutureFreeSlotsOfTheSameVaccine_NotTheCurrentOne()
    {
        var (code, day, invitee, _) = await ManagingAsync(slot: 1);
        var (_, _, otherVaccine) = await Flow.ClinicDayAsync(slots: 2, cvx: "208");
        await App.WithDbAsync(db => db.Slots.Where(s => s.Id == Guid.Parse(SlotId(day, 2))).ExecuteUpdateAsync(s => s.SetProperty(x => x.Booked, x => x.Capacity)));
        var api = App.CreateClient();
        App.Clock.Advance(TimeSpan.FromSeconds(61)); // a new code goes a minute after the last one (used in ManagingAsync)
        (await api.PostAsync($"/api/v1/appointments/{code}/code", null)).EnsureSuccessStatusCode();
        var manageCode = ManageCode().Match((await App.WithDbAsync(db => db.Outbox.Where(m => m.Recipient == invitee.Email && m.Template == "appointment-code")
            .OrderByDescending(m => m.CreatedAt).FirstAsync())).Body).Groups[1].Value;
        var session = await (await api.PostAsJsonAsync($"/api/v1/appointments/{code}/verify", new { code = manageCode })).JsonAsync();
        api.DefaultRequestHeaders.Authorization = new("Bearer", session.GetProperty("sessionToken").GetString());

        var slots = await (await api.GetAsync($"/api/v1/appointments/{code}/slots")).JsonAsync();
        var unauthorised = await App.CreateClient().GetAsync($"/api/v1/appointments/{code}/slots");

        Assert.Equal([SlotId(day, 0)], slots.EnumerateArray().Select(s => s.GetProperty("id").GetString()).ToList());
        Assert.DoesNotContain(slots.EnumerateArray(), s => s.GetProperty("clinicDayId").GetString() == otherVaccine.GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorised.StatusCode);
    }
}
