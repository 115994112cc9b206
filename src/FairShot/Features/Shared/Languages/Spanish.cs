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
/// Every word a person reads, in US Spanish: usted, plain words, dates as "lunes 1 de marzo". A meaning
/// a capability adds to its words interface and this file lacks is a build error.
/// </summary>
public sealed class Spanish() : Words("es", "Español", "Spanish"), IWords
{
    // Phase and group names are data (staff edit the rules), kept in an English and a Spanish column.
    public override string Pick(string english, string? spanish) => string.IsNullOrWhiteSpace(spanish) ? english : spanish;

    // --- IShellWords: layout -------------------------------------------------------------------------
    public string LanguageSwitchLabel => "Idioma";
    public string SkipToContent => "Saltar al contenido principal";
    public string HomeLinkTitle => "Inicio de FairShot";
    public string Footer => "FairShot — inscripción y citas para vacunas de su departamento de salud del condado.";
    public string CheckWhatYouEntered => "Revise lo que escribió";

    // --- IShellWords: dates --------------------------------------------------------------------------
    // US Spanish writes thousands with a comma too (1,200), like the English pages.
    private static readonly NumberFormatInfo SpanishNumbers = CultureInfo.InvariantCulture.NumberFormat;

    private static readonly string[] Months = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"];

    public IReadOnlyList<string> MonthNames => Months;

    private static readonly string[] Days = ["domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"];

    public string WeekdayDate(DateOnly date) => $"{Days[(int)date.DayOfWeek]} {date.Day} de {Months[date.Month - 1]}";

    public string FullDate(DateOnly date) => $"{WeekdayDate(date)} de {date.Year}";

    public string Time(TimeOnly time)
    {
        var hour = time.Hour % 12 == 0 ? 12 : time.Hour % 12;
        var clock = $"{hour}:{time.Minute:00}";
        // No-break spaces: "9:15" and "a. m." stay on one line on a narrow phone.
        return time.Hour < 12 ? clock + "\u00a0a.\u00a0m." : clock + "\u00a0p.\u00a0m.";
    }

    public string When(DateTime local)
    {
        var time = TimeOnly.FromDateTime(local);
        var date = DateOnly.FromDateTime(local);
        return $"{FullDate(date)} {(time.Hour % 12 == 1 ? "a la" : "a las")} {Time(time)}";
    }

    public string LongDate(DateOnly date) =>
        $"{date.Day} de {Months[date.Month - 1]} de {date.Year}";

    // --- IHomeWords: home ----------------------------------------------------------------------------
    public string HomeTitle => "Vacuna contra el COVID-19";
    public string HomeHeading => "Reciba su vacuna contra el COVID-19";
    public string HomeIntro => "El departamento de salud de su condado pone vacunas con cita, en un orden justo.";
    public string SignUpButton => "Inscribirse para la vacuna";
    public string CheckPlaceLink => "Ver su lugar en la lista";
    public string HowItWorks => "Cómo funciona";
    public string HomeStep1Heading => "Inscríbase";
    public string HomeStep1 => "Díganos quién es y cómo comunicarnos con usted. Toma unos cinco minutos. Alguien le puede ayudar por teléfono.";
    public string HomeStep2Heading => "Espere su invitación";
    public string HomeStep2 => "Cuando sea su turno y haya vacunas, le enviamos una invitación personal por correo electrónico o mensaje de texto.";
    public string HomeStep3Heading => "Haga su cita y vacúnese";
    public string HomeStep3 => "Use su invitación para elegir una hora. Solo usted puede usarla: revisamos un código que le enviamos y su fecha de nacimiento.";
    public string StaffSignIn => "Personal del departamento de salud:";
    public string StaffSignInLink => "iniciar sesión en la consola";

    // --- IRegistrationWords: sign-up steps -----------------------------------------------------------
    public string SignUpTitle => "Inscribirse para la vacuna";

    public string StepOf(int step, int total) => $"Paso {step} de {total}";

    public string StepHeading(int step) => step switch
    {
        1 => "Su nombre y fecha de nacimiento",
        2 => "¿Cómo nos comunicamos con usted?",
        3 => "Su código postal",
        4 => "Su trabajo, su hogar y su salud",
        5 => "Revise sus respuestas",
        _ => throw new ArgumentOutOfRangeException(nameof(step)),
    };

