namespace FairShot.Features.Notifications;

/// <summary>A rendered message: what goes into the outbox row, in the person's language.</summary>
public sealed record RenderedMessage(string Subject, string Body);

/// <summary>
/// Message texts in English and Spanish. Placeholders are <c>{name}</c>; every template names the
/// values it needs, and rendering fails loudly when one is missing rather than sending "{code}".
/// Texts are plain and short: many readers are over 75 and read them on a phone.
/// </summary>
public static class NotificationTemplates
{
    public const string StaffWelcome = "staff-welcome";
    public const string Test = "test";
    public const string Registered = "registered";
    public const string AlreadyRegistered = "already-registered";
    public const string StatusCode = "status-code";
    public const string Invitation = "invitation";
    public const string InvitationCode = "invitation-code";
    public const string Booked = "booked";
    public const string AppointmentCode = "appointment-code";
    public const string StandbyOffer = "standby-offer";
    public const string StandbyGone = "standby-gone";

    public static readonly IReadOnlyList<string> Languages = ["en", "es"];

    private static readonly Dictionary<(string Template, string Language), (string Subject, string Body)> Texts = new()
    {
        [(StaffWelcome, "en")] = (
            "Your FairShot staff account",
            """
            Hello {name},

            {county} has given you a FairShot staff account ({roles}).
            Sign in at {consoleUrl} with this e-mail address and the password you were given.
            If you did not expect this message, tell your health department.
            """),
        [(StaffWelcome, "es")] = (
            "Su cuenta de personal de FairShot",
            """
            Hola {name}:

            {county} le ha dado una cuenta de personal de FairShot ({roles}).
            Inicie sesión en {consoleUrl} con este correo electrónico y la contraseña que le dieron.
            Si no esperaba este mensaje, avise a su departamento de salud.
            """),
        [(Registered, "en")] = (
            "You are in line for a COVID-19 vaccine",
            """
            Hello {name},

            You are registered for a COVID-19 vaccine. Your group: {group}.
            When it is your turn and there is vaccine, we will send you a personal invitation.
            Only you can use it. You do not need to do anything now.
            """),
        [(Registered, "es")] = (
            "Está en la lista para la vacuna contra el COVID-19",
            """
            Hola {name}:

            Está registrado para la vacuna contra el COVID-19. Su grupo: {group}.
            Cuando sea su turno y haya vacunas, le enviaremos una invitación personal.
            Solo usted puede usarla. No tiene que hacer nada ahora.
            """),
        [(AlreadyRegistered, "en")] = (
            "You are already registered",
            """
            Hello {name},

            Someone tried to register you again for a COVID-19 vaccine. You are already in line,
            so nothing changed. If this was not you or someone helping you, you can ignore this message.
            """),
        [(AlreadyRegistered, "es")] = (
            "Usted ya está registrado",
            """
            Hola {name}:

            Alguien intentó registrarlo otra vez para la vacuna contra el COVID-19. Usted ya está
            en la lista, así que nada cambió. Si no fue usted ni alguien que lo ayuda, puede ignorar este mensaje.
            """),
        [(StatusCode, "en")] = ("Your FairShot code", "Your FairShot code is {code}. It works once, for {minutes} minutes. Never share it."),
        [(StatusCode, "es")] = ("Su código de FairShot", "Su código de FairShot es {code}. Sirve una vez, durante {minutes} minutos. No lo comparta con nadie."),
        [(Invitation, "en")] = (
            "Your personal invitation to book a COVID-19 vaccine",
            """
            Hello {name},

            It is your turn. You can book a COVID-19 vaccine at {clinic}.
            Book here: {link}

            This link is for you only. To book, you will need a code we send to you and your date of birth,
            so a forwarded link will not work for anyone else. Please do not share it.
            The link works until {expires}.
            """),
        [(Invitation, "es")] = (
            "Su invitación personal para reservar la vacuna contra el COVID-19",
            """
            Hola {name}:

            Es su turno. Puede reservar la vacuna contra el COVID-19 en {clinic}.
            Reserve aquí: {link}

            Este enlace es solo para usted. Para reservar necesitará un código que le enviaremos y su fecha de
            nacimiento, así que un enlace reenviado no le servirá a nadie más. No lo comparta.
            El enlace funciona hasta el {expires}.
            """),
        [(InvitationCode, "en")] = ("Your booking code", "Your FairShot booking code is {code}. It works once, for {minutes} minutes. Never share it: we will never ask for it by phone."),
        [(InvitationCode, "es")] = ("Su código para reservar", "Su código de FairShot para reservar es {code}. Sirve una vez, durante {minutes} minutos. No lo comparta: nunca se lo pediremos por teléfono."),
        [(StandbyOffer, "en")] = (
            "A vaccine seat is free today - first to confirm gets it",
            """
            Hello {name},

            A seat for a COVID-19 vaccine is free today at {clinic}. You said you can come at short notice.
            The first person to confirm gets it: {link}
            This link is for you only and works until {expires}. To confirm you will need a code we send you and your date of birth.
            """),
        [(StandbyOffer, "es")] = (
            "Hay un lugar libre hoy para vacunarse: el primero en confirmar lo obtiene",
            """
            Hola {name}:

            Hoy hay un lugar libre para la vacuna contra el COVID-19 en {clinic}. Usted dijo que puede venir con poco aviso.
            La primera persona en confirmar lo obtiene: {link}
            Este enlace es solo para usted y funciona hasta el {expires}. Para confirmar necesitará un código que le enviaremos y su fecha de nacimiento.
            """),
        [(StandbyGone, "en")] = ("The free seat has been taken", "Hello {name}, the vaccine seat we offered you today at {clinic} has been taken. You keep your place in line and on standby."),
        [(StandbyGone, "es")] = ("El lugar libre ya se ocupó", "Hola {name}: el lugar para la vacuna que le ofrecimos hoy en {clinic} ya se ocupó. Usted conserva su lugar en la lista y en espera."),
        [(AppointmentCode, "en")] = ("Your code to manage your appointment", "Your FairShot code to see, change or cancel your appointment is {code}. It works once, for {minutes} minutes. Never share it."),
        [(AppointmentCode, "es")] = ("Su código para administrar su cita", "Su código de FairShot para ver, cambiar o cancelar su cita es {code}. Sirve una vez, durante {minutes} minutos. No lo comparta."),
        [(Booked, "en")] = (
            "Your COVID-19 vaccine appointment",
            """
            Hello {name},

            Your appointment is booked.
            When: {when}
            Where: {clinic}, {address}
            Confirmation code: {code}
            {secondDose}
            Bring this code (or show this message) and a photo ID if you have one.
            To see, change or cancel your appointment: {manageLink}
            """),
        [(Booked, "es")] = (
            "Su cita para la vacuna contra el COVID-19",
            """
            Hola {name}:

            Su cita está reservada.
            Cuándo: {when}
            Dónde: {clinic}, {address}
            Código de confirmación: {code}
            {secondDose}
            Traiga este código (o muestre este mensaje) y una identificación con foto si tiene una.
            Para ver, cambiar o cancelar su cita: {manageLink}
            """),
        [(Test, "en")] = ("FairShot test message", "This is a test message from FairShot. {note}"),
        [(Test, "es")] = ("Mensaje de prueba de FairShot", "Este es un mensaje de prueba de FairShot. {note}"),
    };

