using System.Globalization;
using FairShot.Domain;
using FairShot.Features.Invitations;

namespace FairShot.Features.Shared;

/// <summary>
/// Every word the public pages say, English and Spanish side by side, so a translator reads one
/// file and a missing translation is a failing test, not a half-English page. Plain, short words:
/// many readers are over 75 and read on a phone. Field messages from the registration handler
/// come already translated; the texts here are the page's own.
/// </summary>
public sealed class PortalText
{
    public static readonly PortalText English = new(PortalLanguage.English);
    public static readonly PortalText Spanish = new(PortalLanguage.Spanish);

    private PortalText(string lang) => Lang = lang;

    public static PortalText For(string? lang) => lang == PortalLanguage.Spanish ? Spanish : English;

    public string Lang { get; }
    public string OtherLang => Lang == PortalLanguage.Spanish ? PortalLanguage.English : PortalLanguage.Spanish;

    private string T(string en, string es) => Lang == PortalLanguage.Spanish ? es : en;

    // --- layout ---------------------------------------------------------------------------------
    /// <summary>The name of this language, written in itself: what the switch link shows.</summary>
    public string LanguageName => T("English", "Español");
    public string LanguageSwitchLabel => T("Language", "Idioma");
    public string SkipToContent => T("Skip to main content", "Saltar al contenido principal");
    public string HomeLinkTitle => T("FairShot home", "Inicio de FairShot");
    public string Footer => T(
        "FairShot — vaccine sign-up and appointments for your county health department.",
        "FairShot — inscripción y citas para vacunas de su departamento de salud del condado.");
    public string CheckWhatYouEntered => T("Check what you entered", "Revise lo que escribió");

    // --- home -----------------------------------------------------------------------------------
    public string HomeTitle => T("COVID-19 vaccine", "Vacuna contra el COVID-19");
    public string HomeHeading => T("Get your COVID-19 vaccine", "Reciba su vacuna contra el COVID-19");
    public string HomeIntro => T(
        "Your county health department gives vaccines by appointment, in a fair order.",
        "El departamento de salud de su condado pone vacunas con cita, en un orden justo.");
    public string SignUpButton => T("Sign up for a vaccine", "Inscribirse para la vacuna");
    public string CheckPlaceLink => T("Check where you are in line", "Ver su lugar en la lista");
    public string HowItWorks => T("How it works", "Cómo funciona");
    public string HomeStep1Heading => T("Sign up", "Inscríbase");
    public string HomeStep1 => T(
        "Tell us who you are and how to reach you. It takes about five minutes. Someone can help you by phone.",
        "Díganos quién es y cómo comunicarnos con usted. Toma unos cinco minutos. Alguien le puede ayudar por teléfono.");
    public string HomeStep2Heading => T("Wait for your invitation", "Espere su invitación");
    public string HomeStep2 => T(
        "When it is your turn and vaccine is here, we send you a personal invitation by e-mail or text message.",
        "Cuando sea su turno y haya vacunas, le enviamos una invitación personal por correo electrónico o mensaje de texto.");
    public string HomeStep3Heading => T("Book and get your shot", "Haga su cita y vacúnese");
    public string HomeStep3 => T(
        "Use your invitation to choose a time. Only you can use it: we check a code we send you and your date of birth.",
        "Use su invitación para elegir una hora. Solo usted puede usarla: revisamos un código que le enviamos y su fecha de nacimiento.");
    public string StaffSignIn => T("Health department staff:", "Personal del departamento de salud:");
    public string StaffSignInLink => T("sign in to the console", "iniciar sesión en la consola");

    // --- sign-up steps --------------------------------------------------------------------------
    public string SignUpTitle => T("Sign up for a vaccine", "Inscribirse para la vacuna");

    public string StepOf(int step, int total) => T($"Step {step} of {total}", $"Paso {step} de {total}");

    public string StepHeading(int step) => step switch
    {
        1 => T("Your name and date of birth", "Su nombre y fecha de nacimiento"),
        2 => T("How can we reach you?", "¿Cómo nos comunicamos con usted?"),
        3 => T("Your ZIP code", "Su código postal"),
        4 => T("Your work, home and health", "Su trabajo, su hogar y su salud"),
        5 => T("Check your answers", "Revise sus respuestas"),
        _ => throw new ArgumentOutOfRangeException(nameof(step)),
    };

