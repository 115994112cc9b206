using System.Globalization;
using FairShot.Domain;
using FairShot.Features.Appointments;
using FairShot.Features.Backfill;
using FairShot.Features.Booking;
using FairShot.Features.Home;
using FairShot.Features.Invitations;
using FairShot.Features.Notifications;
using FairShot.Features.Registration;
using FairShot.Features.Staff;
using FairShot.Features.Status;

namespace FairShot.Features.Shared.Languages;

/// <summary>
/// Every word a person reads, in English. Plain, short words: many readers are over 75 and read on a
/// phone. A meaning a capability adds to its words interface and this file lacks is a build error.
/// </summary>
public sealed class English() : Words("en", "English", "English"), IWords
{
    // --- IShellWords: layout -------------------------------------------------------------------------
    public string LanguageSwitchLabel => "Language";
    public string SkipToContent => "Skip to main content";
    public string HomeLinkTitle => "FairShot home";
    public string Footer => "FairShot — vaccine sign-up and appointments for your county health department.";
    public string CheckWhatYouEntered => "Check what you entered";

    // --- IShellWords: dates --------------------------------------------------------------------------
    private static readonly string[] Months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    public IReadOnlyList<string> MonthNames => Months;

    private static readonly string[] Days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

    public string WeekdayDate(DateOnly date) => $"{Days[(int)date.DayOfWeek]}, {Months[date.Month - 1]} {date.Day}";

    public string FullDate(DateOnly date) => $"{WeekdayDate(date)}, {date.Year}";

    public string Time(TimeOnly time)
    {
        var hour = time.Hour % 12 == 0 ? 12 : time.Hour % 12;
        var clock = $"{hour}:{time.Minute:00}";
        // No-break spaces: "9:15" and "a. m." stay on one line on a narrow phone.
        return time.Hour < 12 ? clock + "\u00a0AM" : clock + "\u00a0PM";
    }

    public string When(DateTime local)
    {
        var time = TimeOnly.FromDateTime(local);
        var date = DateOnly.FromDateTime(local);
        return $"{FullDate(date)} at {Time(time)}";
    }

    public string LongDate(DateOnly date) =>
        $"{Months[date.Month - 1]} {date.Day}, {date.Year}";

    // --- IHomeWords: home ----------------------------------------------------------------------------
    public string HomeTitle => "COVID-19 vaccine";
    public string HomeHeading => "Get your COVID-19 vaccine";
    public string HomeIntro => "Your county health department gives vaccines by appointment, in a fair order.";
    public string SignUpButton => "Sign up for a vaccine";
    public string CheckPlaceLink => "Check where you are in line";
    public string HowItWorks => "How it works";
    public string HomeStep1Heading => "Sign up";
    public string HomeStep1 => "Tell us who you are and how to reach you. It takes about five minutes. Someone can help you by phone.";
    public string HomeStep2Heading => "Wait for your invitation";
    public string HomeStep2 => "When it is your turn and vaccine is here, we send you a personal invitation by e-mail or text message.";
    public string HomeStep3Heading => "Book and get your shot";
    public string HomeStep3 => "Use your invitation to choose a time. Only you can use it: we check a code we send you and your date of birth.";
    public string StaffSignIn => "Health department staff:";
    public string StaffSignInLink => "sign in to the console";

    // --- IRegistrationWords: sign-up steps -----------------------------------------------------------
    public string SignUpTitle => "Sign up for a vaccine";

    public string StepOf(int step, int total) => $"Step {step} of {total}";

    public string StepHeading(int step) => step switch
    {
        1 => "Your name and date of birth",
        2 => "How can we reach you?",
        3 => "Your ZIP code",
        4 => "Your work, home and health",
        5 => "Check your answers",
        _ => throw new ArgumentOutOfRangeException(nameof(step)),
    };

    public string NameIntro => "Write your name as it is on your ID. We use your date of birth to find your place in line.";
    public string FirstName => "First name";
    public string LastName => "Last name";
    public string DateOfBirth => "Date of birth";
    public string DateOfBirthHint => "For example: March 27 1948";
    public string Month => "Month";
    public string Day => "Day";
    public string Year => "Year";
    public string ChooseMonth => "- Choose -";
    public string BirthDateMissing => "Enter your date of birth: month, day and year.";
    public string BirthDateIncomplete => "Enter the month, the day and the year you were born.";
    public string BirthYearDigits => "Enter the year with 4 numbers, like 1948.";
    public string BirthDateNotReal => "This date does not exist. Check the day and the month.";

