using FairShot.Features.Notifications;

namespace FairShot.Features.Booking;

/// <summary>Choosing a time and the confirmation: the page, the appointment card, the calendar file and the message. Every language implements it (Features/Shared/Languages).</summary>
public interface IBookingWords
{
    // invitation: choosing a time
    string SlotsTitle { get; }
    string SlotsIntro { get; }
    string LocalTimeNote { get; }
    string SecondDoseNote(int days);
    string BookThisTime { get; }
    string ChooseATime { get; }
    string SlotJustFilled { get; }
    string TimesStillFree { get; }
    string SeeAllTimes { get; }
    string NoTimesLeft { get; }
    string TimeNotOffered { get; }
    string AlreadyBookedThisDose { get; }

    // booked: the confirmation
    string BookedTitle { get; }
    string BookedSentBy(bool email);
    string YourConfirmationCode { get; }
    string QrAlt(string code);
    string ShowAtClinic { get; }

    /// <summary>The 4-digit code the resident shows the vaccinator, who enters it to record the dose.</summary>
    string SiteCodeLabel { get; }
    string SiteCodeHint { get; }
    string TakeAPicture { get; }
    string WhenLabel { get; }
    string WhereLabel { get; }
    string VaccineLabel { get; }
    string DoseLabel(int dose);
    /// <summary>The other dose: when, where (null: the same clinic) and its own confirmation code.</summary>
    string OtherDoseBooked(DateTime local, string? otherClinic, string code);
    string SecondDoseReserved(DateOnly from);
    string AddToCalendar { get; }
    string ChangeOrCancel { get; }
    string CalendarSummary(int dose);
    string CalendarDescription(string code);
    string CalendarReminder { get; }
    string CalendarFileName { get; }
    /// <summary>The booking confirmation; <paramref name="secondDose"/> is one of the two lines below, or empty.</summary>
    RenderedMessage BookedMessage(string name, string when, string clinic, string address, string code, string secondDose, string manageLink, string siteCode);
    string SecondDoseBookedLine(string when, string code);
    string SecondDoseReservedLine(DateOnly from);
}
