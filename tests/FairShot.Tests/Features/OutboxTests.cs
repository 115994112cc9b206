using System.Reflection;
using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Notifications;
using FairShot.Features.Shared.Languages;
using FairShot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FairShot.Tests.Features;

/// <summary>The notification outbox: written with the change, sent once by whichever instance claims it.</summary>
public sealed class OutboxTests : IAsyncLifetime
{
    private FairShotApp _app = new();

    public async ValueTask InitializeAsync() => await _app.InitializeAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<Guid> QueueAsync(NotificationChannel channel, string recipient, string language = "en", string note = "hello", bool commit = true)
    {
        await using var scope = _app.Scope();
        var notifier = scope.ServiceProvider.GetRequiredService<Notifier>();
        var db = scope.ServiceProvider.GetRequiredService<FairShotDb>();
        var message = notifier.Queue(channel, recipient, language, NotificationTemplates.Test, w => w.TestMessage(note));
        if (commit)
        {
            await db.SaveChangesAsync();
        }
        return message.Id;
    }

    private Task<OutboxMessage> RowAsync(Guid id) => _app.WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync(m => m.Id == id));

    private async Task<FairShotApp> RestartWithAsync(params (string Key, string Value)[] settings)
    {
        await _app.DisposeAsync();
        _app = new FairShotApp();
        foreach (var (key, value) in settings)
        {
            _app.With(key, value);
        }
        await _app.InitializeAsync();
        return _app;
    }

    [Fact]
    public async Task Dispatch_WithoutSmtp_WritesAnEmlAndAnSmsFile_HoldingRecipientAndFullText()
    {
        var email = await QueueAsync(NotificationChannel.Email, "ana@example.org", "es", "Cita confirmada: señora Núñez");
        var sms = await QueueAsync(NotificationChannel.Sms, "+15735550123", "en", "Your code is in the next message");

        Assert.Equal(2, await _app.DispatchOutboxAsync());

        var eml = Directory.GetFiles(_app.OutboxDirectory, "*.eml").Select(File.ReadAllText).Single();
        Assert.Contains("To: ana@example.org", eml, StringComparison.Ordinal);
        Assert.Contains("Este es un mensaje de prueba de FairShot. Cita confirmada: señora Núñez", eml, StringComparison.Ordinal);
        Assert.Contains("Content-Language: es", eml, StringComparison.Ordinal);
        var text = File.ReadAllText(Directory.GetFiles(_app.OutboxDirectory, "*.sms.txt").Single());
        Assert.Contains("To: +15735550123", text, StringComparison.Ordinal);
        Assert.Contains("This is a test message from FairShot. Your code is in the next message", text, StringComparison.Ordinal);
        Assert.NotNull((await RowAsync(email)).SentAt);
        Assert.NotNull((await RowAsync(sms)).SentAt);
        Assert.Equal(0, await _app.DispatchOutboxAsync()); // nothing is sent twice
    }

    [Fact]
    public async Task Queue_InAChangeThatNeverCommits_SendsNothing()
    {
        await QueueAsync(NotificationChannel.Email, "ghost@example.org", commit: false);

        Assert.Equal(0, await _app.DispatchOutboxAsync());
        Assert.Equal(0, await _app.WithDbAsync(db => db.Outbox.CountAsync()));
    }

    [Fact]
    public async Task Dispatch_WithSmtpConfigured_DeliversOverSmtp()
    {
        await using var sink = new SmtpSink();
        await RestartWithAsync(("Notifications:Smtp:Host", "127.0.0.1"), ("Notifications:Smtp:Port", sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var id = await QueueAsync(NotificationChannel.Email, "bea@example.org", "en", "over the wire");

        Assert.Equal(1, await _app.DispatchOutboxAsync());

        var mail = Assert.Single(sink.Messages);
        Assert.Equal(["<bea@example.org>"], mail.To);
        Assert.Contains("Subject: FairShot test message", mail.Data, StringComparison.Ordinal);
        Assert.Contains("over the wire", mail.Data, StringComparison.Ordinal);
        Assert.NotNull((await RowAsync(id)).SentAt);
        Assert.Empty(Directory.Exists(_app.OutboxDirectory) ? Directory.GetFiles(_app.OutboxDirectory, "*.eml") : []);
    }

    [Fact]
    public async Task Dispatch_WhenSmtpIsDown_BacksOffAndRetries_UntilItIsBack()
    {
        var port = SmtpSink.FreePort();
        await RestartWithAsync(("Notifications:Smtp:Host", "127.0.0.1"), ("Notifications:Smtp:Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var id = await QueueAsync(NotificationChannel.Email, "cal@example.org");

        Assert.Equal(0, await _app.DispatchOutboxAsync());
        var failed = await RowAsync(id);
        Assert.Equal(1, failed.Attempts);
        Assert.Null(failed.SentAt);
        Assert.NotNull(failed.LastError);
        Assert.Equal(_app.Clock.GetUtcNow().UtcDateTime + TimeSpan.FromSeconds(30), failed.NextAttemptAt);

        Assert.Equal(0, await _app.DispatchOutboxAsync()); // not due yet: no second attempt
        Assert.Equal(1, (await RowAsync(id)).Attempts);

        await using var sink = new SmtpSink(port);
        _app.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(1, await _app.DispatchOutboxAsync());
        Assert.Single(sink.Messages);
        var sent = await RowAsync(id);
        Assert.Equal(2, sent.Attempts);
        Assert.NotNull(sent.SentAt);
    }

    [Fact]
    public async Task Dispatch_WhenSmtpAcceptsAndNeverAnswers_FailsWithinTheTimeout_AndKeepsTheMessageForARetry()
    {
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var held = new List<System.Net.Sockets.TcpClient>();
        var accepting = Task.Run(async () =>
        {
            while (true)
            {
                held.Add(await silent.AcceptTcpClientAsync()); // connected, and not a byte in reply
            }
        });
        var port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
        await RestartWithAsync(("Notifications:Smtp:Host", "127.0.0.1"), ("Notifications:Smtp:Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Notifications:Smtp:Timeout", "00:00:02"));
        var id = await QueueAsync(NotificationChannel.Email, "fay@example.org");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(0, await _app.DispatchOutboxAsync());
        clock.Stop();

        Assert.NotEmpty(held); // the attempt did reach the silent server
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(10));
        var row = await RowAsync(id);
        Assert.Equal(1, row.Attempts);
        Assert.Null(row.SentAt);
        Assert.Null(row.FailedAt);
        Assert.Contains("No answer within", row.LastError, StringComparison.Ordinal);
        Assert.Equal(_app.Clock.GetUtcNow().UtcDateTime + TimeSpan.FromSeconds(30), row.NextAttemptAt);
        silent.Stop();
        held.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task Dispatch_AfterMaxAttempts_GivesUpAndKeepsTheError()
    {
        await RestartWithAsync(("Notifications:Smtp:Host", "127.0.0.1"), ("Notifications:Smtp:Port", SmtpSink.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var id = await QueueAsync(NotificationChannel.Email, "dee@example.org");

        for (var i = 0; i < OutboxMessage.MaxAttempts + 3; i++)
        {
            await _app.DispatchOutboxAsync();
            _app.Clock.Advance(TimeSpan.FromHours(2));
        }

        var row = await RowAsync(id);
        Assert.Equal(OutboxMessage.MaxAttempts, row.Attempts);
        Assert.NotNull(row.FailedAt);
        Assert.Null(row.SentAt);
        Assert.NotNull(row.LastError);
    }

    [Fact]
    public async Task ALeaseHeldByACrashedInstance_ExpiresAndTheMessageIsSent()
    {
        var id = await QueueAsync(NotificationChannel.Sms, "+15735550199");
        var until = _app.Clock.GetUtcNow().UtcDateTime + TimeSpan.FromMinutes(2);
        await _app.WithDbAsync(db => db.Outbox.Where(m => m.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseOwner, "crashed").SetProperty(m => m.LeaseExpiresAt, until)));

        Assert.Equal(0, await _app.DispatchOutboxAsync());
        _app.Clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(1, await _app.DispatchOutboxAsync());
    }

    [Fact]
    public async Task TwoDispatchersRacing_SendEachMessageExactlyOnce()
    {
        const int count = 60;
        for (var i = 0; i < count; i++)
        {
            await QueueAsync(NotificationChannel.Sms, $"+1573555{i:D4}");
        }
        var a = ActivatorUtilities.CreateInstance<OutboxDispatcher>(_app.Services);
        var b = ActivatorUtilities.CreateInstance<OutboxDispatcher>(_app.Services);

        async Task<int> DrainAsync(OutboxDispatcher dispatcher)
        {
            var sent = 0;
            for (var round = 0; round < 20; round++)
            {
                sent += await dispatcher.DispatchDueAsync(CancellationToken.None);
            }
            return sent;
        }
        var sent = await Task.WhenAll(DrainAsync(a), DrainAsync(b));

        Assert.Equal(count, sent.Sum());
        Assert.Equal(count, Directory.GetFiles(_app.OutboxDirectory, "*.sms.txt").Length);
        Assert.Equal(count, await _app.WithDbAsync(db => db.Outbox.CountAsync(m => m.SentAt != null && m.Attempts == 1)));
    }
}

public sealed class NotificationTemplateTests
{
    /// <summary>Every message any capability sends: the methods of the words interfaces that return one.</summary>
    public static TheoryData<string> Messages()
    {
        var data = new TheoryData<string>();
        foreach (var method in MessageMethods())
        {
            data.Add(method.DeclaringType!.Name + "." + method.Name);
        }
        return data;
    }

    private static IEnumerable<MethodInfo> MessageMethods() =>
        typeof(IWords).GetInterfaces().SelectMany(i => i.GetMethods()).Where(m => m.ReturnType == typeof(RenderedMessage));

    [Fact]
    public void Messages_CoverEveryKindOfMessage() =>
        Assert.True(MessageMethods().Count() >= typeof(NotificationTemplates).GetFields().Length, "each kind of message has its text");

    [Theory]
    [MemberData(nameof(Messages))]
    public void Message_InEveryLanguage_UsesEveryValueAndIsTranslated(string name)
    {
        var method = MessageMethods().Single(m => m.DeclaringType!.Name + "." + m.Name == name);
        var values = method.GetParameters().Select(p => p.ParameterType == typeof(int) ? (object)17 : $"<{p.Name}>").ToArray();

        var rendered = Words.All.Select(language => (language.Lang, Message: (RenderedMessage)method.Invoke(language, values)!)).ToList();

        foreach (var (lang, message) in rendered)
        {
            Assert.False(string.IsNullOrWhiteSpace(message.Subject), $"{lang}: no subject");
            foreach (var value in values)
            {
                Assert.Contains(value.ToString()!, message.Body, StringComparison.Ordinal);
            }
            Assert.DoesNotContain("{", message.Body, StringComparison.Ordinal);
        }
        Assert.Equal(rendered.Count, rendered.Select(r => r.Message.Subject).Distinct().Count());
        Assert.Equal(rendered.Count, rendered.Select(r => r.Message.Body).Distinct().Count());
    }

    [Fact]
    public void StaffWelcome_InSpanish_ReadsAsSpanish()
    {
        var message = Words.Spanish.StaffWelcomeMessage("Ana", "Condado Demo", "Scheduler", "https://example.org/console");

        Assert.Equal("Su cuenta de personal de FairShot", message.Subject);
        Assert.Contains("Hola Ana:", message.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fr")]
    [InlineData(null)]
    [InlineData("")]
    public void Language_Unknown_FallsBackToEnglish(string? language) =>
        Assert.Equal("FairShot test message", Words.For(language).TestMessage("").Subject);

    [Fact]
    public void Language_InCapitals_IsStillKnown() => Assert.Same(Words.Spanish, Words.For("ES"));

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(20, 3600)]
    public void Backoff_DoublesUpToAnHour(int attempts, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), OutboxMessage.Backoff(attempts));
}