    public static string NormalizeLanguage(string? language) =>
        language is not null && Languages.Contains(language, StringComparer.OrdinalIgnoreCase) ? language.ToLowerInvariant() : "en";

    public static RenderedMessage Render(string template, string? language, IReadOnlyDictionary<string, string> values)
    {
        var lang = NormalizeLanguage(language);
        if (!Texts.TryGetValue((template, lang), out var text))
        {
            throw new ArgumentException($"No template '{template}' in '{lang}'.", nameof(template));
        }
        return new RenderedMessage(Fill(text.Subject, values, template), Fill(text.Body, values, template));
    }

    public static IEnumerable<(string Template, string Language)> All => Texts.Keys;

    private static string Fill(string text, IReadOnlyDictionary<string, string> values, string template)
    {
        var result = new System.Text.StringBuilder(text.Length + 64);
        var i = 0;
        while (i < text.Length)
        {
            var open = text.IndexOf('{', i);
            if (open < 0)
            {
                result.Append(text, i, text.Length - i);
                break;
            }
            var close = text.IndexOf('}', open);
            if (close < 0)
            {
                throw new FormatException($"Template '{template}' has an unclosed placeholder.");
            }
            result.Append(text, i, open - i);
            var key = text[(open + 1)..close];
            if (!values.TryGetValue(key, out var value))
            {
                throw new KeyNotFoundException($"Template '{template}' needs a value for '{key}'.");
            }
            result.Append(value);
            i = close + 1;
        }
        return result.ToString();
    }
}
