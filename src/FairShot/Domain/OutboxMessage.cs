namespace FairShot.Domain;

public enum NotificationChannel
{
    Email = 1,
    Sms = 2,
}

/// <summary>
/// A message waiting to be sent, written in the same transaction as the change that causes it.
/// The dispatcher claims it with a lease (a conditional update), so among several app instances
/// only one sends it; a failed send is retried with backoff until <see cref="MaxAttempts"/>.
/// </summary>
public sealed class OutboxMessage
{
    public const int MaxAttempts = 8;
    public const int RecipientMaxLength = 320;
    public const int SubjectMaxLength = 300;

    private OutboxMessage() { }

    public OutboxMessage(NotificationChannel channel, string recipient, string language, string template, string subject, string body, DateTime now)
    {
        Id = Guid.CreateVersion7();
        Channel = channel;
        Recipient = recipient;
        Language = language;
        Template = template;
        Subject = subject;
        Body = body;
        CreatedAt = now;
        NextAttemptAt = now;
    }

    public Guid Id { get; private set; }
    public NotificationChannel Channel { get; private set; }
    public string Recipient { get; private set; } = "";
    public string Language { get; private set; } = "en";
    public string Template { get; private set; } = "";
    public string Subject { get; private set; } = "";
    public string Body { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public int Attempts { get; private set; }
    public DateTime NextAttemptAt { get; private set; }
    public string? LeaseOwner { get; private set; }
    public DateTime? LeaseExpiresAt { get; private set; }
    public DateTime? SentAt { get; private set; }
    public DateTime? FailedAt { get; private set; }
    public string? LastError { get; private set; }

    /// <summary>Exponential backoff: 30 s, 1 min, 2 min ... capped at one hour.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(3600, 30 * Math.Pow(2, Math.Max(0, attempts - 1))));
}
