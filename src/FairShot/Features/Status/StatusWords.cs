using FairShot.Features.Notifications;

namespace FairShot.Features.Status;

/// <summary>Looking up one's place in line, and the code message it sends. Every language implements it (Features/Shared/Languages).</summary>
public interface IStatusWords
{
    // status
    string StatusTitle { get; }
    string StatusIntro { get; }
    string Contact { get; }
    string ContactHint { get; }
    string SendCode { get; }
    string EnterContact { get; }
    string CodeSent { get; }
    string SentTo { get; }
    string Code { get; }
    string CodeHint { get; }
    string ShowMyPlace { get; }
    string SendNewCode { get; }
    string UseOtherContact { get; }
    string EnterCode { get; }
    string WrongCode { get; }
    string StatusResultsIntro { get; }
    string NoOneRegistered { get; }
    string StatusLabel { get; }
    string GroupLabel { get; }
    string PhaseLabel { get; }
    string AheadLabel { get; }
    string BackToStart { get; }
    string OpenNow { get; }
    string NotOpenYet { get; }
    string Status(string status);
    /// <summary>A rough count, because the exact number changes by the minute and is not a promise.</summary>
    string PeopleAhead(int count);
    RenderedMessage StatusCodeMessage(string code, int minutes);
}