    public string ContactIntro => "We send your invitation here. Give an e-mail address, a mobile phone number for text messages, or both.";
    public string ContactHelp => "No e-mail and no mobile phone? You can give the e-mail or mobile phone of a family member or friend who will pass the message on to you.";
    public string Email => "E-mail address";
    public string EmailHint => "For example: name@example.com";
    public string Phone => "Mobile phone number";
    // Non-breaking hyphens (\u2011) keep an example number on one line on a narrow phone.
    public string PhoneHint => "It must get text messages. For example: 573\u2011555\u20110123";
    public string Optional => "(optional)";

    public string ZipIntro => "We use your ZIP code to plan clinics near the people who need them.";
    public string ZipCode => "ZIP code";
    public string ZipHint => "5 numbers, for example: 63050";

    public string SituationIntro => "Your answers decide your group. Some groups get the vaccine first.";
    public string OccupationQuestion => "What work do you do?";
    public string OccupationHint => "If you do more than one kind of work, choose the first one on the list that fits.";
    public string SettingQuestion => "What kind of place do you live in?";
    public string ConditionsQuestion => "Do you have any of these health conditions?";
    public string ConditionsHint => "Choose all that apply. If none apply, leave them all empty.";
    public string ChooseOccupation => "Choose the work you do. If you do not work, choose \"I do not work, or I am retired\".";
    public string ChooseSetting => "Choose where you live.";

    public string ReviewIntro => "Make sure everything is right. You can change any answer.";
    public string Change => "Change";
    public string ChangeSection(int step) => step switch
    {
        1 => "your name and date of birth",
        2 => "how we reach you",
        3 => "your ZIP code",
        4 => "your work, home and health",
        _ => throw new ArgumentOutOfRangeException(nameof(step)),
    };
    public string Name => "Name";
    public string NotGiven => "Not given";
    public string Work => "Work";
    public string Home => "Home";
    public string HealthConditions => "Health conditions";
    public string NoConditions => "None";

    public string Continue => "Continue";
    public string Back => "Back";
    public string Confirm => "Confirm and sign up";
    public string SwitchToThisLanguage => "See this page in English";

    // --- IRegistrationWords: signed up ---------------------------------------------------------------
    public string SignedUpTitle => "Check your messages";
    public string SignedUpIntro => "We have your sign-up for a COVID-19 vaccine. We are sending a message about it to the e-mail or phone we have for you: it confirms your place in line, or says what to do next.";
    public string YourGroup => "Your group";
    public string YourPhase => "Your phase";
    public string PhaseOpenNow => "Your phase is open now. We are sending invitations as vaccine arrives, in order. Watch for yours.";
    public string PhaseNotOpen => "Your phase is not open yet. We will invite you when it opens and there is vaccine. You do not need to do anything now.";
    public string InvitationComes(bool email, bool sms) => (email, sms) switch
    {
        (true, true) => "Your invitation will come by e-mail or by text message (SMS).",
        (true, false) => "Your invitation will come by e-mail.",
        _ => "Your invitation will come by text message (SMS).",
    };
    public string OnlyYou => "The invitation is for you only. To book, you will enter a code we send you and your date of birth, so a forwarded invitation will not work for anyone else.";
    public string WeSentConfirmation => "If no message comes within a day, call the help line.";
    public string SignUpSomeoneElse => "Sign up someone else";
    public string NothingToShowTitle => "Start signing up";

    // --- IRegistrationWords: the eligibility vocabulary in plain words -------------------------------
    public string Occupation(string code) => Label(OccupationLabels, code);
    public string Setting(string code) => Label(SettingLabels, code);
    public string Condition(string code) => Label(ConditionLabels, code);