    public string NameIntro => "Escriba su nombre como aparece en su identificación. Usamos su fecha de nacimiento para saber su lugar en la lista.";
    public string FirstName => "Nombre";
    public string LastName => "Apellido";
    public string DateOfBirth => "Fecha de nacimiento";
    public string DateOfBirthHint => "Por ejemplo: 27 de marzo de 1948";
    public string Month => "Mes";
    public string Day => "Día";
    public string Year => "Año";
    public string ChooseMonth => "- Elija -";
    public string BirthDateMissing => "Escriba su fecha de nacimiento: mes, día y año.";
    public string BirthDateIncomplete => "Escriba el mes, el día y el año en que nació.";
    public string BirthYearDigits => "Escriba el año con 4 números, por ejemplo 1948.";
    public string BirthDateNotReal => "Esa fecha no existe. Revise el día y el mes.";

    public string ContactIntro => "Le enviamos su invitación aquí. Dé un correo electrónico, un número de celular para mensajes de texto, o los dos.";
    public string ContactHelp => "¿No tiene correo ni celular? Puede dar el correo o el celular de un familiar o amigo que le pase el mensaje.";
    public string Email => "Correo electrónico";
    public string EmailHint => "Por ejemplo: nombre@ejemplo.com";
    public string Phone => "Número de celular";
    // Non-breaking hyphens (\u2011) keep an example number on one line on a narrow phone.
    public string PhoneHint => "Debe recibir mensajes de texto. Por ejemplo: 573\u2011555\u20110123";
    public string Optional => "(opcional)";

    public string ZipIntro => "Usamos su código postal para planear clínicas cerca de las personas que las necesitan.";
    public string ZipCode => "Código postal";
    public string ZipHint => "5 números, por ejemplo: 63050";

    public string SituationIntro => "Sus respuestas deciden su grupo. Algunos grupos reciben la vacuna primero.";
    public string OccupationQuestion => "¿En qué trabaja?";
    public string OccupationHint => "Si tiene más de un trabajo, elija el primero de la lista que le corresponda.";
    public string SettingQuestion => "¿En qué tipo de lugar vive?";
    public string ConditionsQuestion => "¿Tiene alguna de estas condiciones de salud?";
    public string ConditionsHint => "Marque todas las que tenga. Si no tiene ninguna, deje todas sin marcar.";
    public string ChooseOccupation => "Elija su trabajo. Si no trabaja, elija \"No trabajo o estoy jubilado\".";
    public string ChooseSetting => "Elija dónde vive.";

    public string ReviewIntro => "Asegúrese de que todo esté bien. Puede cambiar cualquier respuesta.";
    public string Change => "Cambiar";
    public string ChangeSection(int step) => step switch
    {
        1 => "su nombre y fecha de nacimiento",
        2 => "cómo nos comunicamos con usted",
        3 => "su código postal",
        4 => "su trabajo, su hogar y su salud",
        _ => throw new ArgumentOutOfRangeException(nameof(step)),
    };
    public string Name => "Nombre";
    public string NotGiven => "No lo dio";
    public string Work => "Trabajo";
    public string Home => "Hogar";
    public string HealthConditions => "Condiciones de salud";
    public string NoConditions => "Ninguna";

    public string Continue => "Continuar";
    public string Back => "Regresar";
    public string Confirm => "Confirmar e inscribirme";
    public string SwitchToThisLanguage => "Ver esta página en español";

    // --- IRegistrationWords: signed up ---------------------------------------------------------------
    public string SignedUpTitle => "Revise sus mensajes";
    public string SignedUpIntro => "Recibimos su inscripción para la vacuna contra el COVID-19. Le enviamos un mensaje sobre ella al correo o teléfono que tenemos suyo: confirma su lugar en la lista, o le dice qué hacer.";
    public string YourGroup => "Su grupo";
    public string YourPhase => "Su fase";
    public string PhaseOpenNow => "Su fase está abierta ahora. Enviamos invitaciones en orden, según llegan las vacunas. Esté atento a la suya.";
    public string PhaseNotOpen => "Su fase todavía no está abierta. Le invitaremos cuando se abra y haya vacunas. No tiene que hacer nada ahora.";
    public string InvitationComes(bool email, bool sms) => (email, sms) switch
    {
        (true, true) => "Su invitación llegará por correo electrónico o por mensaje de texto (SMS).",
        (true, false) => "Su invitación llegará por correo electrónico.",
        _ => "Su invitación llegará por mensaje de texto (SMS).",
    };
    public string OnlyYou => "La invitación es solo para usted. Para hacer la cita, escribirá un código que le enviamos y su fecha de nacimiento; si alguien más recibe su invitación, no le servirá.";
    public string WeSentConfirmation => "Si no le llega ningún mensaje en un día, llame a la línea de ayuda.";
    public string SignUpSomeoneElse => "Inscribir a otra persona";
    public string NothingToShowTitle => "Empiece su inscripción";

