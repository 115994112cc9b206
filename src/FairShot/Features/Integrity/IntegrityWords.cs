using FairShot.Features.Notifications;

namespace FairShot.Features.Integrity;

/// <summary>What a person reads when the county cancels a booking in an integrity clean-up. Every language implements it (Features/Shared/Languages).</summary>
public interface IIntegrityWords
{
    // integrity
    /// <summary>
    /// A booking cancelled because it did not come through the county's checks: plain and not
    /// accusing; says what happens next. <paramref name="note"/> is the county's own words (may be empty).
    /// </summary>
    RenderedMessage IntegrityCancelledMessage(string name, string when, string clinic, string note);
}