    public static readonly IReadOnlyDictionary<string, string> OccupationLabels = new Dictionary<string, string>
    {
        ["healthcare"] = "Health care (hospital, clinic, pharmacy, home health)",
        ["long-term-care-staff"] = "Staff at a nursing home or assisted living",
        ["law-enforcement"] = "Police or sheriff",
        ["firefighter"] = "Firefighter",
        ["corrections"] = "Jail or prison staff",
        ["courts"] = "Courts (judge, clerk, court staff)",
        ["teacher"] = "Teacher or school staff",
        ["childcare"] = "Child care",
        ["food-agriculture"] = "Farm or food processing",
        ["grocery"] = "Grocery store",
        ["transit"] = "Bus, train or other public transit",
        ["other"] = "Other work",
        ["none"] = "I do not work, or I am retired",
    };

    public static readonly IReadOnlyDictionary<string, string> SettingLabels = new Dictionary<string, string>
    {
        ["home"] = "At home (my own home or with family)",
        ["long-term-care"] = "In a nursing home or assisted living",
        ["congregate"] = "In a group home, shelter or other shared housing",
    };

    public static readonly IReadOnlyDictionary<string, string> ConditionLabels = new Dictionary<string, string>
    {
        ["cancer"] = "Cancer",
        ["chronic-kidney-disease"] = "Long-term kidney disease",
        ["copd"] = "COPD or other long-term lung disease",
        ["diabetes"] = "Type 2 diabetes",
        ["down-syndrome"] = "Down syndrome",
        ["heart-condition"] = "Heart condition, like heart failure or heart disease",
        ["immunocompromised"] = "Weak immune system, for example after an organ transplant",
        ["obesity"] = "Obesity (body mass index of 30 or more)",
        ["pregnancy"] = "Pregnancy",
        ["sickle-cell"] = "Sickle cell disease",
        ["smoking"] = "I smoke",
    };

    // --- IRegistrationWords: registration-input ------------------------------------------------------
    public string FirstNameMissing => "Enter your first name.";
    public string LastNameMissing => "Enter your last name.";
    public string NameTooLong(int max) => $"The name can be at most {max} characters.";
    public string NameNeedsLetters => "Use letters for the name.";
    public string NameHiddenCharacters => "The name has a hidden character (a control or text-direction character). Type the name again using only letters, spaces, hyphens and apostrophes.";
    public string NameHasLink => "A name cannot contain a web address or an e-mail address. Enter only the name.";
    public string IsoBirthDateMissing => "Enter your date of birth, like 1948-03-27.";
    public string IsoBirthDateUnreadable => "Enter your date of birth as year-month-day, like 1948-03-27.";
    public string BirthDateInFuture => "The date of birth is in the future. Check the year.";
    public string BirthDateTooLongAgo(int years) => $"The date of birth is more than {years} years ago. Check the year.";
    public string EmailInvalid => "Enter an e-mail address like name@example.com, or leave it empty.";
    public string PhoneInvalid => "Enter a mobile phone number with area code, like 573-555-0123, or leave it empty.";
    public string ContactMissing => "Give an e-mail address or a mobile phone number, so we can send your invitation.";
    public string ZipInvalid => "Enter your 5-digit ZIP code, like 63050.";
    public string OccupationInvalid => "Choose the work you do from the list (choose \"none\" if you do not work).";
    public string SettingInvalid => "Choose where you live: home, long-term-care or congregate.";
    public string ConditionsInvalid => "Choose conditions from the list only.";
    public string HouseholdFull(int limit) => $"This contact has already been used for {limit} people. Use another e-mail or phone, or call the help line.";
    public string StandbyClinicsInvalid => "Choose clinics from the list.";
    public string TooManySignUps => "This e-mail address or phone number has been used for many sign-ups today. Try again tomorrow, or call the help line and we will sign you up.";
    public RenderedMessage RegisteredMessage(string name, string group) => new(
        "You are in line for a COVID-19 vaccine",
        $"""
        Hello {name},

        You are registered for a COVID-19 vaccine. Your group: {group}.
        When it is your turn and there is vaccine, we will send you a personal invitation.
        Only you can use it. You do not need to do anything now.
        """);
    public RenderedMessage AlreadyRegisteredMessage(string name) => new(
        "You are already registered",
        $"""
        Hello {name},

        Someone tried to register you again for a COVID-19 vaccine. You are already in line,
        so nothing changed. If this was not you or someone helping you, you can ignore this message.
        """);
    public RenderedMessage HouseholdFullMessage(int limit) => new(
        "We could not add another person with this contact",
        $"""
        Hello,

        Someone tried to sign up another person for a COVID-19 vaccine with this e-mail address or phone number.
        It is already used for {limit} people, which is as many as one contact can have, so nobody was added.
        To sign up someone else, use another e-mail address or phone number, or call the help line.
        If this was not you or someone in your household, you can ignore this message.
        """);