    public string NameIntro => T(
        "Write your name as it is on your ID. We use your date of birth to find your place in line.",
        "Escriba su nombre como aparece en su identificación. Usamos su fecha de nacimiento para saber su lugar en la lista.");
    public string FirstName => T("First name", "Nombre");
    public string LastName => T("Last name", "Apellido");
    public string DateOfBirth => T("Date of birth", "Fecha de nacimiento");
    public string DateOfBirthHint => T("For example: March 27 1948", "Por ejemplo: 27 de marzo de 1948");
    public string Month => T("Month", "Mes");
    public string Day => T("Day", "Día");
    public string Year => T("Year", "Año");
    public string ChooseMonth => T("- Choose -", "- Elija -");
    public string BirthDateMissing => T("Enter your date of birth: month, day and year.", "Escriba su fecha de nacimiento: mes, día y año.");
    public string BirthDateIncomplete => T("Enter the month, the day and the year you were born.", "Escriba el mes, el día y el año en que nació.");
    public string BirthYearDigits => T("Enter the year with 4 numbers, like 1948.", "Escriba el año con 4 números, por ejemplo 1948.");
    public string BirthDateNotReal => T("This date does not exist. Check the day and the month.", "Esa fecha no existe. Revise el día y el mes.");

    public string ContactIntro => T(
        "We send your invitation here. Give an e-mail address, a mobile phone number for text messages, or both.",
        "Le enviamos su invitación aquí. Dé un correo electrónico, un número de celular para mensajes de texto, o los dos.");
    public string ContactHelp => T(
        "No e-mail and no mobile phone? You can give the e-mail or mobile phone of a family member or friend who will pass the message on to you.",
        "¿No tiene correo ni celular? Puede dar el correo o el celular de un familiar o amigo que le pase el mensaje.");
    public string Email => T("E-mail address", "Correo electrónico");
    public string EmailHint => T("For example: name@example.com", "Por ejemplo: nombre@ejemplo.com");
    public string Phone => T("Mobile phone number", "Número de celular");
    // Non-breaking hyphens (\u2011) keep an example number on one line on a narrow phone.
    public string PhoneHint => T("It must get text messages. For example: 573\u2011555\u20110123", "Debe recibir mensajes de texto. Por ejemplo: 573\u2011555\u20110123");
    public string Optional => T("(optional)", "(opcional)");

    public string ZipIntro => T(
        "We use your ZIP code to plan clinics near the people who need them.",
        "Usamos su código postal para planear clínicas cerca de las personas que las necesitan.");
    public string ZipCode => T("ZIP code", "Código postal");
    public string ZipHint => T("5 numbers, for example: 63050", "5 números, por ejemplo: 63050");

    public string SituationIntro => T(
        "Your answers decide your group. Some groups get the vaccine first.",
        "Sus respuestas deciden su grupo. Algunos grupos reciben la vacuna primero.");
    public string OccupationQuestion => T("What work do you do?", "¿En qué trabaja?");
    public string OccupationHint => T(
        "If you do more than one kind of work, choose the first one on the list that fits.",
        "Si tiene más de un trabajo, elija el primero de la lista que le corresponda.");
    public string SettingQuestion => T("What kind of place do you live in?", "¿En qué tipo de lugar vive?");
    public string ConditionsQuestion => T("Do you have any of these health conditions?", "¿Tiene alguna de estas condiciones de salud?");
    public string ConditionsHint => T(
        "Choose all that apply. If none apply, leave them all empty.",
        "Marque todas las que tenga. Si no tiene ninguna, deje todas sin marcar.");
    public string ChooseOccupation => T(
        "Choose the work you do. If you do not work, choose \"I do not work, or I am retired\".",
        "Elija su trabajo. Si no trabaja, elija \"No trabajo o estoy jubilado\".");
    public string ChooseSetting => T("Choose where you live.", "Elija dónde vive.");

    public string ReviewIntro => T(
        "Make sure everything is right. You can change any answer.",
        "Asegúrese de que todo esté bien. Puede cambiar cualquier respuesta.");
    public string Change => T("Change", "Cambiar");
    public string ChangeSection(int step) => step switch
    {
        1 => T("your name and date of birth", "su nombre y fecha de nacimiento"),
        2 => T("how we reach you", "cómo nos comunicamos con usted"),
        3 => T("your ZIP code", "su código postal"),
        4 => T("your work, home and health", "su trabajo, su hogar y su salud"),
        _ => throw new ArgumentOutOfRangeException(nameof(step)),
    };
    public string Name => T("Name", "Nombre");
    public string NotGiven => T("Not given", "No lo dio");
    public string Work => T("Work", "Trabajo");
    public string Home => T("Home", "Hogar");
    public string HealthConditions => T("Health conditions", "Condiciones de salud");
    public string NoConditions => T("None", "Ninguna");

    public string Continue => T("Continue", "Continuar");
    public string Back => T("Back", "Regresar");
    public string Confirm => T("Confirm and sign up", "Confirmar e inscribirme");
    /// <summary>The in-form language switch, written in the other language: it keeps the answers.</summary>
    public string SwitchKeepingAnswers => T("Ver esta página en español", "See this page in English");

