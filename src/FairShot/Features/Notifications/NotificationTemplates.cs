namespace FairShot.Features.Notifications;

/// <summary>A message in the person's language: what goes into the outbox row.</summary>
public sealed record RenderedMessage(string Subject, string Body);

/// <summary>
/// The kinds of message, as the outbox row records them (counted for rate limits and shown in reports).
/// The texts are typed methods on each capability's words (e.g. <c>IStatusWords.StatusCodeMessage</c>),
/// written once per language in Features/Shared/Languages: a message cannot be sent without its values
/// or in a language that lacks it.
/// </summary>
public static class NotificationTemplates
{
    public const string StaffWelcome = "staff-welcome";
    public const string Test = "test";
    public const string Registered = "registered";
    public const string AlreadyRegistered = "already-registered";
    public const string HouseholdFull = "household-full";
    public const string StatusCode = "status-code";
    public const string Invitation = "invitation";
    public const string InvitationCode = "invitation-code";
    public const string Booked = "booked";
    public const string AppointmentCode = "appointment-code";
    public const string StandbyOffer = "standby-offer";
    public const string StandbyGone = "standby-gone";

    /// <summary>One-time codes live minutes: they go before everything else, and are not sent once they ran out.</summary>
    public static bool IsCode(string template) => template is StatusCode or InvitationCode or AppointmentCode;

    /// <summary>Codes first, then standby offers (first to confirm gets the seat), then the rest in the order queued.</summary>
    public static int PriorityOf(string template) =>
        IsCode(template) ? Domain.OutboxMessage.UrgentPriority
        : template == StandbyOffer ? Domain.OutboxMessage.OfferPriority
        : Domain.OutboxMessage.BulkPriority;
}