    // --- IStatusWords: status ------------------------------------------------------------------------
    public string StatusTitle => "Where am I in line?";
    public string StatusIntro => "Enter the e-mail address or mobile phone number you signed up with. If it is registered, we send it a 6-digit code.";
    public string Contact => "E-mail or mobile phone number";
    public string ContactHint => "For example: name@example.com or 573\u2011555\u20110123";
    public string SendCode => "Send me a code";
    public string EnterContact => "Enter the e-mail address or mobile phone number you signed up with.";
    public string CodeSent => "If this e-mail or phone number is registered, we sent it a 6-digit code. The code works for 10 minutes.";
    public string SentTo => "Sent to";
    public string Code => "The 6-digit code";
    public string CodeHint => "For example: 123456";
    public string ShowMyPlace => "Show my place in line";
    public string SendNewCode => "Send a new code";
    public string UseOtherContact => "Use a different e-mail or phone";
    public string EnterCode => "Enter the 6-digit code we sent you.";
    public string WrongCode => "That code is not right, has expired or was already used. Ask for a new code.";
    public string StatusResultsIntro => "These are the people signed up with this contact.";
    public string NoOneRegistered => "No one is signed up with this contact.";
    public string StatusLabel => "Status";
    public string GroupLabel => "Group";
    public string PhaseLabel => "Phase";
    public string AheadLabel => "Place in line";
    public string BackToStart => "Back to the start";
    public string OpenNow => "open now";
    public string NotOpenYet => "not open yet";

    public string Status(string status) => status switch
    {
        "waiting" => "Waiting in line",
        "invited" => "Invited: check your messages to book",
        "booked" => "Appointment booked",
        "vaccinated" => "Vaccinated",
        "withdrawn" => "No longer in line",
        _ => status,
    };

    public string PeopleAhead(int count)
    {
        if (count == 0)
        {
            return "No one is ahead of you.";
        }
        if (count < 10)
        {
            return count == 1 ? "1 person is ahead of you."
                : $"{count} people are ahead of you.";
        }
        var rounded = RoundForPeople(count);
        var number = rounded.ToString("N0", CultureInfo.InvariantCulture);
        return $"About {number} people are ahead of you.";
    }
    public RenderedMessage StatusCodeMessage(string code, int minutes) => new("Your FairShot code", $"Your FairShot code is {code}. It works once, for {minutes} minutes. Never share it.");

    // --- IInvitationWords: invitation: the landing page ----------------------------------------------
    public string InvitationTitle => "Book your vaccine";
    public string InvitationHeading => "Book your COVID-19 vaccine";
    public string InvitationFor(string clinic, DateOnly day) => $"This invitation is for a vaccine at {clinic} on {WeekdayDate(day)}.";
    public string InvitationForRange(DateOnly from, DateOnly to) => $"This invitation is for a vaccine on a clinic day from {WeekdayDate(from)} to {WeekdayDate(to)}.";
    public string InvitationUntil(DateTime local) => Sentence($"You can book until {When(local)}");
    public string LinkIsPersonalHeading => "This link is for you only";
    public string LinkIsPersonal => "To book, we send a 6-digit code to the e-mail or mobile phone we have on file for you, and we ask for your date of birth. So if this link is forwarded, it will not work for anyone else.";
    public string SendMyCode => "Send me my code";
    public string NotYourLink => "Did someone send you this link? It will not work for you. Sign up to get your own invitation.";