    // --- IRegistrationWords: the eligibility vocabulary in plain words -------------------------------
    public string Occupation(string code) => Label(OccupationLabels, code);
    public string Setting(string code) => Label(SettingLabels, code);
    public string Condition(string code) => Label(ConditionLabels, code);

    public static readonly IReadOnlyDictionary<string, string> OccupationLabels = new Dictionary<string, string>
    {
        ["healthcare"] = "Atención médica (hospital, clínica, farmacia, salud en el hogar)",
        ["long-term-care-staff"] = "Personal de un asilo de ancianos o vivienda asistida",
        ["law-enforcement"] = "Policía o alguacil",
        ["firefighter"] = "Bombero",
        ["corrections"] = "Personal de cárcel o prisión",
        ["courts"] = "Tribunales (juez, secretario, personal del tribunal)",
        ["teacher"] = "Maestro o personal de escuela",
        ["childcare"] = "Cuidado de niños",
        ["food-agriculture"] = "Agricultura o procesamiento de alimentos",
        ["grocery"] = "Supermercado o tienda de comestibles",
        ["transit"] = "Autobús, tren u otro transporte público",
        ["other"] = "Otro trabajo",
        ["none"] = "No trabajo o estoy jubilado",
    };

    public static readonly IReadOnlyDictionary<string, string> SettingLabels = new Dictionary<string, string>
    {
        ["home"] = "En casa (mi propia casa o con mi familia)",
        ["long-term-care"] = "En un asilo de ancianos o vivienda asistida",
        ["congregate"] = "En un hogar grupal, albergue u otra vivienda compartida",
    };

    public static readonly IReadOnlyDictionary<string, string> ConditionLabels = new Dictionary<string, string>
    {
        ["cancer"] = "Cáncer",
        ["chronic-kidney-disease"] = "Enfermedad crónica de los riñones",
        ["copd"] = "EPOC u otra enfermedad crónica de los pulmones",
        ["diabetes"] = "Diabetes tipo 2",
        ["down-syndrome"] = "Síndrome de Down",
        ["heart-condition"] = "Enfermedad del corazón, como insuficiencia cardíaca",
        ["immunocompromised"] = "Sistema inmunitario débil, por ejemplo por un trasplante de órgano",
        ["obesity"] = "Obesidad (índice de masa corporal de 30 o más)",
        ["pregnancy"] = "Embarazo",
        ["sickle-cell"] = "Anemia de células falciformes",
        ["smoking"] = "Fumo",
    };

