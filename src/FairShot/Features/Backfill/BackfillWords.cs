using FairShot.Features.Notifications;

namespace FairShot.Features.Backfill;

/// <summary>Same-day seats offered to people on standby. Every language implements it (Features/Shared/Languages).</summary>
public interface IBackfillWords
{
    // backfill
    /// <summary>A same-day seat offered to people on standby; <paramref name="expires"/> is already written in this language.</summary>
    RenderedMessage StandbyOfferMessage(string name, string clinic, string link, string expires);
    RenderedMessage StandbyGoneMessage(string name, string clinic);
}
