using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Shared.Languages;

namespace FairShot.Features.Notifications;

/// <summary>
/// Puts a message in the outbox as part of the current unit of work: it is sent if and only if the
/// change that caused it commits. Nothing is sent from a request thread. The message is written in the
/// person's language (the default one if it is unknown) when it is queued; the row keeps the text.
/// </summary>
public sealed class Notifier(FairShotDb db, TimeProvider clock)
{
    /// <param name="template">The kind of message (<see cref="NotificationTemplates"/>), kept on the row for counting and reports.</param>
    /// <param name="message">The message in a language, e.g. <c>w =&gt; w.StatusCodeMessage(code, 10)</c>.</param>
    public OutboxMessage Queue(NotificationChannel channel, string recipient, string? language, string template, Func<IWords, RenderedMessage> message)
    {
        var words = Words.For(language);
        var text = message(words);
        var row = new OutboxMessage(channel, recipient, words.Lang, template, text.Subject, text.Body, clock.GetUtcNow().UtcDateTime);
        db.Outbox.Add(row);
        return row;
    }
}
