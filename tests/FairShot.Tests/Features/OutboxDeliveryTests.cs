using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Notifications;
using FairShot.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FairShot.Tests.Features;

/// <summary>
/// Delivery the outbox can account for (security review, findings 7 and 10): a stuck mail server
/// costs one bounded attempt per message and never outlives the batch's lease, codes go first and
/// not late, what cannot be delivered is shown to staff, leaves its seat to the next wave and goes
/// by SMS when there is a phone, and a sent message keeps no link or code.
/// </summary>
public sealed partial class OutboxDeliveryTests : IAsyncDisposable
{
    private FairShotApp _app = null!;
    private SmtpSink? _sink;

    [GeneratedRegex(@"/i/([A-Za-z0-9_-]{43})")]
    private static partial Regex LinkPattern();

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private async Task<FairShotApp> StartAsync(params (string Key, string Value)[] settings)
    {
        _app = new FairShotApp();
        foreach (var (key, value) in settings)
        {
            _app.With(key, value);
        }
        await _app.InitializeAsync();
        return _app;
    }

    /// <summary>SMTP on a port nothing listens on: every e-mail attempt is refused at once.</summary>
    private Task<FairShotApp> StartWithMailDownAsync() =>
        StartAsync(("Notifications:Smtp:Host", "127.0.0.1"), ("Notifications:Smtp:Port", Invariant(SmtpSink.FreePort())));

    private async Task<Guid> QueueAsync(string template, Func<FairShot.Features.Shared.Languages.IWords, RenderedMessage> message, string recipient = "ann@example.org")
    {
        await using var scope = _app.Scope();
        var row = scope.ServiceProvider.GetRequiredService<Notifier>().Queue(NotificationChannel.Email, recipient, "en", template, message);
        await scope.ServiceProvider.GetRequiredService<FairShotDb>().SaveChangesAsync();
        return row.Id;
    }

