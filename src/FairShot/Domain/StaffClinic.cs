namespace FairShot.Domain;

/// <summary>
/// A staff member belongs to a clinic: ClinicStaff act on, and see the people booked at, only the
/// clinics they belong to. Admins assign clinics; a row is the whole fact (no state, no history
/// here: the audit log keeps who assigned what).
/// </summary>
public sealed class StaffClinic
{
    private StaffClinic() { }

    public StaffClinic(Guid staffUserId, Guid clinicId, DateTime now, bool isLead = false)
    {
        IsLead = isLead;
        StaffUserId = staffUserId;
        ClinicId = clinicId;
        AssignedAt = now;
    }

    public Guid StaffUserId { get; private set; }
    public Guid ClinicId { get; private set; }
    public DateTime AssignedAt { get; private set; }

    /// <summary>A clinic lead may correct or void a recorded dose at this clinic (admins may anywhere).</summary>
    public bool IsLead { get; private set; }

    public void SetLead(bool isLead) => IsLead = isLead;
}
