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

/// <summary>How an appointment came to be: what the integrity report checks its chain against.</summary>
public enum AppointmentChannel
{
    /// <summary>The person's own invitation, redeemed with a code sent to the contact on file.</summary>
    Invitation = 0,

    /// <summary>Booked by a named staff member with a reason (call centre, scheduler).</summary>
    Staff = 1,

    /// <summary>Registered or booked at the clinic door by the staff member named.</summary>
    WalkIn = 2,

    /// <summary>Brought in from a partner system's booking list (partner and batch named).</summary>
    Import = 3,
}

/// <summary>Why a transition of an appointment was refused; the clinic desk turns each into words.</summary>
public enum CheckInRefusal
{
    None = 0,
    Cancelled,
    AlreadyVaccinated,
    NoShow,
    AnotherDay,
    AnotherClinic,
    DateOfBirthMismatch,
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

    public AppointmentChannel Channel { get; private set; }

    /// <summary>For an import: the partner system's name and the import batch.</summary>
    public string? ImportPartner { get; private set; }
    public Guid? ImportBatchId { get; private set; }

    /// <summary>
    /// Four digits the resident holds (confirmation page and message) and shows the vaccinator, who
    /// must enter it to record a dose: no dose is recorded for someone who is not there.
    /// </summary>
    public string SiteCode { get; private set; } = "";

    public DateTime? CheckedInAt { get; private set; }
    public Guid? CheckedInByStaffId { get; private set; }
    public DateTime? NoShowAt { get; private set; }

    /// <summary>Check-ins refused because the date of birth did not match: a signal for the integrity report.</summary>
    public int CheckInFailures { get; private set; }

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
        appointment.Channel = AppointmentChannel.Staff;
        return appointment;
    }

    /// <summary>A person registered or found at the door and vaccinated there: provenance names the staff member.</summary>
    public static Appointment WalkIn(Guid personId, Slot slot, int doseNumber, Guid staffId, DateTime now, Guid? previousDose = null)
    {
        var appointment = ByStaff(personId, slot, doseNumber, staffId, "walk-in", now, previousDose);
        appointment.Channel = AppointmentChannel.WalkIn;
        return appointment;
    }

    /// <summary>A booking brought in from a partner system; the importing staff member is named in the provenance.</summary>
    public static Appointment Imported(Guid personId, Slot slot, int doseNumber, Guid staffId, string partner, Guid batchId, DateTime now, Guid? previousDose = null)
    {
        var appointment = ByStaff(personId, slot, doseNumber, staffId, $"import from {partner}", now, previousDose);
        appointment.Channel = AppointmentChannel.Import;
        appointment.ImportPartner = partner;
        appointment.ImportBatchId = batchId;
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
        SiteCode = NewSiteCode(),
        BookedAt = now,
        PreviousDoseAppointmentId = previousDose,
    };

    /// <summary>Moves the appointment to another slot; the caller has taken the new seat and releases the old one.</summary>
    public void MoveTo(Slot slot)
    {
        SlotId = slot.Id;
        ClinicDayId = slot.ClinicDayId;
    }

    /// <summary>
    /// Whether this appointment can be checked in at <paramref name="clinicId"/> on <paramref name="today"/>
    /// (the clinic's local date of <paramref name="dayDate"/>'s day); early arrivals on the day are welcome.
    /// A second check-in of someone already checked in is not refused.
    /// </summary>
    public CheckInRefusal CanCheckIn(Guid dayClinicId, DateOnly dayDate, Guid clinicId, DateOnly today) => State switch
    {
        AppointmentState.Cancelled => CheckInRefusal.Cancelled,
        AppointmentState.Administered => CheckInRefusal.AlreadyVaccinated,
        AppointmentState.NoShow when dayDate != today => CheckInRefusal.NoShow,
        _ when dayClinicId != clinicId => CheckInRefusal.AnotherClinic,
        _ when dayDate != today => CheckInRefusal.AnotherDay,
        _ => CheckInRefusal.None,
    };

    /// <summary>Checks the person in; a no-show marked by the job who turns up later the same day is welcome back.</summary>
    public void CheckIn(DateTime now, Guid staffId)
    {
        if (State is not (AppointmentState.Booked or AppointmentState.CheckedIn or AppointmentState.NoShow))
        {
            throw new InvalidOperationException($"An appointment that is {State} cannot be checked in.");
        }
        if (State != AppointmentState.CheckedIn)
        {
            State = AppointmentState.CheckedIn;
            CheckedInAt = now;
            CheckedInByStaffId = staffId;
            NoShowAt = null;
        }
    }

    public void FailedCheckIn() => CheckInFailures++;

    /// <summary>The dose was given: only for someone checked in (or booked, when the vaccinator checks them in at the chair).</summary>
    public void MarkVaccinated(DateTime now, Guid staffId)
    {
        if (State == AppointmentState.Booked)
        {
            CheckIn(now, staffId);
        }
        if (State != AppointmentState.CheckedIn)
        {
            throw new InvalidOperationException($"A dose cannot be recorded for an appointment that is {State}.");
        }
        State = AppointmentState.Administered;
    }

    /// <summary>A voided dose puts the appointment back to checked in: the record was made in error.</summary>
    public void AdministrationVoided()
    {
        if (State != AppointmentState.Administered)
        {
            throw new InvalidOperationException("Only a vaccinated appointment has a dose to void.");
        }
        State = AppointmentState.CheckedIn;
    }

    public bool IsActive => State is AppointmentState.Booked or AppointmentState.CheckedIn or AppointmentState.Administered;

    /// <summary>Four random digits, leading zeros kept.</summary>
    public static string NewSiteCode() => RandomNumberGenerator.GetInt32(10_000).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);

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