    // --- IRegistrationWords: registration-input ------------------------------------------------------
    public string FirstNameMissing => "Escriba su nombre.";
    public string LastNameMissing => "Escriba su apellido.";
    public string NameTooLong(int max) => $"El nombre puede tener como máximo {max} caracteres.";
    public string NameNeedsLetters => "Use letras para el nombre.";
    public string NameHiddenCharacters => "El nombre tiene un carácter oculto (de control o de dirección del texto). Escriba el nombre otra vez solo con letras, espacios, guiones y apóstrofos.";
    public string NameHasLink => "Un nombre no puede tener una dirección web ni un correo electrónico. Escriba solo el nombre.";
    public string IsoBirthDateMissing => "Escriba su fecha de nacimiento, por ejemplo 1948-03-27.";
    public string IsoBirthDateUnreadable => "Escriba su fecha de nacimiento como año-mes-día, por ejemplo 1948-03-27.";
    public string BirthDateInFuture => "La fecha de nacimiento está en el futuro. Revise el año.";
    public string BirthDateTooLongAgo(int years) => $"La fecha de nacimiento es de hace más de {years} años. Revise el año.";
    public string EmailInvalid => "Escriba un correo electrónico como nombre@ejemplo.com, o déjelo vacío.";
    public string PhoneInvalid => "Escriba un número de celular con código de área, por ejemplo 573-555-0123, o déjelo vacío.";
    public string ContactMissing => "Dé un correo electrónico o un número de celular para enviarle su invitación.";
    public string ZipInvalid => "Escriba su código postal de 5 dígitos, por ejemplo 63050.";
    public string OccupationInvalid => "Elija su trabajo de la lista (elija \"none\" si no trabaja).";
    public string SettingInvalid => "Elija dónde vive: home, long-term-care o congregate.";
    public string ConditionsInvalid => "Elija condiciones solo de la lista.";
    public string HouseholdFull(int limit) => $"Este contacto ya se usó para {limit} personas. Use otro correo o teléfono, o llame a la línea de ayuda.";
    public string StandbyClinicsInvalid => "Elija clínicas de la lista.";
    public string TooManySignUps => "Este correo electrónico o número de teléfono se usó para muchas inscripciones hoy. Inténtelo mañana, o llame a la línea de ayuda y lo inscribimos.";
    public RenderedMessage RegisteredMessage(string name, string group) => new(
        "Está en la lista para la vacuna contra el COVID-19",
        $"""
        Hola {name}:

        Está registrado para la vacuna contra el COVID-19. Su grupo: {group}.
        Cuando sea su turno y haya vacunas, le enviaremos una invitación personal.
        Solo usted puede usarla. No tiene que hacer nada ahora.
        """);
    public RenderedMessage AlreadyRegisteredMessage(string name) => new(
        "Usted ya está registrado",
        $"""
        Hola {name}:

        Alguien intentó registrarlo otra vez para la vacuna contra el COVID-19. Usted ya está
        en la lista, así que nada cambió. Si no fue usted ni alguien que lo ayuda, puede ignorar este mensaje.
        """);
    public RenderedMessage HouseholdFullMessage(int limit) => new(
        "No pudimos agregar a otra persona con este contacto",
        $"""
        Hola:

        Alguien intentó inscribir a otra persona para la vacuna contra el COVID-19 con este correo electrónico o número de teléfono.
        Ya se usa para {limit} personas, que es el máximo para un contacto, así que no se agregó a nadie.
        Para inscribir a alguien más, use otro correo o teléfono, o llame a la línea de ayuda.
        Si no fue usted ni alguien de su hogar, puede ignorar este mensaje.
        """);

    // --- IStatusWords: status ------------------------------------------------------------------------
    public string StatusTitle => "¿Cuál es mi lugar en la lista?";
    public string StatusIntro => "Escriba el correo electrónico o el número de celular que usó para inscribirse. Si está registrado, le enviamos un código de 6 números.";
    public string Contact => "Correo electrónico o número de celular";
    public string ContactHint => "Por ejemplo: nombre@ejemplo.com o 573\u2011555\u20110123";
    public string SendCode => "Enviarme un código";
    public string EnterContact => "Escriba el correo electrónico o el número de celular que usó para inscribirse.";
    public string CodeSent => "Si este correo o número está registrado, le enviamos un código de 6 números. El código sirve por 10 minutos.";
    public string SentTo => "Enviado a";
    public string Code => "El código de 6 números";
    public string CodeHint => "Por ejemplo: 123456";
    public string ShowMyPlace => "Ver mi lugar en la lista";
    public string SendNewCode => "Enviar un código nuevo";
    public string UseOtherContact => "Usar otro correo o teléfono";
    public string EnterCode => "Escriba el código de 6 números que le enviamos.";
    public string WrongCode => "Ese código no es correcto, ya venció o ya se usó. Pida un código nuevo.";
    public string StatusResultsIntro => "Estas son las personas inscritas con este contacto.";
    public string NoOneRegistered => "No hay nadie inscrito con este contacto.";
    public string StatusLabel => "Estado";
    public string GroupLabel => "Grupo";
    public string PhaseLabel => "Fase";
    public string AheadLabel => "Lugar en la lista";
    public string BackToStart => "Volver al inicio";
    public string OpenNow => "abierta ahora";
    public string NotOpenYet => "todavía no está abierta";

    public string Status(string status) => status switch
    {
        "waiting" => "Esperando en la lista",
        "invited" => "Invitado: revise sus mensajes para hacer su cita",
        "booked" => "Cita reservada",
        "vaccinated" => "Vacunado",
        "withdrawn" => "Ya no está en la lista",
        _ => status,
    };

