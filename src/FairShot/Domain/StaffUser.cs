using Microsoft.AspNetCore.Identity;

namespace FairShot.Domain;

public static class StaffRoles
{
    public const string Admin = "Admin";
    public const string Scheduler = "Scheduler";
    public const string ClinicStaff = "ClinicStaff";
    public const string CallCentre = "CallCentre";

    public static readonly IReadOnlyList<string> All = [Admin, Scheduler, ClinicStaff, CallCentre];
}

/// <summary>A health-department or clinic staff member: an Identity user with a name and an on/off switch.</summary>
public sealed class StaffUser : IdentityUser<Guid>
{
    public const int DisplayNameMaxLength = 120;

    public string DisplayName { get; set; } = "";
    public bool IsActive { get; private set; } = true;
    public DateTime CreatedAt { get; set; }
    public DateTime? DisabledAt { get; private set; }

    /// <summary>Disabling locks the account and, by changing the security stamp (done by the caller
    /// through UserManager), ends every cookie and token it holds.</summary>
    public void Disable(DateTime now)
    {
        IsActive = false;
        DisabledAt = now;
        LockoutEnabled = true;
        LockoutEnd = DateTimeOffset.MaxValue;
    }
}

/// <summary>A key of the shared Data Protection key ring, kept in the database so that cookies,
/// antiforgery tokens and API tokens issued by one app instance are read by every other.</summary>
public sealed class DataProtectionKey
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string FriendlyName { get; set; } = "";
    public string Xml { get; set; } = "";
}
