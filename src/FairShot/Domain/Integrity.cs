namespace FairShot.Domain;

/// <summary>One upload of a partner system's bookings for a clinic day: who brought it in, when, and what came of it.</summary>
public sealed class ImportBatch
{
    public const int PartnerMaxLength = 100;

    private ImportBatch() { }

    public ImportBatch(Guid clinicDayId, string partner, Guid staffId, string format, DateTime now)
    {
        Id = Guid.CreateVersion7();
        ClinicDayId = clinicDayId;
        Partner = partner;
        StaffId = staffId;
        Format = format;
        ImportedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid ClinicDayId { get; private set; }
    public string Partner { get; private set; } = "";
    public Guid StaffId { get; private set; }

    /// <summary>"csv" or "fhir".</summary>
    public string Format { get; private set; } = "";
    public DateTime ImportedAt { get; private set; }
    public int Rows { get; private set; }
    public int Imported { get; private set; }
    public int Registered { get; private set; }
    public int Matched { get; private set; }
    public int Errors { get; private set; }

    public void Counted(int rows, int imported, int registered, int matched, int errors)
    {
        Rows = rows;
        Imported = imported;
        Registered = registered;
        Matched = matched;
        Errors = errors;
    }
}

/// <summary>What came of a phone call to confirm an appointment that passed every integrity check.</summary>
public enum CallOutcome
{
    Confirmed = 0,
    NoAnswer = 1,
    WrongNumber = 2,
    CancelledByPerson = 3,
}

/// <summary>One call made from the integrity call list: the appointment, the outcome, who called and when.</summary>
public sealed class IntegrityCall
{
    public const int NoteMaxLength = 500;

    private IntegrityCall() { }

    public IntegrityCall(Guid appointmentId, CallOutcome outcome, string? note, Guid staffId, DateTime now)
    {
        Id = Guid.CreateVersion7();
        AppointmentId = appointmentId;
        Outcome = outcome;
        Note = note;
        StaffId = staffId;
        CalledAt = now;
    }

    public Guid Id { get; private set; }
    public Guid AppointmentId { get; private set; }
    public CallOutcome Outcome { get; private set; }
    public string? Note { get; private set; }
    public Guid StaffId { get; private set; }
    public DateTime CalledAt { get; private set; }
}
