namespace FairShot.Domain;

public enum NotificationChannel
{
    Email = 1,
    Sms = 2,
}

/// <summary>
/// A message waiting to be sent, written in the same transaction as the change that causes it.
/// The dispatcher claims it with a lease (a conditional update), so among several app instances
/// only one sends it, lowest <see cref="Priority"/> first; a failed send is retried with backoff until
/// <see cref="MaxAttempts"/> (or until it would arrive after <see cref="ExpiresAt"/>). A message that
/// could not be delivered stays visible to staff (<see cref="IsUndelivered"/>) unless another
/// channel took it over (<see cref="FallbackId"/>). Once sent, its links and codes are removed.
/// </summary>
public sealed class OutboxMessage
{
    public const int MaxAttempts = 8;
    public const int RecipientMaxLength = 320;
    public const int SubjectMaxLength = 300;

    private OutboxMessage() { }

    /// <summary>Codes: they live minutes, so they go before everything else.</summary>
    /// <remarks>From 1: the column's default (<see cref="BulkPriority"/>, for rows written before it existed) must not be the CLR default.</remarks>
    public const int UrgentPriority = 1;
    public const int OfferPriority = 2;
    public const int BulkPriority = 3;

    public OutboxMessage(NotificationChannel channel, string recipient, string language, string template, string subject, string body, DateTime now,
        int priority = BulkPriority, DateTime? expiresAt = null, Guid? invitationId = null)
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
        Priority = priority;
        ExpiresAt = expiresAt;
        InvitationId = invitationId;
    }

    /// <summary>The same message to another contact of the person, after this one could not be delivered.</summary>
    public OutboxMessage FallbackTo(NotificationChannel channel, string recipient, DateTime now) =>
        new(channel, recipient, Language, Template, Subject, Body, now, Priority, ExpiresAt, InvitationId);

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

    /// <summary>Lower goes first (<see cref="UrgentPriority"/> for codes).</summary>
    public int Priority { get; private set; } = BulkPriority;

    /// <summary>After this the message is useless (a code that has run out): it is not sent late.</summary>
    public DateTime? ExpiresAt { get; private set; }

    /// <summary>The invitation whose link this message carries: an undelivered one does not count as outstanding.</summary>
    public Guid? InvitationId { get; private set; }

    /// <summary>The message on another channel (SMS to the phone on file) that took over when this one failed for good.</summary>
    public Guid? FallbackId { get; private set; }

    public bool IsUndelivered => FailedAt is not null && FallbackId is null;

    /// <summary>Exponential backoff: 30 s, 1 min, 2 min ... capped at one hour.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(3600, 30 * Math.Pow(2, Math.Max(0, attempts - 1))));
}
