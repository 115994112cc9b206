using FairShot.Domain;
using FairShot.Features.Notifications;

namespace FairShot.Features.Appointments;

/// <summary>Seeing, moving and cancelling an appointment, and the code message it sends. Every language implements it (Features/Shared/Languages).</summary>
public interface IAppointmentWords
{
    // managing an appointment
    string ManageTitle { get; }
    string ManageIntro { get; }
    string ConfirmationCodeLabel { get; }
    string ManageCodeIntro { get; }
    string ShowMyAppointment { get; }
    string AppointmentUnknownHeading { get; }
    string AppointmentUnknown { get; }
    string ManageTooManyCodes { get; }
    string StateName(AppointmentState state);
    string ChangeTime { get; }
    string CancelAppointment { get; }
    string CancelTitle { get; }
    string CancelWarning { get; }
    string CancelBackInLine { get; }
    string CancelAlsoSecond { get; }
    string YesCancel { get; }
    string NoKeep { get; }
    string Cancelled { get; }
    string NotBookedAnyMore { get; }
    string MoveTitle { get; }
    string MoveNow(DateTime local);
    string MoveKeep { get; }
    string MoveToThisTime { get; }
    string Moved { get; }
    string MovedSecondDoseReleased(DateOnly reservedFrom);
    string MoveSecondDoseFrom(DateOnly earliest);
    string MoveLaterReleasesSecond(DateOnly lastDayKeepingIt);
    string NoOtherTimes { get; }
    string BackToAppointment { get; }
    string AppointmentChanged { get; }
    RenderedMessage AppointmentCodeMessage(string code, int minutes);
}
