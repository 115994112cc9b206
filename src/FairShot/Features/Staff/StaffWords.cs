using FairShot.Features.Notifications;

namespace FairShot.Features.Staff;

/// <summary>What a new staff member is told. Every language implements it (Features/Shared/Languages).</summary>
public interface IStaffWords
{
    // staff
    /// <summary>A new staff member's welcome, in the language the administrator chose for them.</summary>
    RenderedMessage StaffWelcomeMessage(string name, string county, string roles, string consoleUrl);
}