    public string PeopleAhead(int count)
    {
        if (count == 0)
        {
            return "No hay nadie antes que usted.";
        }
        if (count < 10)
        {
            return count == 1 ? "Hay 1 persona antes que usted."
                : $"Hay {count} personas antes que usted.";
        }
        var rounded = RoundForPeople(count);
        var number = rounded.ToString("N0", SpanishNumbers);
        return $"Hay unas {number} personas antes que usted.";
    }
    public RenderedMessage StatusCodeMessage(string code, int minutes) => new("Su código de FairShot", $"Su código de FairShot es {code}. Sirve una vez, durante {minutes} minutos. No lo comparta con nadie.");

    // --- IInvitationWords: invitation: the landing page ----------------------------------------------
    public string InvitationTitle => "Reserve su vacuna";
    public string InvitationHeading => "Reserve su vacuna contra el COVID-19";
    public string InvitationFor(string clinic, DateOnly day) => $"Esta invitación es para vacunarse en {clinic} el {WeekdayDate(day)}.";
    public string InvitationForRange(DateOnly from, DateOnly to) => $"Esta invitación es para vacunarse un día de clínica entre el {WeekdayDate(from)} y el {WeekdayDate(to)}.";
    public string InvitationUntil(DateTime local) => Sentence($"Puede reservar hasta el {When(local)}");
    public string LinkIsPersonalHeading => "Este enlace es solo para usted";
    public string LinkIsPersonal => "Para reservar, le enviamos un código de 6 números al correo electrónico o celular que tenemos registrado, y le pedimos su fecha de nacimiento. Por eso, si alguien reenvía este enlace, no le servirá a nadie más.";
    public string SendMyCode => "Enviarme mi código";
    public string NotYourLink => "¿Alguien le envió este enlace? No le servirá a usted. Inscríbase para recibir su propia invitación.";

    // --- IInvitationWords: invitation: code and date of birth ----------------------------------------
    public string CodeTitle => "Escriba su código";
    public string CodeSentTo => "Le enviamos un código de 6 números a";
    public string CodeWorksFor => "El código sirve por 10 minutos. Puede tardar un minuto en llegar.";
    public string EnterItBelow => "Escríbalo abajo, con su fecha de nacimiento.";
    public string CodeAndBirthIntro => "Escriba el código de 6 números que le enviamos al correo o celular que tenemos registrado, y su fecha de nacimiento.";
    public string NoCodeYet => "¿No le llegó el código? Revise su correo no deseado o pida uno nuevo. Un código sirve hasta que vence o se usa.";
    public string NotVerified => "El código o la fecha de nacimiento no es correcto. Revise los dos o pida un código nuevo.";
    public string TooManyTries => "Este código tuvo demasiados intentos equivocados. Pida un código nuevo.";
    public string CodeAlreadyUsed => "Este código ya se usó. Pida un código nuevo.";
    public string TooManyCodes => "Ya le enviamos todos los códigos que podemos hoy. Use el último código que recibió o intente mañana.";
    public string CodeStillWorks(DateTime sentLocal, DateTime untilLocal) =>
        $"Se lo enviamos a {Clock(sentLocal)} y sirve hasta {Clock(untilLocal)}. Revise sus mensajes y su correo no deseado. Después puede pedir un código nuevo.";
    public string NewCodeAt(DateTime local) => $"Todavía no podemos enviar un código nuevo. Puede pedirlo a {Clock(local)}.";
    /// <summary>"las 10:12 a. m.", "la 1:05 p. m.".</summary>
    private string Clock(DateTime local) => $"{(local.Hour % 12 == 1 ? "la" : "las")} {Time(TimeOnly.FromDateTime(local))}";
    public string ConfirmFirst => "Primero confirme que es usted: pida un código y escríbalo con su fecha de nacimiento.";
    public string SessionEnded => "Por su seguridad, esta página se cerró después de 30 minutos. Pida un código nuevo para continuar.";
    public RenderedMessage InvitationMessage(string name, string clinic, string link, string expires) => new(
        "Su invitación personal para reservar la vacuna contra el COVID-19",
        $"""
        Hola {name}:

        Es su turno. Puede reservar la vacuna contra el COVID-19 en {clinic}.
        Reserve aquí: {link}

        Este enlace es solo para usted. Para reservar necesitará un código que le enviaremos y su fecha de
        nacimiento, así que un enlace reenviado no le servirá a nadie más. No lo comparta.
        El enlace funciona hasta el {expires}.
        """);
    public RenderedMessage InvitationCodeMessage(string code, int minutes) => new("Su código para reservar", $"Su código de FairShot para reservar es {code}. Sirve una vez, durante {minutes} minutos. No lo comparta: nunca se lo pediremos por teléfono.");