    // --- signed up --------------------------------------------------------------------------------
    public string SignedUpTitle => T("You are in line", "Ya está en la lista");
    public string SignedUpIntro => T("You are signed up for a COVID-19 vaccine.", "Está inscrito para la vacuna contra el COVID-19.");
    public string YourGroup => T("Your group", "Su grupo");
    public string YourPhase => T("Your phase", "Su fase");
    public string PhaseOpenNow => T(
        "Your phase is open now. We are sending invitations as vaccine arrives, in order. Watch for yours.",
        "Su fase está abierta ahora. Enviamos invitaciones en orden, según llegan las vacunas. Esté atento a la suya.");
    public string PhaseNotOpen => T(
        "Your phase is not open yet. We will invite you when it opens and there is vaccine. You do not need to do anything now.",
        "Su fase todavía no está abierta. Le invitaremos cuando se abra y haya vacunas. No tiene que hacer nada ahora.");
    public string InvitationComes(bool email, bool sms) => (email, sms) switch
    {
        (true, true) => T("Your invitation will come by e-mail or by text message (SMS).", "Su invitación llegará por correo electrónico o por mensaje de texto (SMS)."),
        (true, false) => T("Your invitation will come by e-mail.", "Su invitación llegará por correo electrónico."),
        _ => T("Your invitation will come by text message (SMS).", "Su invitación llegará por mensaje de texto (SMS)."),
    };
    public string OnlyYou => T(
        "The invitation is for you only. To book, you will enter a code we send you and your date of birth, so a forwarded invitation will not work for anyone else.",
        "La invitación es solo para usted. Para hacer la cita, escribirá un código que le enviamos y su fecha de nacimiento; si alguien más recibe su invitación, no le servirá.");
    public string WeSentConfirmation => T("We also sent you a message to confirm you are signed up.", "También le enviamos un mensaje para confirmar su inscripción.");
    public string DuplicateTitle => T("Check your messages", "Revise sus mensajes");
    public string DuplicateMessage => T(
        "If you are already registered, we sent a message to the contact on file.",
        "Si ya está inscrito, le enviamos un mensaje al contacto que tenemos registrado.");
    public string SignUpSomeoneElse => T("Sign up someone else", "Inscribir a otra persona");
    public string NothingToShowTitle => T("Start signing up", "Empiece su inscripción");

    // --- status -----------------------------------------------------------------------------------
    public string StatusTitle => T("Where am I in line?", "¿Cuál es mi lugar en la lista?");
    public string StatusIntro => T(
        "Enter the e-mail address or mobile phone number you signed up with. If it is registered, we send it a 6-digit code.",
        "Escriba el correo electrónico o el número de celular que usó para inscribirse. Si está registrado, le enviamos un código de 6 números.");
    public string Contact => T("E-mail or mobile phone number", "Correo electrónico o número de celular");
    public string ContactHint => T("For example: name@example.com or 573\u2011555\u20110123", "Por ejemplo: nombre@ejemplo.com o 573\u2011555\u20110123");
    public string SendCode => T("Send me a code", "Enviarme un código");
    public string EnterContact => T(
        "Enter the e-mail address or mobile phone number you signed up with.",
        "Escriba el correo electrónico o el número de celular que usó para inscribirse.");
    public string CodeSent => T(
        "If this e-mail or phone number is registered, we sent it a 6-digit code. The code works for 10 minutes.",
        "Si este correo o número está registrado, le enviamos un código de 6 números. El código sirve por 10 minutos.");
    public string SentTo => T("Sent to", "Enviado a");
    public string Code => T("The 6-digit code", "El código de 6 números");
    public string CodeHint => T("For example: 123456", "Por ejemplo: 123456");
    public string ShowMyPlace => T("Show my place in line", "Ver mi lugar en la lista");
    public string SendNewCode => T("Send a new code", "Enviar un código nuevo");
    public string UseOtherContact => T("Use a different e-mail or phone", "Usar otro correo o teléfono");
    public string EnterCode => T("Enter the 6-digit code we sent you.", "Escriba el código de 6 números que le enviamos.");
    public string WrongCode => T(
        "That code is not right, has expired or was already used. Ask for a new code.",
        "Ese código no es correcto, ya venció o ya se usó. Pida un código nuevo.");
    public string StatusResultsIntro => T("These are the people signed up with this contact.", "Estas son las personas inscritas con este contacto.");
    public string NoOneRegistered => T(
        "No one is signed up with this contact.",
        "No hay nadie inscrito con este contacto.");
    public string StatusLabel => T("Status", "Estado");
    public string GroupLabel => T("Group", "Grupo");
    public string PhaseLabel => T("Phase", "Fase");
    public string AheadLabel => T("Place in line", "Lugar en la lista");
    public string BackToStart => T("Back to the start", "Volver al inicio");
    public string OpenNow => T("open now", "abierta ahora");
    public string NotOpenYet => T("not open yet", "todavía no está abierta");