    private Task<OutboxMessage> RowAsync(Guid id) => _app.WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync(m => m.Id == id));

    /// <summary>Runs the dispatcher through every attempt (the backoff is at most an hour).</summary>
    private async Task DispatchThroughEveryAttemptAsync()
    {
        for (var i = 0; i <= OutboxMessage.MaxAttempts; i++)
        {
            await _app.DispatchOutboxAsync();
            _app.Clock.Advance(TimeSpan.FromMinutes(61));
        }
    }

    private async Task<HttpClient> ConsoleAsync()
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var signedIn = await Forms.PostAsync(client, "/console/login", "/console/login", ("Email", FairShotApp.AdminEmail), ("Password", FairShotApp.AdminPassword));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return client;
    }

    [Fact]
    public async Task Dispatch_AgainstASmtpServerThatNeverAnswers_TimesOutEachAttempt_AndTheLeaseOutlastsTheBatch()
    {
        _sink = new SmtpSink { Hanging = true };
        await StartAsync(("Notifications:Smtp:Host", "127.0.0.1"), ("Notifications:Smtp:Port", Invariant(_sink.Port)),
            ("Notifications:Smtp:Timeout", "00:00:00.300"), ("Notifications:BatchSize", "4"), ("Notifications:LeaseDuration", "00:00:01"));
        var ids = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add(await QueueAsync(NotificationTemplates.Test, w => w.TestMessage("stuck"), $"stuck{i}@example.org"));
        }
        var claimedAt = _app.Clock.GetUtcNow().UtcDateTime;

        var watch = Stopwatch.StartNew();
        var dispatch = _app.DispatchOutboxAsync();
        DateTime? leaseEnds = null;
        while (!dispatch.IsCompleted && leaseEnds is null)
        {
            leaseEnds = await _app.WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => m.LeaseExpiresAt != null).Select(m => m.LeaseExpiresAt).FirstOrDefaultAsync());
            await Task.Delay(10);
        }
        Assert.Equal(0, await dispatch);
        watch.Stop();

        Assert.Equal(4, _sink.Connections); // every message was tried against the stuck server
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4 * 2 * 0.3 + 3)); // each attempt gave up at its timeout
        Assert.NotNull(leaseEnds);
        // No other instance could have claimed these messages while this batch still held them.
        Assert.True(leaseEnds.Value - claimedAt > watch.Elapsed, $"lease {leaseEnds.Value - claimedAt} < batch {watch.Elapsed}");
        foreach (var id in ids)
        {
            var row = await RowAsync(id);
            Assert.Equal(1, row.Attempts);
            Assert.Null(row.SentAt);
            Assert.Null(row.LeaseOwner);
            Assert.Contains("Timeout", row.LastError, StringComparison.Ordinal); // MailKit's own timeout, or ours around it
        }
    }

    [Fact]
    public async Task Dispatch_WithABacklogOfOlderMail_SendsACodeInTheFirstBatch()
    {
        await StartAsync(("Notifications:BatchSize", "3"));
        var bulk = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            bulk.Add(await QueueAsync(NotificationTemplates.Test, w => w.TestMessage($"bulk {i}"), $"bulk{i}@example.org"));
            _app.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        var code = await QueueAsync(NotificationTemplates.InvitationCode, w => w.InvitationCodeMessage("246810", 10));

        Assert.Equal(3, await _app.DispatchOutboxAsync());

        Assert.NotNull((await RowAsync(code)).SentAt);
        Assert.Equal(2, await _app.WithDbAsync(db => db.Outbox.CountAsync(m => bulk.Contains(m.Id) && m.SentAt != null)));
        Assert.NotNull((await RowAsync(bulk[0])).SentAt); // then the oldest
    }

    [Fact]
    public async Task Dispatch_ACodeThatRanOutUnsent_IsNotSentLate_AndIsLeftUndelivered()
    {
        await StartAsync();
        var code = await QueueAsync(NotificationTemplates.StatusCode, w => w.StatusCodeMessage("135791", 10));
        _app.Clock.Advance(OneTimeCode.Lifetime + TimeSpan.FromSeconds(1));

        Assert.Equal(0, await _app.DispatchOutboxAsync());

        var row = await RowAsync(code);
        Assert.Null(row.SentAt);
        Assert.NotNull(row.FailedAt);
        Assert.Equal(OutboxDispatcher.ExpiredError, row.LastError);
        Assert.True(row.IsUndelivered);
        Assert.False(Directory.Exists(_app.OutboxDirectory) && Directory.GetFiles(_app.OutboxDirectory).Length > 0);
    }

    [Fact]
    public async Task Dispatch_AnInvitationFailingEveryAttempt_IsListedForStaffWithABanner_AndCanBeSentAgain()
    {
        await StartWithMailDownAsync();
        var flow = new InvitationFlow(_app);
        var (_, dayId, _) = await flow.ClinicDayAsync();
        var invitee = await flow.RegisterAsync();
        await flow.WaveAsync(dayId, new { count = 1 });

        await DispatchThroughEveryAttemptAsync();

        var row = await _app.WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync(m => m.Recipient == invitee.Email && m.Template == "invitation"));
        Assert.Equal(OutboxMessage.MaxAttempts, row.Attempts);
        Assert.True(row.IsUndelivered);
        var console = await ConsoleAsync();
        var home = await console.GetStringAsync("/console");
        Assert.Contains("2 messages could not be delivered", home, StringComparison.Ordinal); // the invitation, and the registration notice before it
        var list = await console.GetStringAsync("/console/messages");
        Assert.Contains("invitation (Email)", list, StringComparison.Ordinal);
        Assert.Contains(invitee.Email[0] + "•••@example.org", WebUtility.HtmlDecode(list), StringComparison.Ordinal);
        Assert.DoesNotContain(invitee.Email, list, StringComparison.Ordinal);
        Assert.DoesNotContain("/i/", list, StringComparison.Ordinal); // never the text, which holds the link

        var again = await Forms.PostAsync(console, "/console/messages", "/console/messages?handler=SendAgain", ("id", row.Id.ToString()));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        var requeued = await RowAsync(row.Id);
        Assert.Null(requeued.FailedAt);
        Assert.Equal(0, requeued.Attempts);
        Assert.Contains("1 message could not be delivered", await console.GetStringAsync("/console"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wave_AfterAnInvitationCouldNotBeDelivered_DoesNotCountItAsOutstanding()
    {
        await StartWithMailDownAsync();
        var flow = new InvitationFlow(_app);
        var (_, dayId, _) = await flow.ClinicDayAsync(slots: 1, perSlot: 2);
        for (var i = 0; i < 4; i++)
        {
            await flow.RegisterAsync();
        }
        await flow.WaveAsync(dayId, new { count = 4 }); // at the prior 50 % acceptance, enough for the 2 seats
        await DispatchThroughEveryAttemptAsync();
        await flow.RegisterAsync();

        var sized = await flow.WaveAsync(dayId, new { });

        Assert.Equal(0, sized.GetProperty("outstanding").GetInt32()); // the four invitations went nowhere
        Assert.Equal(1, sized.GetProperty("issued").GetInt32()); // so the one still waiting is invited
    }

    [Fact]
    public async Task Dispatch_AnInvitationEmailFailingForGood_GoesBySmsToThePhoneOnFile()
    {
        await StartWithMailDownAsync();
        var flow = new InvitationFlow(_app);
        var (_, dayId, _) = await flow.ClinicDayAsync();
        var email = $"{Guid.NewGuid():N}@example.org";
        (await _app.CreateClient().PostAsJsonAsync("/api/v1/registrations", new
        {
            firstName = "Phone",
            lastName = "Onfile",
            dateOfBirth = "1980-05-05",
            email,
            phone = "(314) 555-0147",
            zipCode = "63050",
            occupation = "healthcare",
            setting = "home",
        })).EnsureSuccessStatusCode();
        await flow.WaveAsync(dayId, new { count = 1 });

        await DispatchThroughEveryAttemptAsync();

        var mail = await _app.WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync(m => m.Recipient == email && m.Template == "invitation"));
        Assert.NotNull(mail.FailedAt);
        Assert.NotNull(mail.FallbackId);
        Assert.False(mail.IsUndelivered);
        var sms = await RowAsync(mail.FallbackId!.Value);
        Assert.Equal(NotificationChannel.Sms, sms.Channel);
        Assert.Equal("+13145550147", sms.Recipient);
        Assert.NotNull(sms.SentAt);
        var text = await File.ReadAllTextAsync(Path.Combine(_app.OutboxDirectory, $"{sms.Id}.sms.txt"));
        var token = LinkPattern().Match(text).Groups[1].Value;
        var invitation = await _app.WithDbAsync(db => db.Invitations.AsNoTracking().SingleAsync());
        Assert.Equal(invitation.TokenHash, Invitation.HashToken(token)); // the SMS carries the working link
        Assert.Equal(0, await _app.WithDbAsync(db => Undelivered.Query(db).CountAsync()));
    }

    [Fact]
    public async Task Dispatch_OnceSent_NoOutboxColumnHoldsTheLinkTokenOrTheCode()
    {
        await StartAsync();
        var flow = new InvitationFlow(_app);
        var (_, dayId, _) = await flow.ClinicDayAsync();
        var invitee = await flow.RegisterAsync();
        await flow.WaveAsync(dayId, new { count = 1 });
        var token = await flow.LinkTokenAsync(invitee.Email);
        (await flow.RequestCodeAsync(token)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var code = await flow.LatestCodeAsync(invitee.Email);
        Assert.Matches("^[0-9]{6}$", code);

        await _app.DispatchOutboxAsync();

        var delivered = string.Join("\n", Directory.GetFiles(_app.OutboxDirectory, "*.eml").Select(File.ReadAllText));
        Assert.Contains(token, delivered, StringComparison.Ordinal);
        Assert.Contains(code, delivered, StringComparison.Ordinal);
        var stored = await _app.WithDbAsync(async db =>
        {
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT * FROM \"Outbox\"";
            await using var reader = await command.ExecuteReaderAsync();
            var values = new List<string>();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    values.Add(Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture) ?? "");
                }
            }
            return values;
        });
        Assert.Contains(stored, v => v.Contains(MessageRedaction.Removed, StringComparison.Ordinal)); // the messages are kept, without their secrets
        Assert.DoesNotContain(stored, v => v.Contains(token, StringComparison.Ordinal));
        Assert.DoesNotContain(stored, v => v.Contains(code, StringComparison.Ordinal));
        Assert.Equal(0, await _app.WithDbAsync(db => db.Outbox.CountAsync(m => m.SentAt == null)));
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        if (_sink is not null)
        {
            await _sink.DisposeAsync();
        }
    }
}
