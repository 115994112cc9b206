using FairShot.Data;
using FairShot.Domain;

namespace FairShot.Features.Notifications;

/// <summary>
/// Puts a message in the outbox as part of the current unit of work: it is sent if and only if the
/// change that caused it commits. Nothing is sent from a request thread.
/// </summary>
public sealed class Notifier(FairShotDb db, TimeProvider clock)
{
    public OutboxMessage Queue(NotificationChannel channel, string recipient, string? language, string template, IReadOnlyDictionary<string, string> values)
    {
        var lang = NotificationTemplates.NormalizeLanguage(language);
        var message = NotificationTemplates.Render(template, lang, values);
        var row = new OutboxMessage(channel, recipient, lang, template, message.Subject, message.Body, clock.GetUtcNow().UtcDateTime);
        db.Outbox.Add(row);
        return row;
    }
}