    // --- IInvitationWords: invitation: code and date of birth ----------------------------------------
    public string CodeTitle => "Enter your code";
    public string CodeSentTo => "We sent a 6-digit code to";
    public string CodeWorksFor => "The code works for 10 minutes. It can take a minute to arrive.";
    public string EnterItBelow => "Enter it below, with your date of birth.";
    public string CodeAndBirthIntro => "Enter the 6-digit code we sent to the e-mail or mobile phone we have on file for you, and your date of birth.";
    public string NoCodeYet => "No code? Check your spam folder, or ask for a new one. A code keeps working until it expires or is used.";
    public string NotVerified => "The code or the date of birth is not right. Check both, or ask for a new code.";
    public string TooManyTries => "This code has had too many wrong tries. Ask for a new code.";
    public string CodeAlreadyUsed => "This code was already used. Ask for a new code.";
    public string TooManyCodes => "We have sent as many codes as we can today. Use the last code you received, or try again tomorrow.";
    public string CodeStillWorks(DateTime sentLocal, DateTime untilLocal) =>
        $"We sent it at {Time(TimeOnly.FromDateTime(sentLocal))} and it works until {Time(TimeOnly.FromDateTime(untilLocal))}. Check your messages and your spam folder. After that, you can ask for a new code.";
    public string NewCodeAt(DateTime local) => $"We cannot send a new code yet. You can ask for one at {Time(TimeOnly.FromDateTime(local))}.";
    public string ConfirmFirst => "First, confirm it is you: ask for a code, then enter it with your date of birth.";
    public string SessionEnded => "For your safety, this page closed after 30 minutes. Ask for a new code to continue.";
    public RenderedMessage InvitationMessage(string name, string clinic, string link, string expires) => new(
        "Your personal invitation to book a COVID-19 vaccine",
        $"""
        Hello {name},

        It is your turn. You can book a COVID-19 vaccine at {clinic}.
        Book here: {link}

        This link is for you only. To book, you will need a code we send to you and your date of birth,
        so a forwarded link will not work for anyone else. Please do not share it.
        The link works until {expires}.
        """);
    public RenderedMessage InvitationCodeMessage(string code, int minutes) => new("Your booking code", $"Your FairShot booking code is {code}. It works once, for {minutes} minutes. Never share it: we will never ask for it by phone.");

    // --- IInvitationWords: an invitation that cannot be used -----------------------------------------
    public string GoneHeading(InvitationProblem problem) => problem switch
    {
        InvitationProblem.NotFound => "We cannot find this invitation",
        InvitationProblem.Used => "This invitation has been used",
        InvitationProblem.Revoked => "This invitation was withdrawn",
        InvitationProblem.Expired => "This invitation has expired",
        _ => throw new ArgumentOutOfRangeException(nameof(problem)),
    };

    public string GoneMessage(InvitationProblem problem) => problem switch
    {
        InvitationProblem.NotFound => "This invitation link is not valid. Check that you copied the whole link.",
        InvitationProblem.Used => "This invitation has been used to book an appointment. To see or change it, use the link in your confirmation message.",
        InvitationProblem.Revoked => "This invitation was withdrawn by the health department. You keep your place in line; call the help line if you have questions.",
        InvitationProblem.Expired => "This invitation has expired. You keep your place in line and will get a new invitation when there are seats.",
        _ => throw new ArgumentOutOfRangeException(nameof(problem)),
    };

    // --- IBookingWords: invitation: choosing a time --------------------------------------------------
    public string SlotsTitle => "Choose a time";
    public string SlotsIntro => "Choose the time that suits you best, then press “Book this time” at the bottom.";
    public string LocalTimeNote => "Times are the local time at the clinic.";
    public string SecondDoseNote(int days) => $"This vaccine needs two doses. We book your second dose at the same clinic about {days} days later.";
    public string BookThisTime => "Book this time";
    public string ChooseATime => "Choose a time.";
    public string SlotJustFilled => "That time has just filled up. Please choose another time.";
    public string TimesStillFree => "Times that are still free";
    public string SeeAllTimes => "See all free times";
    public string NoTimesLeft => "There are no free times left for this invitation. You keep your place in line, and we will invite you again when there are places.";
    public string TimeNotOffered => "This time is not offered with your invitation. Choose one from the list.";
    public string AlreadyBookedThisDose => "You already have an appointment for this dose. To see it, use the link in your confirmation message.";

