using System.Net;
using System.Net.Mail;
using System.Text;
using FairShot.Domain;
using Microsoft.Extensions.Options;

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
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public bool EnableSsl { get; set; }
    public string? UserName { get; set; }
    public string? Password { get; set; }
}

/// <summary>Delivers one outbox message; throws when it could not, and the dispatcher retries.</summary>
public interface IMessageSender
{
    Task SendAsync(OutboxMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// E-mail over SMTP when <c>Notifications:Smtp:Host</c> is set; otherwise every message is written
/// to <c>Notifications:Directory</c>: e-mail as an <c>.eml</c> file (SmtpClient's pickup directory),
/// SMS as a <c>.sms.txt</c> file holding the number and the text. Until an SMS provider is wired in,
/// SMS always goes to the directory.
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
        using var mail = new MailMessage
        {
            From = new MailAddress(settings.From),
            Subject = message.Subject,
            Body = message.Body,
            BodyEncoding = Encoding.UTF8,
            SubjectEncoding = Encoding.UTF8,
            IsBodyHtml = false,
        };
        mail.To.Add(new MailAddress(message.Recipient));
        mail.Headers.Add("Content-Language", message.Language);
        mail.Headers.Add("X-FairShot-Message-Id", message.Id.ToString());

        using var client = new SmtpClient();
        if (string.IsNullOrWhiteSpace(settings.Smtp.Host))
        {
            // A file a developer can read as it is: raw UTF-8, no transfer encoding.
            mail.BodyTransferEncoding = System.Net.Mime.TransferEncoding.EightBit;
            client.DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory;
            client.PickupDirectoryLocation = PickupDirectory;
        }
        else
        {
            mail.BodyTransferEncoding = System.Net.Mime.TransferEncoding.QuotedPrintable;
            client.Host = settings.Smtp.Host;
            client.Port = settings.Smtp.Port;
            client.EnableSsl = settings.Smtp.EnableSsl;
            client.DeliveryMethod = SmtpDeliveryMethod.Network;
            client.Timeout = 30_000;
            if (!string.IsNullOrEmpty(settings.Smtp.UserName))
            {
                client.Credentials = new NetworkCredential(settings.Smtp.UserName, settings.Smtp.Password);
            }
        }
        await client.SendMailAsync(mail, cancellationToken);
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