    // --- IInvitationWords: an invitation that cannot be used -----------------------------------------
    public string GoneHeading(InvitationProblem problem) => problem switch
    {
        InvitationProblem.NotFound => "No encontramos esta invitación",
        InvitationProblem.Used => "Esta invitación ya se usó",
        InvitationProblem.Revoked => "Esta invitación fue retirada",
        InvitationProblem.Expired => "Esta invitación venció",
        _ => throw new ArgumentOutOfRangeException(nameof(problem)),
    };

    public string GoneMessage(InvitationProblem problem) => problem switch
    {
        InvitationProblem.NotFound => "Este enlace de invitación no es válido. Revise que copió el enlace completo.",
        InvitationProblem.Used => "Esta invitación ya se usó para reservar una cita. Para verla o cambiarla, use el enlace de su mensaje de confirmación.",
        InvitationProblem.Revoked => "El departamento de salud retiró esta invitación. Usted conserva su lugar en la lista; llame a la línea de ayuda si tiene preguntas.",
        InvitationProblem.Expired => "Esta invitación venció. Usted conserva su lugar en la lista y recibirá una nueva invitación cuando haya lugares.",
        _ => throw new ArgumentOutOfRangeException(nameof(problem)),
    };

    // --- IBookingWords: invitation: choosing a time --------------------------------------------------
    public string SlotsTitle => "Elija una hora";
    public string SlotsIntro => "Elija la hora que le convenga y luego oprima “Reservar esta hora” al final.";
    public string LocalTimeNote => "Las horas son la hora local de la clínica.";
    public string SecondDoseNote(int days) => $"Esta vacuna necesita dos dosis. Le reservamos la segunda dosis en la misma clínica unos {days} días después.";
    public string BookThisTime => "Reservar esta hora";
    public string ChooseATime => "Elija una hora.";
    public string SlotJustFilled => "Esa hora se acaba de llenar. Por favor elija otra.";
    public string TimesStillFree => "Horas que siguen libres";
    public string SeeAllTimes => "Ver todas las horas libres";
    public string NoTimesLeft => "Ya no quedan horas libres para esta invitación. Usted conserva su lugar en la lista y le invitaremos de nuevo cuando haya lugares.";
    public string TimeNotOffered => "Esa hora no se ofrece con su invitación. Elija una de la lista.";
    public string AlreadyBookedThisDose => "Ya tiene una cita para esta dosis. Para verla, use el enlace de su mensaje de confirmación.";

    // --- IBookingWords: booked: the confirmation -----------------------------------------------------
    public string BookedTitle => "Su cita está reservada";
    public string BookedSentBy(bool email) => email
        ? "También le enviamos estos datos por correo electrónico."
        : "También le enviamos estos datos por mensaje de texto.";
    public string YourConfirmationCode => "Su código de confirmación";
    public string QrAlt(string code) => $"Código QR de su código de confirmación, {code}";
    public string ShowAtClinic => "Cuando llegue, muestre este código o el código QR, y una identificación con foto si tiene una.";
    public string SiteCodeLabel => "Código de sitio";
    public string SiteCodeHint => "Muestre estos 4 dígitos a la persona que le pone la vacuna.";
    public string TakeAPicture => "Consejo: tome una foto de esta pantalla.";
    public string WhenLabel => "Cuándo";
    public string WhereLabel => "Dónde";
    public string VaccineLabel => "Vacuna";
    public string DoseLabel(int dose) => dose == 1 ? "Primera dosis" : "Segunda dosis";
    public string OtherDoseBooked(DateTime local, string? otherClinic, string code) => otherClinic is null
        ? $"{When(local)}, en el mismo lugar. Su propio código de confirmación: {code}"
        : $"{When(local)}, en {otherClinic}. Su propio código de confirmación: {code}";
    public string SecondDoseReserved(DateOnly from) => $"Reservada a partir del {FullDate(from)}. Le invitaremos primero.";
    public string AddToCalendar => "Agregar a mi calendario";
    public string ChangeOrCancel => "Cambiar o cancelar mi cita";
    public string CalendarSummary(int dose) => $"Vacuna contra el COVID-19, dosis {dose}";
    public string CalendarDescription(string code) => $"Código de confirmación: {code}. Traiga este código y una identificación con foto si tiene una.";
    public string CalendarReminder => "Mañana: su cita para la vacuna contra el COVID-19";
    public string CalendarFileName => "cita-vacuna.ics";
    public RenderedMessage BookedMessage(string name, string when, string clinic, string address, string code, string secondDose, string manageLink, string siteCode) => new(
        "Su cita para la vacuna contra el COVID-19",
        $"""
        Hola {name}:

        Su cita está reservada.
        Cuándo: {when}
        Dónde: {clinic}, {address}
        Código de confirmación: {code}
        Código de sitio (muéstrelo a quien le vacune): {siteCode}
        {secondDose}
        Traiga este código (o muestre este mensaje) y una identificación con foto si tiene una.
        Para ver, cambiar o cancelar su cita: {manageLink}
        """);
    public string SecondDoseBookedLine(string when, string code) => $"Su segunda dosis: {when}, mismo lugar. Código: {code}";
    public string SecondDoseReservedLine(DateOnly from) => $"Su segunda dosis está reservada a partir del {from:yyyy-MM-dd}; le invitaremos primero.";