    // --- IBookingWords: booked: the confirmation -----------------------------------------------------
    public string BookedTitle => "You are booked";
    public string BookedSentBy(bool email) => email
        ? "We also sent these details to you by e-mail."
        : "We also sent these details to you by text message.";
    public string YourConfirmationCode => "Your confirmation code";
    public string QrAlt(string code) => $"QR code of your confirmation code, {code}";
    public string ShowAtClinic => "When you arrive, show this code or the QR code, and a photo ID if you have one.";
    public string SiteCodeLabel => "Site code";
    public string SiteCodeHint => "Show these 4 digits to the person who gives you the vaccine.";
    public string TakeAPicture => "Tip: take a picture of this screen.";
    public string WhenLabel => "When";
    public string WhereLabel => "Where";
    public string VaccineLabel => "Vaccine";
    public string DoseLabel(int dose) => dose == 1 ? "First dose" : "Second dose";
    public string OtherDoseBooked(DateTime local, string? otherClinic, string code) => otherClinic is null
        ? $"{When(local)}, same place. Its own confirmation code: {code}"
        : $"{When(local)}, at {otherClinic}. Its own confirmation code: {code}";
    public string SecondDoseReserved(DateOnly from) => $"Reserved from {FullDate(from)}. We will invite you first.";
    public string AddToCalendar => "Add to my calendar";
    public string ChangeOrCancel => "Change or cancel my appointment";
    public string CalendarSummary(int dose) => $"COVID-19 vaccine, dose {dose}";
    public string CalendarDescription(string code) => $"Confirmation code: {code}. Bring this code and a photo ID if you have one.";
    public string CalendarReminder => "Tomorrow: your COVID-19 vaccine appointment";
    public string CalendarFileName => "vaccine-appointment.ics";
    public RenderedMessage BookedMessage(string name, string when, string clinic, string address, string code, string secondDose, string manageLink, string siteCode) => new(
        "Your COVID-19 vaccine appointment",
        $"""
        Hello {name},

        Your appointment is booked.
        When: {when}
        Where: {clinic}, {address}
        Confirmation code: {code}
        Site code (show it to the vaccinator): {siteCode}
        {secondDose}
        Bring this code (or show this message) and a photo ID if you have one.
        To see, change or cancel your appointment: {manageLink}
        """);
    public string SecondDoseBookedLine(string when, string code) => $"Your second dose: {when}, same place. Code: {code}";
    public string SecondDoseReservedLine(DateOnly from) => $"Your second dose is reserved from {from:yyyy-MM-dd}; you will be invited first.";

    // --- IAppointmentWords: managing an appointment --------------------------------------------------
    public string ManageTitle => "Your appointment";
    public string ManageIntro => "To see, change or cancel your appointment, we send a 6-digit code to the e-mail or mobile phone we have on file for you.";
    public string ConfirmationCodeLabel => "Confirmation code";
    public string ManageCodeIntro => "Enter the 6-digit code we sent to the e-mail or mobile phone we have on file for you.";
    public string ShowMyAppointment => "Show my appointment";
    public string AppointmentUnknownHeading => "We cannot find this appointment";
    public string AppointmentUnknown => "There is no appointment with this confirmation code. Check the code in your confirmation message.";
    public string ManageTooManyCodes => "We have sent as many codes as we can today. Use the last code you received, or call the help line.";