    public string Status(string status) => status switch
    {
        "waiting" => T("Waiting in line", "Esperando en la lista"),
        "invited" => T("Invited: check your messages to book", "Invitado: revise sus mensajes para hacer su cita"),
        "booked" => T("Appointment booked", "Cita reservada"),
        "vaccinated" => T("Vaccinated", "Vacunado"),
        "withdrawn" => T("No longer in line", "Ya no está en la lista"),
        _ => status,
    };

    /// <summary>A rough count, because the exact number changes by the minute and is not a promise.</summary>
    public string PeopleAhead(int count)
    {
        if (count == 0)
        {
            return T("No one is ahead of you.", "No hay nadie antes que usted.");
        }
        if (count < 10)
        {
            return count == 1 ? T("1 person is ahead of you.", "Hay 1 persona antes que usted.")
                : T($"{count} people are ahead of you.", $"Hay {count} personas antes que usted.");
        }
        var rounded = RoundForPeople(count);
        var number = rounded.ToString("N0", Lang == PortalLanguage.Spanish ? SpanishNumbers : CultureInfo.InvariantCulture);
        return T($"About {number} people are ahead of you.", $"Hay unas {number} personas antes que usted.");
    }

    /// <summary>Two significant figures at most: 47 → 50, 1,234 → 1,200, 98,765 → 99,000.</summary>
    public static int RoundForPeople(int count)
    {
        if (count < 10)
        {
            return count;
        }
        var step = (int)Math.Pow(10, Math.Floor(Math.Log10(count)) - 1);
        return (int)Math.Round(count / (double)step, MidpointRounding.AwayFromZero) * step;
    }

    // --- invitation: the landing page ----------------------------------------------------------
    public string InvitationTitle => T("Book your vaccine", "Reserve su vacuna");
    public string InvitationHeading => T("Book your COVID-19 vaccine", "Reserve su vacuna contra el COVID-19");
    public string InvitationFor(string clinic, DateOnly day) => T(
        $"This invitation is for a vaccine at {clinic} on {WeekdayDate(day)}.",
        $"Esta invitación es para vacunarse en {clinic} el {WeekdayDate(day)}.");
    public string InvitationForRange(DateOnly from, DateOnly to) => T(
        $"This invitation is for a vaccine on a clinic day from {WeekdayDate(from)} to {WeekdayDate(to)}.",
        $"Esta invitación es para vacunarse un día de clínica entre el {WeekdayDate(from)} y el {WeekdayDate(to)}.");
    public string InvitationUntil(DateTime local) => Sentence(T($"You can book until {When(local)}", $"Puede reservar hasta el {When(local)}"));
    public string LinkIsPersonalHeading => T("This link is for you only", "Este enlace es solo para usted");
    public string LinkIsPersonal => T(
        "To book, we send a 6-digit code to the e-mail or mobile phone we have on file for you, and we ask for your date of birth. So if this link is forwarded, it will not work for anyone else.",
        "Para reservar, le enviamos un código de 6 números al correo electrónico o celular que tenemos registrado, y le pedimos su fecha de nacimiento. Por eso, si alguien reenvía este enlace, no le servirá a nadie más.");
    public string SendMyCode => T("Send me my code", "Enviarme mi código");
    public string NotYourLink => T(
        "Did someone send you this link? It will not work for you. Sign up to get your own invitation.",
        "¿Alguien le envió este enlace? No le servirá a usted. Inscríbase para recibir su propia invitación.");

