using System.Security.Cryptography;

namespace FairShot.Domain;

public enum AppointmentState
{
    Booked = 0,
    CheckedIn = 1,
    Administered = 2,
    Cancelled = 3,
    NoShow = 4,
}

/// <summary>
/// A seat in a slot for one person and one dose. A partial unique index on (person, dose) over the
/// active states forbids a second active appointment; the seat itself was taken by the conditional
/// update on the slot in the same transaction. Provenance says where it came from: the invitation
/// and the contact that received the code, or the staff member who booked it and why.
/// </summary>
public sealed class Appointment
{
    /// <summary>Letters and digits that cannot be confused when read aloud or on a phone.</summary>
    private const string CodeAlphabet = "ACDEFGHJKLMNPQRTUVWXY34679";

    private Appointment() { }

    public Guid Id { get; private set; }
    public Guid PersonId { get; private set; }
    public Guid SlotId { get; private set; }
    public Guid ClinicDayId { get; private set; }
    public int DoseNumber { get; private set; }
    public AppointmentState State { get; private set; }
    public string ConfirmationCode { get; private set; } = "";
    public DateTime BookedAt { get; private set; }
    public DateTime? CancelledAt { get; private set; }

    // Provenance
    public Guid? InvitationId { get; private set; }
    public string? VerifiedContact { get; private set; }
    public Guid? BookedByStaffId { get; private set; }
    public string? StaffReason { get; private set; }

    /// <summary>Dose 2 booked together with dose 1 points at it.</summary>
    public Guid? PreviousDoseAppointmentId { get; private set; }

    public static Appointment ByInvitation(Guid personId, Slot slot, int doseNumber, Guid invitationId, string verifiedContact, DateTime now, Guid? previousDose = null)
    {
        var appointment = New(personId, slot, doseNumber, now, previousDose);
        appointment.InvitationId = invitationId;
        appointment.VerifiedContact = verifiedContact;
        return appointment;
    }

    public static Appointment ByStaff(Guid personId, Slot slot, int doseNumber, Guid staffId, string reason, DateTime now, Guid? previousDose = null)
    {
        var appointment = New(personId, slot, doseNumber, now, previousDose);
        appointment.BookedByStaffId = staffId;
        appointment.StaffReason = reason;
        return appointment;
    }

    private static Appointment New(Guid personId, Slot slot, int doseNumber, DateTime now, Guid? previousDose) => new()
    {
        Id = Guid.CreateVersion7(),
        PersonId = personId,
        SlotId = slot.Id,
        ClinicDayId = slot.ClinicDayId,
        DoseNumber = doseNumber,
        State = AppointmentState.Booked,
        ConfirmationCode = NewConfirmationCode(),
        BookedAt = now,
        PreviousDoseAppointmentId = previousDose,
    };

    /// <summary>Moves the appointment to another slot; the caller has taken the new seat and releases the old one.</summary>
    public void MoveTo(Slot slot)
    {
        SlotId = slot.Id;
        ClinicDayId = slot.ClinicDayId;
    }

    public bool IsActive => State is AppointmentState.Booked or AppointmentState.CheckedIn or AppointmentState.Administered;

    /// <summary>10 characters from a 26-letter alphabet: about 47 bits, unique by index.</summary>
    public static string NewConfirmationCode() =>
        string.Create(10, 0, static (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = CodeAlphabet[RandomNumberGenerator.GetInt32(CodeAlphabet.Length)];
            }
        });
}

public enum ReservationState
{
    Waiting = 0,
    Booked = 1,
    Cancelled = 2,
}

/// <summary>
/// A person who got dose 1 of a two-dose product but no dose-2 seat yet: first in line for the
/// next suitable clinic day of the same product from <see cref="EarliestDate"/>.
/// </summary>
public sealed class SecondDoseReservation
{
    private SecondDoseReservation() { }

    public SecondDoseReservation(Guid personId, Guid firstDoseAppointmentId, string productCvx, DateOnly earliest, DateOnly latest, DateTime now, Guid? heldAtClinicId = null)
    {
        HeldAtClinicId = heldAtClinicId;
        Id = Guid.CreateVersion7();
        PersonId = personId;
        FirstDoseAppointmentId = firstDoseAppointmentId;
        ProductCvx = productCvx;
        EarliestDate = earliest;
        LatestDate = latest;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid PersonId { get; private set; }
    public Guid FirstDoseAppointmentId { get; private set; }
    public string ProductCvx { get; private set; } = "";
    public DateOnly EarliestDate { get; private set; }
    public DateOnly LatestDate { get; private set; }
    public ReservationState State { get; private set; }
    public DateTime CreatedAt { get; private set; }

    /// <summary>The clinic whose stock holds a dose for this second dose (its balance's <c>Reserved</c>).</summary>
    public Guid? HeldAtClinicId { get; private set; }
}

/// <summary>A request already answered: the same (scope, key) gets the same response, never a second booking.</summary>
public sealed class IdempotencyRecord
{
    private IdempotencyRecord() { }

    public IdempotencyRecord(string scope, string key, int statusCode, string responseBody, DateTime now)
    {
        Scope = scope;
        Key = key;
        StatusCode = statusCode;
        ResponseBody = responseBody;
        CreatedAt = now;
    }

    public string Scope { get; private set; } = "";
    public string Key { get; private set; } = "";
    public int StatusCode { get; private set; }
    public string ResponseBody { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
}

/// <summary>A short session proving that the holder of a confirmation code also received the one-time code.</summary>
public sealed class AppointmentSession
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    private AppointmentSession() { }

    public AppointmentSession(Guid appointmentId, string tokenHash, DateTime now)
    {
        Id = Guid.CreateVersion7();
        AppointmentId = appointmentId;
        TokenHash = tokenHash;
        CreatedAt = now;
        ExpiresAt = now + Lifetime;
    }

    public Guid Id { get; private set; }
    public Guid AppointmentId { get; private set; }
    public string TokenHash { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public DateTime ExpiresAt { get; private set; }
}