    public string StateName(AppointmentState state) => state switch
    {
        AppointmentState.Booked => "Booked",
        AppointmentState.CheckedIn => "Checked in at the clinic",
        AppointmentState.Administered => "Vaccine given",
        AppointmentState.Cancelled => "Cancelled",
        AppointmentState.NoShow => "Missed",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    public string ChangeTime => "Change the time or place";
    public string CancelAppointment => "Cancel my appointment";
    public string CancelTitle => "Cancel your appointment?";
    public string CancelWarning => "If you cancel, your place goes to someone else, and you cannot get it back.";
    public string CancelBackInLine => "You go back to your place in line, and we will invite you again when there are places.";
    public string CancelAlsoSecond => "Your second dose appointment will be cancelled too.";
    public string YesCancel => "Yes, cancel my appointment";
    public string NoKeep => "No, keep my appointment";
    public string Cancelled => "Your appointment is cancelled. Thank you for letting us know: the place can go to someone else.";
    public string NotBookedAnyMore => "This appointment is not booked any more (it was cancelled or has taken place).";
    public string MoveTitle => "Choose a new time";
    public string MoveNow(DateTime local) => Sentence($"Your appointment now: {When(local)}");
    public string MoveKeep => "You keep this appointment until the new time is booked.";
    public string MoveToThisTime => "Move to this time";
    public string Moved => "Your appointment has been moved to the new time.";
    public string MovedSecondDoseReleased(DateOnly reservedFrom) =>
        $"Your appointment has been moved to the new time. Your second-dose appointment is cancelled, because it would have been too soon after the new time. You are first in line for a second dose from {FullDate(reservedFrom)}; we will invite you.";
    public string MoveSecondDoseFrom(DateOnly earliest) =>
        $"This is your second dose. The times shown start on {FullDate(earliest)}, the soonest after your first dose that this vaccine allows.";
    public string MoveLaterReleasesSecond(DateOnly lastDayKeepingIt) =>
        $"Your second-dose appointment stays as it is if you choose a day up to {FullDate(lastDayKeepingIt)}. A later day cancels it, because it would be too soon after the first dose, and you will be first in line for a new one.";
    public string NoOtherTimes => "There are no other free times for this vaccine right now. Your appointment stays as it is.";
    public string BackToAppointment => "Back to my appointment";
    public string AppointmentChanged => "The appointment changed at the same time. Please look at it again.";
    public RenderedMessage AppointmentCodeMessage(string code, int minutes) => new("Your code to manage your appointment", $"Your FairShot code to see, change or cancel your appointment is {code}. It works once, for {minutes} minutes. Never share it.");

    // --- IBackfillWords: backfill --------------------------------------------------------------------
    public RenderedMessage StandbyOfferMessage(string name, string clinic, string link, string expires) => new(
        "A vaccine seat is free today - first to confirm gets it",
        $"""
        Hello {name},

        A seat for a COVID-19 vaccine is free today at {clinic}. You said you can come at short notice.
        The first person to confirm gets it: {link}
        This link is for you only and works until {expires}. To confirm you will need a code we send you and your date of birth.
        """);
    public RenderedMessage StandbyGoneMessage(string name, string clinic) => new("The free seat has been taken", $"Hello {name}, the vaccine seat we offered you today at {clinic} has been taken. You keep your place in line and on standby.");

    // --- IStaffWords: staff --------------------------------------------------------------------------
    public RenderedMessage StaffWelcomeMessage(string name, string county, string roles, string consoleUrl) => new(
        "Your FairShot staff account",
        $"""
        Hello {name},

        {county} has given you a FairShot staff account ({roles}).
        Sign in at {consoleUrl} with this e-mail address and the password you were given.
        If you did not expect this message, tell your health department.
        """);

    // --- INotificationWords: notifications -----------------------------------------------------------
    public RenderedMessage TestMessage(string note) => new("FairShot test message", $"This is a test message from FairShot. {note}");

    // --- IIntegrityWords: integrity ------------------------------------------------------------------
    public RenderedMessage IntegrityCancelledMessage(string name, string when, string clinic, string note) => new(
        "Your vaccine appointment has been cancelled",
        $"""
        Hello {name},

        We have cancelled your COVID-19 vaccine appointment on {when} at {clinic}.
        It was booked through a link or a partner list that skipped the county's checks, so the county is giving these seats to the people whose turn it is. We are sorry for the trouble.
        {note}
        If you are registered with FairShot, you keep your place in line, and we will send you a personal invitation when it is your turn.
        If you are not registered yet, sign up on the FairShot website or call the help line.
        """);

    // --- IHealthCardWords: vaccination card ----------------------------------------------------------
    public string CardTitle => "Your vaccination card";
    public string CardIntro => "This is a SMART Health Card: a QR code a pharmacy, an airline or an event can scan to check your COVID-19 vaccination. It is signed by the county, so it cannot be changed. Save it on your phone or print this page.";
    public string CardFor(string name) => $"Card for {name}";
    public string CardDosesHeading => "Doses on this card";
    public string CardDose(int doseNumber, string product, string date, string clinic) => $"Dose {doseNumber}: {product}, {date}, at {clinic}";
    public string CardQrAlt => "QR code of your vaccination card";
    public string CardDownload => "Download the card file";
    public string CardDownloadHint => "A .smart-health-card file, for a health or wallet app that can open it.";
    public string CardTooLong => "This card holds too much to fit in one QR code. Download the card file instead, or call the help line.";
    public string CardNothingYet => "There is no vaccination card yet: it shows the doses you were given, and none has been recorded.";
    public string CardShow => "Show my vaccination card";
    public string CardOpenLink => "See your vaccination card (QR code)";
    public string CardBack => "Back to your appointment";
}