    // --- invitation: code and date of birth --------------------------------------------------------
    public string CodeTitle => T("Enter your code", "Escriba su código");
    public string CodeSentTo => T("We sent a 6-digit code to", "Le enviamos un código de 6 números a");
    public string CodeWorksFor => T(
        "The code works for 10 minutes. It can take a minute to arrive.",
        "El código sirve por 10 minutos. Puede tardar un minuto en llegar.");
    public string EnterItBelow => T("Enter it below, with your date of birth.", "Escríbalo abajo, con su fecha de nacimiento.");
    public string CodeAndBirthIntro => T(
        "Enter the 6-digit code we sent to the e-mail or mobile phone we have on file for you, and your date of birth.",
        "Escriba el código de 6 números que le enviamos al correo o celular que tenemos registrado, y su fecha de nacimiento.");
    public string NoCodeYet => T(
        "No code? Check your spam folder, or ask for a new one. A new code replaces the old one.",
        "¿No le llegó el código? Revise su correo no deseado o pida uno nuevo. El código nuevo reemplaza al anterior.");
    public string NotVerified => T(
        "The code or the date of birth is not right. Check both, or ask for a new code.",
        "El código o la fecha de nacimiento no es correcto. Revise los dos o pida un código nuevo.");
    public string TooManyTries => T(
        "This code has had too many wrong tries. Ask for a new code.",
        "Este código tuvo demasiados intentos equivocados. Pida un código nuevo.");
    public string CodeAlreadyUsed => T("This code was already used. Ask for a new code.", "Este código ya se usó. Pida un código nuevo.");
    public string TooManyCodes => T(
        "We have sent as many codes as we can today. Use the last code you received, or try again tomorrow.",
        "Ya le enviamos todos los códigos que podemos hoy. Use el último código que recibió o intente mañana.");
    public string ConfirmFirst => T(
        "First, confirm it is you: ask for a code, then enter it with your date of birth.",
        "Primero confirme que es usted: pida un código y escríbalo con su fecha de nacimiento.");
    public string SessionEnded => T(
        "For your safety, this page closed after 30 minutes. Ask for a new code to continue.",
        "Por su seguridad, esta página se cerró después de 30 minutos. Pida un código nuevo para continuar.");

    // --- invitation: choosing a time ---------------------------------------------------------------
    public string SlotsTitle => T("Choose a time", "Elija una hora");
    public string SlotsIntro => T(
        "Choose the time that suits you best, then press “Book this time” at the bottom.",
        "Elija la hora que le convenga y luego oprima “Reservar esta hora” al final.");
    public string LocalTimeNote => T("Times are the local time at the clinic.", "Las horas son la hora local de la clínica.");
    public string SecondDoseNote(int days) => T(
        $"This vaccine needs two doses. We book your second dose at the same clinic about {days} days later.",
        $"Esta vacuna necesita dos dosis. Le reservamos la segunda dosis en la misma clínica unos {days} días después.");
    public string BookThisTime => T("Book this time", "Reservar esta hora");
    public string ChooseATime => T("Choose a time.", "Elija una hora.");
    public string SlotJustFilled => T(
        "That time has just filled up. Please choose another time.",
        "Esa hora se acaba de llenar. Por favor elija otra.");
    public string TimesStillFree => T("Times that are still free", "Horas que siguen libres");
    public string SeeAllTimes => T("See all free times", "Ver todas las horas libres");
    public string NoTimesLeft => T(
        "There are no free times left for this invitation. You keep your place in line, and we will invite you again when there are places.",
        "Ya no quedan horas libres para esta invitación. Usted conserva su lugar en la lista y le invitaremos de nuevo cuando haya lugares.");
    public string TimeNotOffered => T(
        "This time is not offered with your invitation. Choose one from the list.",
        "Esa hora no se ofrece con su invitación. Elija una de la lista.");
    public string AlreadyBookedThisDose => T(
        "You already have an appointment for this dose. To see it, use the link in your confirmation message.",
        "Ya tiene una cita para esta dosis. Para verla, use el enlace de su mensaje de confirmación.");

    // --- booked: the confirmation -------------------------------------------------------------------
    public string BookedTitle => T("You are booked", "Su cita está reservada");
    public string BookedSentBy(bool email) => email
        ? T("We also sent these details to you by e-mail.", "También le enviamos estos datos por correo electrónico.")
        : T("We also sent these details to you by text message.", "También le enviamos estos datos por mensaje de texto.");
    public string YourConfirmationCode => T("Your confirmation code", "Su código de confirmación");
    public string QrAlt(string code) => T($"QR code of your confirmation code, {code}", $"Código QR de su código de confirmación, {code}");
    public string ShowAtClinic => T(
        "When you arrive, show this code or the QR code, and a photo ID if you have one.",
        "Cuando llegue, muestre este código o el código QR, y una identificación con foto si tiene una.");
    public string TakeAPicture => T("Tip: take a picture of this screen.", "Consejo: tome una foto de esta pantalla.");
    public string WhenLabel => T("When", "Cuándo");
    public string WhereLabel => T("Where", "Dónde");
    public string VaccineLabel => T("Vaccine", "Vacuna");
    public string DoseLabel(int dose) => dose == 1 ? T("First dose", "Primera dosis") : T("Second dose", "Segunda dosis");
    /// <summary>The other dose: when, where (null: the same clinic) and its own confirmation code.</summary>
    public string OtherDoseBooked(DateTime local, string? otherClinic, string code) => otherClinic is null
        ? T($"{When(local)}, same place. Its own confirmation code: {code}", $"{When(local)}, en el mismo lugar. Su propio código de confirmación: {code}")
        : T($"{When(local)}, at {otherClinic}. Its own confirmation code: {code}", $"{When(local)}, en {otherClinic}. Su propio código de confirmación: {code}");
    public string SecondDoseReserved(DateOnly from) => T(
        $"Reserved from {FullDate(from)}. We will invite you first.",
        $"Reservada a partir del {FullDate(from)}. Le invitaremos primero.");
    public string AddToCalendar => T("Add to my calendar", "Agregar a mi calendario");
    public string ChangeOrCancel => T("Change or cancel my appointment", "Cambiar o cancelar mi cita");
    public string CalendarSummary(int dose) => T($"COVID-19 vaccine, dose {dose}", $"Vacuna contra el COVID-19, dosis {dose}");
    public string CalendarDescription(string code) => T(
        $"Confirmation code: {code}. Bring this code and a photo ID if you have one.",
        $"Código de confirmación: {code}. Traiga este código y una identificación con foto si tiene una.");
    public string CalendarReminder => T("Tomorrow: your COVID-19 vaccine appointment", "Mañana: su cita para la vacuna contra el COVID-19");
    public string CalendarFileName => T("vaccine-appointment.ics", "cita-vacuna.ics");

