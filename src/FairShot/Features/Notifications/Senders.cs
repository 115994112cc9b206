using System.Text;
using FairShot.Domain;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Text;

namespace FairShot.Features.Notifications;

public sealed class NotificationOptions
{
    /// <summary>Where messages are written as files when no SMTP host is set (relative to the content root).</summary>
    public string Directory { get; set; } = "data/outbox";
    public string From { get; set; } = "FairShot <no-reply@fairshot.invalid>";
    public SmtpOptions Smtp { get; set; } = new();
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);
    public int BatchSize { get; set; } = 20;

    /// <summary>
    /// The longest one attempt can take: over SMTP, connecting and then sending, each within
    /// <see cref="SmtpOptions.Timeout"/>, and a second to spare; writing a file, a few seconds.
    /// </summary>
    public TimeSpan LongestAttempt => string.IsNullOrWhiteSpace(Smtp.Host) ? TimeSpan.FromSeconds(5) : Smtp.Timeout * 2 + TimeSpan.FromSeconds(1);
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public bool EnableSsl { get; set; }
    public string? UserName { get; set; }
    public string? Password { get; set; }

    /// <summary>How long connecting (up to the server's greeting and TLS) may take, and then again sending one message.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>Delivers one outbox message; throws when it could not, and the dispatcher retries.</summary>
public interface IMessageSender
{
    Task SendAsync(OutboxMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// E-mail over SMTP when <c>Notifications:Smtp:Host</c> is set; otherwise every message is written
/// to <c>Notifications:Directory</c>: e-mail as an <c>.eml</c> file (the MIME message as it would be
/// sent), SMS as a <c>.sms.txt</c> file holding the number and the text. Until an SMS provider is
/// wired in, SMS always goes to the directory. SMTP is MailKit's: connecting and sending each have
/// <c>Notifications:Smtp:Timeout</c>, so a server that accepts the connection and never answers
/// fails the attempt (the dispatcher retries it later) instead of holding the dispatcher.
/// </summary>
public sealed class MessageSender(IOptions<NotificationOptions> options, IHostEnvironment environment) : IMessageSender
{
    public async Task SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        switch (message.Channel)
        {
            case NotificationChannel.Email:
                await SendEmailAsync(message, settings, cancellationToken);
                break;
            case NotificationChannel.Sms:
                await WriteSmsAsync(message, cancellationToken);
                break;
            default:
                throw new InvalidOperationException($"Unknown channel {message.Channel}.");
        }
    }

    public string PickupDirectory
    {
        get
        {
            var dir = options.Value.Directory;
            var full = Path.IsPathRooted(dir) ? dir : Path.Combine(environment.ContentRootPath, dir);
            System.IO.Directory.CreateDirectory(full);
            return full;
        }
    }

    private async Task SendEmailAsync(OutboxMessage message, NotificationOptions settings, CancellationToken cancellationToken)
    {
        var mail = new MimeMessage { Subject = message.Subject };
        mail.From.Add(MailboxAddress.Parse(settings.From));
        mail.To.Add(MailboxAddress.Parse(message.Recipient));
        mail.Headers.Add("Content-Language", message.Language);
        mail.Headers.Add("X-FairShot-Message-Id", message.Id.ToString());
        var body = new TextPart(TextFormat.Plain);
        body.SetText(Encoding.UTF8, message.Body);
        mail.Body = body;

        if (string.IsNullOrWhiteSpace(settings.Smtp.Host))
        {
            // A file a developer can read as it is: raw UTF-8, no transfer encoding.
            body.ContentTransferEncoding = ContentEncoding.EightBit;
            var path = Path.Combine(PickupDirectory, $"{message.Id}.eml");
            var temporary = path + ".tmp";
            await mail.WriteToAsync(temporary, cancellationToken);
            File.Move(temporary, path, overwrite: true);
            return;
        }

        body.ContentTransferEncoding = ContentEncoding.QuotedPrintable;
        var smtp = settings.Smtp;
        using var client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        // EnableSsl: TLS from the first byte on port 465 (SMTPS), STARTTLS required elsewhere.
        var security = !smtp.EnableSsl ? SecureSocketOptions.None : smtp.Port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls;
        await WithinAsync(smtp.Timeout, "connecting to", smtp, async token =>
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, security, token);
            if (!string.IsNullOrEmpty(smtp.UserName))
            {
                await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", token);
            }
        }, cancellationToken);
        await WithinAsync(smtp.Timeout, "sending to", smtp, async token =>
        {
            await client.SendAsync(mail, token);
            await client.DisconnectAsync(quit: true, token);
        }, cancellationToken);
    }

    /// <summary>
    /// Async socket reads ignore a read timeout, so the time limit is a cancellation; it surfaces as
    /// a <see cref="TimeoutException"/>, which the dispatcher records as a failed attempt (a
    /// cancellation it would take for the host shutting down).
    /// </summary>
    private static async Task WithinAsync(TimeSpan limit, string doing, SmtpOptions smtp, Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            await work(timeout.Token);
        }
        catch (Exception e) when ((e is OperationCanceledException or TimeoutException) && !cancellationToken.IsCancellationRequested)
        {
            // MailKit's own Timeout (the same limit) may fire first with its own wording: one message either way.
            throw new TimeoutException($"No answer within {limit} {doing} SMTP server {smtp.Host}:{smtp.Port}.", e);
        }
    }

    private async Task WriteSmsAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var path = Path.Combine(PickupDirectory, $"{message.Id}.sms.txt");
        var text = $"To: {message.Recipient}\nLanguage: {message.Language}\n\n{message.Body}\n";
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, text, Encoding.UTF8, cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }
}
