using FairShot.Domain;
using FairShot.Features.Staff;
using FairShot.Platform;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FairShot.Features.Staff;

/// <summary>
/// Admins see every staff account, create new ones and disable them. A new account's first
/// password is shown once, in the response to the POST that made it, and is stored nowhere else
/// (no TempData, no redirect carrying it; antiforgery marks the response no-store). Admins also
/// assign each person's clinics: someone who is only clinic staff acts on those clinics alone.
/// </summary>
[Authorize(Policy = StaffPolicies.ConsoleAdmin)]
public sealed class StaffMembersModel(StaffDirectory directory) : PageModel
{
    /// <summary>What each role may do, in words; the values are <see cref="StaffRoles"/>.</summary>
    public static readonly IReadOnlyList<(string Role, string Name, string Does)> RoleChoices =
    [
        (StaffRoles.Admin, "Admin", "Manages staff accounts and clinics, and reads the audit log."),
        (StaffRoles.Scheduler, "Scheduler", "Plans clinic days."),
        (StaffRoles.ClinicStaff, "Clinic staff", "Works at the clinics ticked for them: reports leftover doses there, and sees only those clinics."),
        (StaffRoles.CallCentre, "Call center", "Helps residents by phone."),
    ];

    [BindProperty]
    public string? DisplayName { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public List<string> Roles { get; set; } = [];

    [BindProperty]
    public List<Guid> ClinicIds { get; set; } = [];

    /// <summary>The clinics a person leads (may correct and void recorded doses there): each must also be in <see cref="ClinicIds"/>.</summary>
    [BindProperty]
    public List<Guid> LeadClinicIds { get; set; } = [];

    public IReadOnlyList<(Guid Id, string Name)> Clinics { get; private set; } = [];
    public StaffSummary? Assigned { get; private set; }

    public string ClinicNames(StaffSummary member) =>
        member.ClinicIds.Count == 0
            ? "none"
            : string.Join(", ", Clinics.Where(c => member.ClinicIds.Contains(c.Id)).Select(c => IsLead(member, c.Id) ? c.Name + " (lead)" : c.Name));

    public static bool IsLead(StaffSummary member, Guid clinicId) => member.LeadClinicIds?.Contains(clinicId) == true;

    public IReadOnlyList<StaffSummary> Staff { get; private set; } = [];
    public NewStaffMember? Created { get; private set; }
    public StaffSummary? Disabled { get; private set; }
    public string MyId { get; private set; } = "";

    public static string RoleName(string role) => RoleChoices.FirstOrDefault(r => r.Role == role).Name ?? role;

    public async Task OnGetAsync(Guid? disabled, Guid? assigned, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        Disabled = Staff.FirstOrDefault(s => s.Id == disabled && !s.IsActive);
        Assigned = Staff.FirstOrDefault(s => s.Id == assigned);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await directory.CreateAsync(User.ToActor(), new CreateStaffRequest(Email, DisplayName, Roles, Language: null, ClinicIds), cancellationToken);
        if (result.Succeeded)
        {
            Created = result.Value!;
            // The form starts empty again for the next person.
            DisplayName = Email = null;
            Roles = [];
            ClinicIds = [];
            ModelState.Clear();
            // No Cache-Control here: the page holds a form, so antiforgery already sends no-store.
        }
        else
        {
            result.Error!.AddTo(ModelState);
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await directory.DisableAsync(User.ToActor(), id, cancellationToken);
        if (result.Succeeded)
        {
            return LocalRedirect($"/console/staff?disabled={id}");
        }
        // Not a field of the new-staff form: the message goes to the summary at the top.
        ModelState.Clear();
        ModelState.AddModelError(string.Empty, result.Error!.Detail);
        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>
    /// The clinics and lead boxes ticked in one person's row replace the ones they had (the same call as
    /// <c>PUT /api/v1/admin/staff/{id}/clinics</c> with <c>leadClinicIds</c>, audited there). A lead box
    /// without its clinic box is refused by that rule and said with the clinic's and the person's names.
    /// </summary>
    public async Task<IActionResult> OnPostClinicsAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await directory.SetClinicsAsync(User.ToActor(), id, new StaffClinicsRequest(ClinicIds, LeadClinicIds), cancellationToken);
        if (result.Succeeded)
        {
            return LocalRedirect($"/console/staff?assigned={id}");
        }
        await LoadAsync(cancellationToken);
        var message = result.Error is ValidationError v ? string.Join(" ", v.Fields.SelectMany(f => f.Value)) : result.Error!.Detail;
        if (result.Error is ValidationError lead && lead.Fields.ContainsKey("leadClinicIds") && Staff.FirstOrDefault(s => s.Id == id) is { } member)
        {
            var unticked = Clinics.Where(c => LeadClinicIds.Contains(c.Id) && !ClinicIds.Contains(c.Id)).Select(c => c.Name).ToList();
            message = $"{member.DisplayName} can lead only a clinic they belong to. Tick {string.Join(" and ", unticked)} too, or untick lead, then save {member.DisplayName}'s clinics again. Nothing was changed.";
        }
        ModelState.Clear();
        ModelState.AddModelError(string.Empty, message);
        ClinicIds = [];
        LeadClinicIds = [];
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Staff = await directory.ListAsync(cancellationToken);
        Clinics = await directory.ClinicChoicesAsync(cancellationToken);
        MyId = User.ToActor().Id;
    }
}
