using System.Globalization;
using System.Net;
using FairShot.Bench;
using FairShot.Domain;
using FairShot.Features.Notifications;
using FairShot.Tests.Features;
using FairShot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Tests.Reliability;

/// <summary>
/// The mail server down during a wave — refusing connections, then accepting and never answering —
/// for ten minutes of the app's clock: every invitee still gets a code (queued) and books, nothing
/// waits on the mail server, and once it is back the outbox drains: every message sent, none
/// dropped, none given up on. The long version (ten real minutes of each, on a real process) is in
/// the bench's `chaos` command.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class MailDownTests : IAsyncLifetime
{
    private readonly ChaosSmtp _smtp = new();
    private FairShotApp _app = null!;

    public async ValueTask InitializeAsync()
    {
        _app = new FairShotApp()
            .With("Notifications:Smtp:Host", "127.0.0.1")
            .With("Notifications:Smtp:Port", _smtp.Port.ToString(CultureInfo.InvariantCulture))
            .With("Notifications:Smtp:Timeout", "00:00:01")
            .With("Notifications:BatchSize", "5");
        await _app.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    /// <summary>Ten minutes of the app's clock with dispatcher rounds in it: each minute while refusing; at 0 and 5 while hanging (each hanging attempt waits out the timeout).</summary>
    private async Task TenMinutesDownAsync(ChaosSmtp.Mode mode)
    {
        _smtp.Set(mode);
        var rounds = mode == ChaosSmtp.Mode.Hanging ? 2 : 10;
        for (var round = 0; round < rounds; round++)
        {
            Assert.Equal(0, await _app.DispatchOutboxAsync());
            _app.Clock.Advance(TimeSpan.FromMinutes(10.0 / rounds));
        }
    }

    private async Task<(List<InvitationFlow.Invitee> Invitees, List<string> Slots, string DayId)> WaveAsync(InvitationFlow flow, int people)
    {
        var (_, dayId, day) = await flow.ClinicDayAsync(slots: 2, perSlot: 5);
        var invitees = new List<InvitationFlow.Invitee>();
        for (var i = 0; i < people; i++)
        {
            invitees.Add(await flow.RegisterAsync());
        }
        await flow.WaveAsync(dayId, new { count = people });
        return (invitees, day.GetProperty("slots").EnumerateArray().Select(s => s.GetProperty("id").GetString()!).ToList(), dayId);
    }

    [Fact]
    public async Task MailRefusingThenHanging_DuringAWave_BookingsUnaffected_OutboxDrainsAfterwards_NothingLost()
    {
        var flow = new InvitationFlow(_app);
        _smtp.Set(ChaosSmtp.Mode.Refusing);
        var (invitees, slots, _) = await WaveAsync(flow, 8);

        // The wave while mail refuses: codes are queued (202), verified and booked.
        var booked = 0;
        foreach (var (invitee, i) in invitees.Select((x, i) => (x, i)))
        {
            var (token, client) = await flow.VerifiedAsync(invitee);
            var answer = await InvitationFlow.BookAsync(client, token, slots[i % slots.Count]);
            Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
            booked++;
            if (i == 3)
            {
                await TenMinutesDownAsync(ChaosSmtp.Mode.Refusing);
            }
        }
        Assert.Equal(8, booked);
        await TenMinutesDownAsync(ChaosSmtp.Mode.Hanging);
        Assert.True(_smtp.Connections > 0, "The dispatcher should have tried the mail server.");
        await _app.WithDbAsync(async db =>
        {
            Assert.Equal(0, await db.Outbox.CountAsync(m => m.SentAt != null));
            // Twenty minutes down: the codes ran out (10 minutes) and are not sent late; they are
            // marked undelivered for staff to see (the resident asks for a new one). Nothing else is given up.
            Assert.Equal(0, await db.Outbox.CountAsync(m => m.FailedAt != null && m.Template != NotificationTemplates.InvitationCode));
            return 0;
        });

        // Mail is back: within the next half hour of retries the outbox drains, each message once.
        _smtp.Set(ChaosSmtp.Mode.Up);
        for (var round = 0; round < 30; round++)
        {
            _app.Clock.Advance(TimeSpan.FromMinutes(1));
            while (await _app.DispatchOutboxAsync() > 0)
            {
            }
        }
        var all = await _app.WithDbAsync(db => db.Outbox.AsNoTracking().ToListAsync());
        var expiredCodes = all.Where(m => m.Template == NotificationTemplates.InvitationCode && m.FailedAt is not null).ToList();
        Assert.All(expiredCodes, m => Assert.Null(m.SentAt));
        var outbox = all.Except(expiredCodes).ToList();
        Assert.All(outbox, m => Assert.True(m.SentAt is not null && m.FailedAt is null, $"{m.Template} {m.Id}: attempts {m.Attempts}, {m.LastError}"));
        // At least once (a send that timed out waiting for the server's 250 may come again), none missing, no expired code sent late.
        Assert.Equal(outbox.Select(m => m.Id.ToString()).Order(), _smtp.ReceivedIds.Distinct().Order());
        Assert.Equal(8, outbox.Count(m => m.Template == NotificationTemplates.Booked));
        Assert.Equal(8, all.Count(m => m.Template == NotificationTemplates.InvitationCode));
    }

    [Fact]
    public async Task MailDown_CodesQueuedBehindOtherMessages_GoFirstWhenMailReturns()
    {
        var flow = new InvitationFlow(_app);
        _smtp.Set(ChaosSmtp.Mode.Refusing);
        var (invitees, _, _) = await WaveAsync(flow, 6);
        await TenMinutesDownAsync(ChaosSmtp.Mode.Refusing);
        // Two invitees ask for a code while the registrations' and invitations' messages wait; mail is back a minute later.
        foreach (var invitee in invitees.Take(2))
        {
            Assert.Equal(HttpStatusCode.Accepted, (await flow.RequestCodeAsync(await flow.LinkTokenAsync(invitee.Email))).StatusCode);
        }
        // (A code still waiting when it runs out is not sent late: see the test above; these are fresh.)
        _smtp.Set(ChaosSmtp.Mode.Up);
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        await _app.DispatchOutboxAsync(); // one batch of 5, the minute mail is back
        var codes = await _app.WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => m.Template == NotificationTemplates.InvitationCode).Select(m => m.Id).ToListAsync());
        Assert.Equal(2, codes.Count);
        Assert.True(codes.All(id => _smtp.ReceivedIds.Take(2).Contains(id.ToString())),
            $"The first messages out after the outage should be the codes; received first: {string.Join(", ", _smtp.ReceivedIds.Take(5))}; codes: {string.Join(", ", codes)}");
    }
}