    // --- an invitation that cannot be used ---------------------------------------------------------
    public string GoneHeading(InvitationProblem problem) => problem switch
    {
        InvitationProblem.NotFound => T("We cannot find this invitation", "No encontramos esta invitación"),
        InvitationProblem.Used => T("This invitation has been used", "Esta invitación ya se usó"),
        InvitationProblem.Revoked => T("This invitation was withdrawn", "Esta invitación fue retirada"),
        InvitationProblem.Expired => T("This invitation has expired", "Esta invitación venció"),
        _ => throw new ArgumentOutOfRangeException(nameof(problem)),
    };

    /// <summary>What happened and what to do next; the English is <see cref="Invitations.InvitationAccess.Usability"/>'s own message.</summary>
    public string GoneMessage(InvitationProblem problem) => problem switch
    {
        InvitationProblem.NotFound => T(
            "This invitation link is not valid. Check that you copied the whole link.",
            "Este enlace de invitación no es válido. Revise que copió el enlace completo."),
        InvitationProblem.Used => T(
            "This invitation has been used to book an appointment. To see or change it, use the link in your confirmation message.",
            "Esta invitación ya se usó para reservar una cita. Para verla o cambiarla, use el enlace de su mensaje de confirmación."),
        InvitationProblem.Revoked => T(
            "This invitation was withdrawn by the health department. You keep your place in line; call the help line if you have questions.",
            "El departamento de salud retiró esta invitación. Usted conserva su lugar en la lista; llame a la línea de ayuda si tiene preguntas."),
        InvitationProblem.Expired => T(
            "This invitation has expired. You keep your place in line and will get a new invitation when there are seats.",
            "Esta invitación venció. Usted conserva su lugar en la lista y recibirá una nueva invitación cuando haya lugares."),
        _ => throw new ArgumentOutOfRangeException(nameof(problem)),
    };

    // --- managing an appointment ---------------------------------------------------------------------
    public string ManageTitle => T("Your appointment", "Su cita");
    public string ManageIntro => T(
        "To see, change or cancel your appointment, we send a 6-digit code to the e-mail or mobile phone we have on file for you.",
        "Para ver, cambiar o cancelar su cita, le enviamos un código de 6 números al correo o celular que tenemos registrado.");
    public string ConfirmationCodeLabel => T("Confirmation code", "Código de confirmación");
    public string ManageCodeIntro => T(
        "Enter the 6-digit code we sent to the e-mail or mobile phone we have on file for you.",
        "Escriba el código de 6 números que le enviamos al correo o celular que tenemos registrado.");
    public string ShowMyAppointment => T("Show my appointment", "Ver mi cita");
    public string AppointmentUnknownHeading => T("We cannot find this appointment", "No encontramos esta cita");
    public string AppointmentUnknown => T(
        "There is no appointment with this confirmation code. Check the code in your confirmation message.",
        "No hay ninguna cita con este código de confirmación. Revise el código en su mensaje de confirmación.");
    public string ManageTooManyCodes => T(
        "We have sent as many codes as we can today. Use the last code you received, or call the help line.",
        "Ya le enviamos todos los códigos que podemos hoy. Use el último código que recibió o llame a la línea de ayuda.");

