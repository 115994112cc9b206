using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using FairShot.Domain;
using FairShot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Tests.Features.OneTimeCodes;

/// <summary>
/// Whoever holds a forwarded link (or knows someone's contact) cannot stop the person the codes go
/// to: a code that still works is never replaced by another request, at most one code message a
/// minute and six unused ones an hour go per invitation, a request that sends nothing says when to
/// ask again (Retry-After, never longer than a code's life) and uses up no cap, and requests from
/// many devices raise the sharing flag for staff instead.
/// </summary>
public sealed partial class ForwardedLinkTests : FreshAppTest
{
    [GeneratedRegex(@"\b(\d{6})\b")]
    private static partial Regex CodePattern();

    private HttpClient Device(string name)
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.UserAgent.ParseAdd($"Device-{name}/1.0");
        return client;
    }

    private async Task<(Features.InvitationFlow.Invitee Invitee, string Token)> InvitedAsync()
    {
        var (_, dayId, _) = await Flow.ClinicDayAsync();
        var invitee = await Flow.RegisterAsync();
        await Flow.WaveAsync(dayId);
        return (invitee, await Flow.LinkTokenAsync(invitee.Email));
    }

    private Task<int> MessagesAsync(string email, string template = "invitation-code") =>
        App.WithDbAsync(db => db.Outbox.CountAsync(m => m.Recipient == email && m.Template == template));

    private static long RetryAfterSeconds(HttpResponseMessage answer)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, answer.StatusCode);
        var delta = answer.Headers.RetryAfter?.Delta;
        Assert.True(delta is not null, "a 429 for a code carries Retry-After in seconds");
        var seconds = (long)delta!.Value.TotalSeconds;
        Assert.InRange(seconds, 1, (long)OneTimeCode.Lifetime.TotalSeconds);
        return seconds;
    }

    [Fact]
    public async Task InvitationCode_NineRequestsByTheLinksHolder_TheInviteesCodeStillVerifies_AndTheirRequestIsAnswered()
    {
        var (invitee, token) = await InvitedAsync();
        var own = Device("invitee-phone");
        (await Flow.RequestCodeAsync(token, own)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var code = await Flow.LatestCodeAsync(invitee.Email);

        var holder = Device("holder-laptop");
        for (var i = 0; i < 9; i++)
        {
            App.Clock.Advance(TimeSpan.FromSeconds(50));
            await Flow.RequestCodeAsync(token, holder);
        }
        var again = await Flow.RequestCodeAsync(token, own);

        // Not "as many codes as we can today": when the code went, that it still works, when to ask again.
        var seconds = RetryAfterSeconds(again);
        var problem = await again.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal("code-still-live", problem.GetProperty("reason").GetString());
        Assert.DoesNotContain("today", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(seconds <= (OneTimeCode.Lifetime - TimeSpan.FromSeconds(9 * 50)).TotalSeconds + 1, $"Retry-After {seconds} s is when the code expires");
        Assert.Equal(1, await MessagesAsync(invitee.Email)); // the invitee was not flooded either
        await (await Flow.VerifyAsync(token, code, invitee.DateOfBirth, own)).JsonAsync(); // the code they are typing still works
    }

    [Fact]
    public async Task InvitationCode_AHolderAskingAllDay_NeverStopsTheInvitee_AndUsesNoCapWhenNothingIsSent()
    {
        var (invitee, token) = await InvitedAsync();
        var holder = Device("holder-laptop");

        // A request every 45 seconds for three hours: far past the old daily cap of ten.
        for (var i = 0; i < 3 * 80; i++)
        {
            await Flow.RequestCodeAsync(token, holder);
            App.Clock.Advance(TimeSpan.FromSeconds(45));
        }
        var own = Device("invitee-phone");
        var answer = await Flow.RequestCodeAsync(token, own);
        if (answer.StatusCode != HttpStatusCode.Accepted)
        {
            App.Clock.Advance(TimeSpan.FromSeconds(RetryAfterSeconds(answer)));
            (await Flow.RequestCodeAsync(token, own)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }

        await (await Flow.VerifyAsync(token, await Flow.LatestCodeAsync(invitee.Email), invitee.DateOfBirth, own)).JsonAsync();
        // One message per code's life at most: three hours of asking sent no more than six an hour.
        Assert.InRange(await MessagesAsync(invitee.Email), 1, 3 * 6 + 1);
    }

    [Fact]
    public async Task InvitationCode_AskedEveryThirtySecondsForTwoHours_AtMostOneMessageAMinuteAndSixAnHour()
    {
        var (invitee, token) = await InvitedAsync();
        var holder = Device("holder-laptop");

        for (var i = 0; i < 240; i++)
        {
            var answer = await Flow.RequestCodeAsync(token, holder);
            if (answer.StatusCode != HttpStatusCode.Accepted)
            {
                RetryAfterSeconds(answer);
            }
            App.Clock.Advance(TimeSpan.FromSeconds(30));
        }

        var sent = await App.WithDbAsync(db => db.Outbox.Where(m => m.Recipient == invitee.Email && m.Template == "invitation-code").Select(m => m.CreatedAt).ToListAsync());
        sent.Sort();
        Assert.NotEmpty(sent);
        Assert.All(sent.Zip(sent.Skip(1)), pair => Assert.True(pair.Second - pair.First >= TimeSpan.FromMinutes(1), $"{pair.First:O} then {pair.Second:O}"));
        Assert.All(sent, at => Assert.InRange(sent.Count(other => other > at - TimeSpan.FromHours(1) && other <= at), 1, 6));
    }

    [Fact]
    public async Task InvitationCode_AskedAgainRightAfterItWasUsed_WaitsAMinute()
    {
        var (invitee, token) = await InvitedAsync();
        var own = Device("invitee-phone");
        (await Flow.RequestCodeAsync(token, own)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await (await Flow.VerifyAsync(token, await Flow.LatestCodeAsync(invitee.Email), invitee.DateOfBirth, own)).JsonAsync();

        var soon = await Flow.RequestCodeAsync(token, own);

        Assert.InRange(RetryAfterSeconds(soon), 1, 60);
        App.Clock.Advance(TimeSpan.FromSeconds(RetryAfterSeconds(soon)));
        (await Flow.RequestCodeAsync(token, own)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        Assert.Equal(2, await MessagesAsync(invitee.Email));
    }

    [Fact]
    public async Task InvitationCode_RefusedWhileACodeIsLiveOrOutOfTries_CarriesARetryAfterNoLongerThanACodesLife()
    {
        var (invitee, token) = await InvitedAsync();
        (await Flow.RequestCodeAsync(token)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var code = await Flow.LatestCodeAsync(invitee.Email);

        var live = RetryAfterSeconds(await Flow.RequestCodeAsync(token));

        // A guesser spends the five tries: that code is dead, yet no new one goes before it expires,
        // so codes cannot be cycled; the wait is still within a code's life.
        var wrong = code == "000000" ? "111111" : "000000";
        for (var i = 0; i < OneTimeCode.MaxAttempts; i++)
        {
            await Flow.VerifyAsync(token, wrong, invitee.DateOfBirth);
        }
        var outOfTries = await Flow.RequestCodeAsync(token);
        var wait = RetryAfterSeconds(outOfTries);
        Assert.Equal("code-out-of-tries", (await outOfTries.AssertProblemAsync(HttpStatusCode.TooManyRequests)).GetProperty("reason").GetString());
        Assert.InRange(wait, 1, live);

        App.Clock.Advance(TimeSpan.FromSeconds(wait));
        (await Flow.RequestCodeAsync(token)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await (await Flow.VerifyAsync(token, await Flow.LatestCodeAsync(invitee.Email), invitee.DateOfBirth)).JsonAsync();
    }

    [Fact]
    public async Task InvitationCode_RequestsFromManyDevices_RaiseTheSharingFlag_AndDoNotStopTheInvitee()
    {
        var (invitee, token) = await InvitedAsync();
        var own = Device("invitee-phone");
        (await Flow.RequestCodeAsync(token, own)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var code = await Flow.LatestCodeAsync(invitee.Email);

        for (var i = 0; i < 8; i++)
        {
            App.Clock.Advance(TimeSpan.FromSeconds(61));
            await Flow.RequestCodeAsync(token, Device($"other-{i}"));
        }

        var invitationId = await App.WithDbAsync(db => db.Invitations.Where(i => i.PersonId == Guid.Parse(invitee.Id)).Select(i => i.Id).SingleAsync());
        var flagged = await (await (await Flow.AdminAsync()).GetAsync("/api/v1/admin/invitations?flagged=true")).JsonAsync();
        var row = Assert.Single(flagged.EnumerateArray(), r => r.GetProperty("id").GetGuid() == invitationId);
        Assert.True(row.GetProperty("possiblyShared").GetBoolean());
        Assert.Equal(9, row.GetProperty("devices").GetInt32());
        await (await Flow.VerifyAsync(token, code, invitee.DateOfBirth, own)).JsonAsync(); // flagged for staff, not blocked
    }

    [Fact]
    public async Task AppointmentCode_RepeatRequestsWhileACodeIsLive_KeepTheFirstCode_AndAnswerWithRetryAfter()
    {
        var (_, dayId, day) = await Flow.ClinicDayAsync(slots: 2, perSlot: 1);
        var invitee = await Flow.RegisterAsync();
        await Flow.WaveAsync(dayId);
        var (token, session) = await Flow.VerifiedAsync(invitee);
        var booked = await (await Features.InvitationFlow.BookAsync(session, token, day.GetProperty("slots")[0].GetProperty("id").GetString()!)).JsonAsync(HttpStatusCode.Created);
        var confirmation = booked.GetProperty("confirmationCode").GetString()!;
        var client = App.CreateClient();
        (await client.PostAsync($"/api/v1/appointments/{confirmation}/code", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var first = await LatestAsync(invitee.Email, "appointment-code");

        for (var i = 0; i < 9; i++)
        {
            App.Clock.Advance(TimeSpan.FromSeconds(50));
            RetryAfterSeconds(await App.CreateClient().PostAsync($"/api/v1/appointments/{confirmation}/code", null));
        }

        Assert.Equal(1, await MessagesAsync(invitee.Email, "appointment-code"));
        await (await client.PostAsJsonAsync($"/api/v1/appointments/{confirmation}/verify", new { code = first })).JsonAsync();
    }

    [Fact]
    public async Task StatusCode_RepeatRequestsWhileACodeIsLive_KeepTheFirstCode()
    {
        var invitee = await Flow.RegisterAsync();
        var client = App.CreateClient();
        (await client.PostAsJsonAsync("/api/v1/registrations/status/code", new { contact = invitee.Email })).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var first = await LatestAsync(invitee.Email, "status-code");

        for (var i = 0; i < 9; i++)
        {
            App.Clock.Advance(TimeSpan.FromSeconds(50));
            // The same answer whether or not anything was sent: the contact's existence stays hidden.
            (await App.CreateClient().PostAsJsonAsync("/api/v1/registrations/status/code", new { contact = invitee.Email })).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }

        Assert.Equal(1, await MessagesAsync(invitee.Email, "status-code"));
        await (await client.PostAsJsonAsync("/api/v1/registrations/status", new { contact = invitee.Email, code = first })).JsonAsync();
    }

    private async Task<string> LatestAsync(string email, string template) =>
        CodePattern().Match((await App.WithDbAsync(db => db.Outbox.Where(m => m.Recipient == email && m.Template == template)
            .OrderByDescending(m => m.CreatedAt).FirstAsync())).Body).Groups[1].Value;
}
