using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FairShot.Domain;
using FairShot.Tests.Features;
using FairShot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Tests.Reliability;

/// <summary>
/// Ten times the per-address limit of the invitee path at once (codes, slot lists and bookings from
/// one address): the excess gets 429 with Retry-After, nothing gets a 5xx, and no seat is lost —
/// every 201 has its appointment, the counters agree, and an invitee refused with 429 still holds
/// an unused invitation.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class BurstTests : IAsyncLifetime
{
    private const int Limit = 20;
    private readonly FairShotApp _app = new FairShotApp().With("RateLimits:InvitationActionsPerMinute", Limit.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public ValueTask InitializeAsync() => _app.InitializeAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task TenTimesTheLimit_OnTheInviteePath_Answers429WithRetryAfter_No5xx_LosesNoSeat()
    {
        var flow = new InvitationFlow(_app);
        var (_, dayId, day) = await flow.ClinicDayAsync(slots: 2, perSlot: 5);
        var slots = day.GetProperty("slots").EnumerateArray().Select(s => s.GetProperty("id").GetString()!).ToList();
        var invitees = await ReliabilitySeed.InviteesAsync(_app, dayId, 10, "burst");

        // 10 x the limit: each invitee sends 20 requests, all at once, the bookings with one key each.
        var answers = new ConcurrentBag<(int Invitee, string What, HttpStatusCode Status, bool RetryAfter, string Body)>();
        await Task.WhenAll(invitees.SelectMany((who, i) => Enumerable.Range(0, Limit).Select(async r =>
        {
            using var client = _app.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", who.Session);
            var what = (r % 4) switch { 0 => "code", 1 => "slots", _ => "book" };
            using var request = what switch
            {
                "code" => new HttpRequestMessage(HttpMethod.Post, $"/api/v1/invitations/{who.Token}/code"),
                "slots" => new HttpRequestMessage(HttpMethod.Get, $"/api/v1/invitations/{who.Token}/slots"),
                _ => new HttpRequestMessage(HttpMethod.Post, $"/api/v1/invitations/{who.Token}/appointments") { Content = JsonContent.Create(new { slotId = slots[i % 2] }) },
            };
            if (what == "book")
            {
                request.Headers.Add("Idempotency-Key", $"burst-{i}");
            }
            var answer = await client.SendAsync(request);
            answers.Add((i, what, answer.StatusCode, answer.Headers.RetryAfter is not null, await answer.Content.ReadAsStringAsync()));
        })));

        var tally = string.Join("; ", answers.GroupBy(a => (a.What, a.Status)).OrderBy(g => g.Key.What).Select(g => $"{g.Key.What} {(int)g.Key.Status}: {g.Count()}"));
        Assert.Equal(10 * Limit, answers.Count);
        Assert.DoesNotContain(answers, a => (int)a.Status >= 500);
        var limited = answers.Where(a => a.Status == HttpStatusCode.TooManyRequests).ToList();
        Assert.True(limited.Count >= 10 * Limit - Limit, tally); // the window lets the limit through, no more
        Assert.True(answers.All(a => a.Status is HttpStatusCode.TooManyRequests or HttpStatusCode.Accepted or HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.Conflict
            or HttpStatusCode.Gone), tally); // 410: the code or the slots asked for after the invitation was used

        // No seat lost: each invitee's 201s carry one confirmation code, which is in the database;
        // the counters agree; whoever got no 201 still holds an outstanding invitation.
        var booked = answers.Where(a => a.Status == HttpStatusCode.Created)
            .GroupBy(a => a.Invitee).ToDictionary(g => g.Key, g => g.Select(a => JsonDocument.Parse(a.Body).RootElement.GetProperty("confirmationCode").GetString()).Distinct().ToList());
        Assert.All(booked.Values, codes => Assert.Single(codes));
        await _app.WithDbAsync(async db =>
        {
            var daySlots = await db.Slots.AsNoTracking().Where(s => s.ClinicDayId == Guid.Parse(dayId)).ToListAsync();
            var appointments = await db.Appointments.AsNoTracking().Where(a => a.ClinicDayId == Guid.Parse(dayId) && a.State == AppointmentState.Booked).ToListAsync();
            Assert.Equal(booked.Count, appointments.Count);
            Assert.All(booked, b => Assert.Contains(appointments, a => a.ConfirmationCode == b.Value[0] && a.InvitationId == invitees[b.Key].InvitationId));
            Assert.All(daySlots, s => Assert.Equal(appointments.Count(a => a.SlotId == s.Id), s.Booked));
            var outstanding = await db.Invitations.AsNoTracking().Where(i => i.State == InvitationState.Outstanding).Select(i => i.Id).ToListAsync();
            Assert.All(invitees.Where((_, i) => !booked.ContainsKey(i)), who => Assert.Contains(who.InvitationId, outstanding));
            return 0;
        });

        Assert.True(limited.All(a => a.RetryAfter), $"{limited.Count(a => !a.RetryAfter)} of {limited.Count} answers 429 carry no Retry-After ({tally})");
    }
}
