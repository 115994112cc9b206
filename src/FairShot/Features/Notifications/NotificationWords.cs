namespace FairShot.Features.Notifications;

/// <summary>The notification channel's own test message. Every language implements it (Features/Shared/Languages).</summary>
public interface INotificationWords
{
    // notifications
    /// <summary>What an administrator sends to check a channel works.</summary>
    RenderedMessage TestMessage(string note);
}
