using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Shared.Languages;

namespace FairShot.Features.Notifications;

/// <summary>
/// Puts a message in the outbox as part of the current unit of work: it is sent if and only if the
/// change that caused it commits. Nothing is sent from a request thread. The message is written in the
/// person's language (the default one if it is unknown) when it is queued; the row keeps the text
/// until it is sent, then only a copy without its links and codes (<see cref="MessageRedaction"/>).
/// Codes are queued ahead of everything else and expire with the code.
/// </summary>
public sealed class Notifier(FairShotDb db, TimeProvider clock)
{
    /// <param name="template">The kind of message (<see cref="NotificationTemplates"/>), kept on the row for counting and reports.</param>
    /// <param name="message">The message in a language, e.g. <c>w =&gt; w.StatusCodeMessage(code, 10)</c>.</param>
    /// <param name="invitationId">The invitation whose link the message carries (an undelivered one does not count as outstanding).</param>
    /// <param name="expiresAt">When the message stops being worth sending (the link's end); codes expire with the code on their own.</param>
    public OutboxMessage Queue(NotificationChannel channel, string recipient, string? language, string template, Func<IWords, RenderedMessage> message,
        Guid? invitationId = null, DateTime? expiresAt = null)
    {
        var words = Words.For(language);
        var text = message(words);
        var now = clock.GetUtcNow().UtcDateTime;
        expiresAt ??= NotificationTemplates.IsCode(template) ? now + OneTimeCode.Lifetime : null;
        var row = new OutboxMessage(channel, recipient, words.Lang, template, text.Subject, text.Body, now,
            NotificationTemplates.PriorityOf(template), expiresAt, invitationId);
        db.Outbox.Add(row);
        return row;
    }
}