    // --- IAppointmentWords: managing an appointment --------------------------------------------------
    public string ManageTitle => "Su cita";
    public string ManageIntro => "Para ver, cambiar o cancelar su cita, le enviamos un código de 6 números al correo o celular que tenemos registrado.";
    public string ConfirmationCodeLabel => "Código de confirmación";
    public string ManageCodeIntro => "Escriba el código de 6 números que le enviamos al correo o celular que tenemos registrado.";
    public string ShowMyAppointment => "Ver mi cita";
    public string AppointmentUnknownHeading => "No encontramos esta cita";
    public string AppointmentUnknown => "No hay ninguna cita con este código de confirmación. Revise el código en su mensaje de confirmación.";
    public string ManageTooManyCodes => "Ya le enviamos todos los códigos que podemos hoy. Use el último código que recibió o llame a la línea de ayuda.";

    public string StateName(AppointmentState state) => state switch
    {
        AppointmentState.Booked => "Reservada",
        AppointmentState.CheckedIn => "Registrada en la clínica",
        AppointmentState.Administered => "Vacuna puesta",
        AppointmentState.Cancelled => "Cancelada",
        AppointmentState.NoShow => "No se presentó",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    public string ChangeTime => "Cambiar la hora o el lugar";
    public string CancelAppointment => "Cancelar mi cita";
    public string CancelTitle => "¿Cancelar su cita?";
    public string CancelWarning => "Si cancela, su lugar será para otra persona y no podrá recuperarlo.";
    public string CancelBackInLine => "Usted vuelve a su lugar en la lista y le invitaremos de nuevo cuando haya lugares.";
    public string CancelAlsoSecond => "Su cita para la segunda dosis también se cancelará.";
    public string YesCancel => "Sí, cancelar mi cita";
    public string NoKeep => "No, conservar mi cita";
    public string Cancelled => "Su cita está cancelada. Gracias por avisarnos: el lugar puede ser para otra persona.";
    public string NotBookedAnyMore => "Esta cita ya no está reservada (se canceló o ya pasó).";
    public string MoveTitle => "Elija una nueva hora";
    public string MoveNow(DateTime local) => Sentence($"Su cita ahora: {When(local)}");
    public string MoveKeep => "Usted conserva esta cita hasta que la nueva hora quede reservada.";
    public string MoveToThisTime => "Cambiar a esta hora";
    public string Moved => "Su cita se cambió a la nueva hora.";
    public string MovedSecondDoseReleased(DateOnly reservedFrom) =>
        $"Su cita se cambió a la nueva hora. Su cita para la segunda dosis se canceló, porque quedaría demasiado pronto después de la nueva hora. Usted es la primera persona en la lista para una segunda dosis a partir del {FullDate(reservedFrom)}; le invitaremos.";
    public string MoveSecondDoseFrom(DateOnly earliest) =>
        $"Esta es su segunda dosis. Las horas que se muestran empiezan el {FullDate(earliest)}, lo más pronto después de su primera dosis que permite esta vacuna.";
    public string MoveLaterReleasesSecond(DateOnly lastDayKeepingIt) =>
        $"Su cita para la segunda dosis se queda como está si elige un día hasta el {FullDate(lastDayKeepingIt)}. Un día más tarde la cancela, porque quedaría demasiado pronto después de la primera dosis, y usted será la primera persona en la lista para una nueva.";
    public string NoOtherTimes => "Ahora no hay otras horas libres para esta vacuna. Su cita se queda como está.";
    public string BackToAppointment => "Volver a mi cita";
    public string AppointmentChanged => "La cita cambió al mismo tiempo. Por favor revísela de nuevo.";
    public RenderedMessage AppointmentCodeMessage(string code, int minutes) => new("Su código para administrar su cita", $"Su código de FairShot para ver, cambiar o cancelar su cita es {code}. Sirve una vez, durante {minutes} minutos. No lo comparta.");

    // --- IBackfillWords: backfill --------------------------------------------------------------------
    public RenderedMessage StandbyOfferMessage(string name, string clinic, string link, string expires) => new(
        "Hay un lugar libre hoy para vacunarse: el primero en confirmar lo obtiene",
        $"""
        Hola {name}:

        Hoy hay un lugar libre para la vacuna contra el COVID-19 en {clinic}. Usted dijo que puede venir con poco aviso.
        La primera persona en confirmar lo obtiene: {link}
        Este enlace es solo para usted y funciona hasta el {expires}. Para confirmar necesitará un código que le enviaremos y su fecha de nacimiento.
        """);
    public RenderedMessage StandbyGoneMessage(string name, string clinic) => new("El lugar libre ya se ocupó", $"Hola {name}: el lugar para la vacuna que le ofrecimos hoy en {clinic} ya se ocupó. Usted conserva su lugar en la lista y en espera.");

    // --- IStaffWords: staff --------------------------------------------------------------------------
    public RenderedMessage StaffWelcomeMessage(string name, string county, string roles, string consoleUrl) => new(
        "Su cuenta de personal de FairShot",
        $"""
        Hola {name}:

        {county} le ha dado una cuenta de personal de FairShot ({roles}).
        Inicie sesión en {consoleUrl} con este correo electrónico y la contraseña que le dieron.
        Si no esperaba este mensaje, avise a su departamento de salud.
        """);

    // --- INotificationWords: notifications -----------------------------------------------------------
    public RenderedMessage TestMessage(string note) => new("Mensaje de prueba de FairShot", $"Este es un mensaje de prueba de FairShot. {note}");

    // --- IIntegrityWords: integrity ------------------------------------------------------------------
    public RenderedMessage IntegrityCancelledMessage(string name, string when, string clinic, string note) => new(
        "Su cita para la vacuna ha sido cancelada",
        $"""
        Hola {name}:

        Hemos cancelado su cita para la vacuna contra el COVID-19 del {when} en {clinic}.
        Se reservó con un enlace o una lista de otra organización que no pasó por los controles del condado, y el condado da estos lugares a las personas a quienes les toca. Sentimos la molestia.
        {note}
        Si está inscrito en FairShot, conserva su lugar en la fila y le enviaremos una invitación personal cuando le toque.
        Si todavía no está inscrito, inscríbase en el sitio web de FairShot o llame a la línea de ayuda.
        """);

    // --- IHealthCardWords: vaccination card ----------------------------------------------------------
    public string CardTitle => "Su tarjeta de vacunación";
    public string CardIntro => "Esta es una SMART Health Card: un código QR que una farmacia, una aerolínea o un evento puede escanear para comprobar su vacunación contra el COVID-19. La firma el condado, así que no se puede cambiar. Guárdela en su teléfono o imprima esta página.";
    public string CardFor(string name) => $"Tarjeta de {name}";
    public string CardDosesHeading => "Dosis en esta tarjeta";
    public string CardDose(int doseNumber, string product, string date, string clinic) => $"Dosis {doseNumber}: {product}, {date}, en {clinic}";
    public string CardQrAlt => "Código QR de su tarjeta de vacunación";
    public string CardDownload => "Descargar el archivo de la tarjeta";
    public string CardDownloadHint => "Un archivo .smart-health-card, para una aplicación de salud o de billetera que pueda abrirlo.";
    public string CardTooLong => "Esta tarjeta tiene demasiada información para un solo código QR. Descargue el archivo de la tarjeta o llame a la línea de ayuda.";
    public string CardNothingYet => "Todavía no hay tarjeta de vacunación: muestra las dosis que recibió, y no se ha registrado ninguna.";
    public string CardShow => "Mostrar mi tarjeta de vacunación";
    public string CardOpenLink => "Ver su tarjeta de vacunación (código QR)";
    public string CardBack => "Volver a su cita";
}