    public string StateName(AppointmentState state) => state switch
    {
        AppointmentState.Booked => T("Booked", "Reservada"),
        AppointmentState.CheckedIn => T("Checked in at the clinic", "Registrada en la clínica"),
        AppointmentState.Administered => T("Vaccine given", "Vacuna puesta"),
        AppointmentState.Cancelled => T("Cancelled", "Cancelada"),
        AppointmentState.NoShow => T("Missed", "No se presentó"),
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    public string ChangeTime => T("Change the time or place", "Cambiar la hora o el lugar");
    public string CancelAppointment => T("Cancel my appointment", "Cancelar mi cita");
    public string CancelTitle => T("Cancel your appointment?", "¿Cancelar su cita?");
    public string CancelWarning => T(
        "If you cancel, your place goes to someone else, and you cannot get it back.",
        "Si cancela, su lugar será para otra persona y no podrá recuperarlo.");
    public string CancelBackInLine => T(
        "You go back to your place in line, and we will invite you again when there are places.",
        "Usted vuelve a su lugar en la lista y le invitaremos de nuevo cuando haya lugares.");
    public string CancelAlsoSecond => T("Your second dose appointment will be cancelled too.", "Su cita para la segunda dosis también se cancelará.");
    public string YesCancel => T("Yes, cancel my appointment", "Sí, cancelar mi cita");
    public string NoKeep => T("No, keep my appointment", "No, conservar mi cita");
    public string Cancelled => T(
        "Your appointment is cancelled. Thank you for letting us know: the place can go to someone else.",
        "Su cita está cancelada. Gracias por avisarnos: el lugar puede ser para otra persona.");
    public string NotBookedAnyMore => T(
        "This appointment is not booked any more (it was cancelled or has taken place).",
        "Esta cita ya no está reservada (se canceló o ya pasó).");
    public string MoveTitle => T("Choose a new time", "Elija una nueva hora");
    public string MoveNow(DateTime local) => Sentence(T($"Your appointment now: {When(local)}", $"Su cita ahora: {When(local)}"));
    public string MoveKeep => T(
        "You keep this appointment until the new time is booked.",
        "Usted conserva esta cita hasta que la nueva hora quede reservada.");
    public string MoveToThisTime => T("Move to this time", "Cambiar a esta hora");
    public string Moved => T("Your appointment has been moved to the new time.", "Su cita se cambió a la nueva hora.");
    public string NoOtherTimes => T(
        "There are no other free times for this vaccine right now. Your appointment stays as it is.",
        "Ahora no hay otras horas libres para esta vacuna. Su cita se queda como está.");
    public string BackToAppointment => T("Back to my appointment", "Volver a mi cita");
    public string AppointmentChanged => T(
        "The appointment changed at the same time. Please look at it again.",
        "La cita cambió al mismo tiempo. Por favor revísela de nuevo.");

    // --- dates ----------------------------------------------------------------------------------
    private static readonly string[] MonthsEn = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    private static readonly string[] MonthsEs = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"];

    // US Spanish writes thousands with a comma too (1,200), like the English pages.
    private static readonly NumberFormatInfo SpanishNumbers = CultureInfo.InvariantCulture.NumberFormat;

    public IReadOnlyList<string> MonthNames => Lang == PortalLanguage.Spanish ? MonthsEs : MonthsEn;

    private static readonly string[] DaysEn = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
    private static readonly string[] DaysEs = ["domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"];

    /// <summary>"Monday, March 1" / "lunes 1 de marzo": a clinic day, this year or next.</summary>
    public string WeekdayDate(DateOnly date) => T(
        $"{DaysEn[(int)date.DayOfWeek]}, {MonthsEn[date.Month - 1]} {date.Day}",
        $"{DaysEs[(int)date.DayOfWeek]} {date.Day} de {MonthsEs[date.Month - 1]}");

    /// <summary>"Monday, March 1, 2027" / "lunes 1 de marzo de 2027".</summary>
    public string FullDate(DateOnly date) => T(
        $"{WeekdayDate(date)}, {date.Year}",
        $"{WeekdayDate(date)} de {date.Year}");

    /// <summary>"9:00 AM" / "9:00 a. m.", the way each language writes a clock time in the US.</summary>
    public string Time(TimeOnly time)
    {
        var hour = time.Hour % 12 == 0 ? 12 : time.Hour % 12;
        var clock = $"{hour}:{time.Minute:00}";
        // No-break spaces: "9:15" and "a. m." stay on one line on a narrow phone.
        return time.Hour < 12 ? T(clock + "\u00a0AM", clock + "\u00a0a.\u00a0m.") : T(clock + "\u00a0PM", clock + "\u00a0p.\u00a0m.");
    }

    /// <summary>Ends a sentence with one full stop, also after "a. m.".</summary>
    private static string Sentence(string text) => text.EndsWith('.') ? text : text + ".";

    /// <summary>"Monday, March 1, 2027 at 9:00 AM" / "lunes 1 de marzo de 2027 a las 9:00 a. m." (a wall-clock time).</summary>
    public string When(DateTime local)
    {
        var time = TimeOnly.FromDateTime(local);
        var date = DateOnly.FromDateTime(local);
        return T($"{FullDate(date)} at {Time(time)}", $"{FullDate(date)} {(time.Hour % 12 == 1 ? "a la" : "a las")} {Time(time)}");
    }

    /// <summary>"March 27, 1948" / "27 de marzo de 1948".</summary>
    public string LongDate(DateOnly date) =>
        T($"{MonthsEn[date.Month - 1]} {date.Day}, {date.Year}", $"{date.Day} de {MonthsEs[date.Month - 1]} de {date.Year}");

    // --- the eligibility vocabulary in plain words --------------------------------------------------
    public string Occupation(string code) => Label(OccupationLabels, code);
    public string Setting(string code) => Label(SettingLabels, code);
    public string Condition(string code) => Label(ConditionLabels, code);

    private string Label(IReadOnlyDictionary<string, (string En, string Es)> labels, string code) =>
        labels.TryGetValue(code, out var label) ? T(label.En, label.Es) : code;

    /// <summary>Every code of <see cref="Domain.Vocabulary.Occupations"/>, in the form's words.</summary>
    public static readonly IReadOnlyDictionary<string, (string En, string Es)> OccupationLabels = new Dictionary<string, (string, string)>
    {
        ["healthcare"] = ("Health care (hospital, clinic, pharmacy, home health)", "Atención médica (hospital, clínica, farmacia, salud en el hogar)"),
        ["long-term-care-staff"] = ("Staff at a nursing home or assisted living", "Personal de un asilo de ancianos o vivienda asistida"),
        ["law-enforcement"] = ("Police or sheriff", "Policía o alguacil"),
        ["firefighter"] = ("Firefighter", "Bombero"),
        ["corrections"] = ("Jail or prison staff", "Personal de cárcel o prisión"),
        ["courts"] = ("Courts (judge, clerk, court staff)", "Tribunales (juez, secretario, personal del tribunal)"),
        ["teacher"] = ("Teacher or school staff", "Maestro o personal de escuela"),
        ["childcare"] = ("Child care", "Cuidado de niños"),
        ["food-agriculture"] = ("Farm or food processing", "Agricultura o procesamiento de alimentos"),
        ["grocery"] = ("Grocery store", "Supermercado o tienda de comestibles"),
        ["transit"] = ("Bus, train or other public transit", "Autobús, tren u otro transporte público"),
        ["other"] = ("Other work", "Otro trabajo"),
        ["none"] = ("I do not work, or I am retired", "No trabajo o estoy jubilado"),
    };

    public static readonly IReadOnlyDictionary<string, (string En, string Es)> SettingLabels = new Dictionary<string, (string, string)>
    {
        ["home"] = ("At home (my own home or with family)", "En casa (mi propia casa o con mi familia)"),
        ["long-term-care"] = ("In a nursing home or assisted living", "En un asilo de ancianos o vivienda asistida"),
        ["congregate"] = ("In a group home, shelter or other shared housing", "En un hogar grupal, albergue u otra vivienda compartida"),
    };

    public static readonly IReadOnlyDictionary<string, (string En, string Es)> ConditionLabels = new Dictionary<string, (string, string)>
    {
        ["cancer"] = ("Cancer", "Cáncer"),
        ["chronic-kidney-disease"] = ("Long-term kidney disease", "Enfermedad crónica de los riñones"),
        ["copd"] = ("COPD or other long-term lung disease", "EPOC u otra enfermedad crónica de los pulmones"),
        ["diabetes"] = ("Type 2 diabetes", "Diabetes tipo 2"),
        ["down-syndrome"] = ("Down syndrome", "Síndrome de Down"),
        ["heart-condition"] = ("Heart condition, like heart failure or heart disease", "Enfermedad del corazón, como insuficiencia cardíaca"),
        ["immunocompromised"] = ("Weak immune system, for example after an organ transplant", "Sistema inmunitario débil, por ejemplo por un trasplante de órgano"),
        ["obesity"] = ("Obesity (body mass index of 30 or more)", "Obesidad (índice de masa corporal de 30 o más)"),
        ["pregnancy"] = ("Pregnancy", "Embarazo"),
        ["sickle-cell"] = ("Sickle cell disease", "Anemia de células falciformes"),
        ["smoking"] = ("I smoke", "Fumo"),
    };
}
