using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Registration;
using FairShot.Features.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.StaffConsole.Registrations;

/// <summary>
/// One registration: where the person stands and how they got there. Admins and call-centre
/// agents can correct it (the handler audits the change and keeps the place in line); other staff
/// only read it.
/// </summary>
[Authorize(Policy = StaffPolicies.ConsoleAnyStaff)]
public sealed class RegistrationDetailsModel(
    FairShotDb db, RegistrationService registrations, EligibilityRules rules, StaffDirectory directory, IAuthorizationService authorization)
    : RegistrationFormModel
{
    public Person? Person { get; private set; }
    public RegistrationResponse? Standing { get; private set; }
    public int? Position { get; private set; }
    public string RegisteredBy { get; private set; } = "";
    public DateTime RegisteredAtLocal { get; private set; }
    public string ZoneName { get; private set; } = "";
    public bool CanCorrect { get; private set; }
    public bool JustRegistered { get; private set; }
    public bool JustCorrected { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, bool registered, bool corrected, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        Fill(Person!);
        JustRegistered = registered;
        JustCorrected = corrected;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!(await authorization.AuthorizeAsync(User, StaffPolicies.ConsoleRegistering)).Succeeded)
        {
            return Forbid();
        }
        if (!await LoadAsync(id, cancellationToken))
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        if (!CheckInEnglish(await rules.TodayAsync(cancellationToken)))
        {
            return Page();
        }
        var result = await registrations.CorrectAsync(User.ToActor(), id, ToRequest(), cancellationToken);
        switch (result.Error)
        {
            case null:
                return LocalRedirect($"/console/registrations/{id}?corrected=true");
            case NotFoundError:
                Person = null;
                Response.StatusCode = StatusCodes.Status404NotFound;
                return Page();
            case ConflictError conflict:
                ModelState.AddModelError(string.Empty, conflict.Detail);
                return Page();
            default:
                ShowProblems(result.Error);
                return Page();
        }
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        Person = await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (Person is null)
        {
            return false;
        }
        Standing = await registrations.DescribeAsync(Person, cancellationToken);
        // Staff read the group and phase in English, whatever the person's language.
        var group = await db.PriorityGroups.AsNoTracking().SingleAsync(g => g.Code == Person.GroupCode, cancellationToken);
        var phase = await db.Phases.AsNoTracking().SingleAsync(p => p.Code == Person.PhaseCode, cancellationToken);
        Standing = Standing with { PriorityGroup = new NamedCode(group.Code, group.Name), Phase = new PhaseInfo(phase.Code, phase.Name, phase.IsOpen) };
        Position = Person.Status == PersonStatus.Waiting ? await registrations.PeopleAheadAsync(Person, cancellationToken) + 1 : null;
        var zoneId = await db.CountySettings.AsNoTracking().OrderBy(c => c.Id).Select(c => c.TimeZoneId).FirstOrDefaultAsync(cancellationToken) ?? "America/Chicago";
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        RegisteredAtLocal = ConsoleFormat.ToLocal(Person.RegisteredAt, zone);
        ZoneName = ConsoleFormat.ZoneName(zoneId);
        RegisteredBy = Person.Source switch
        {
            RegistrationSource.Self => "The person, on the public website",
            RegistrationSource.Roster => "A roster import",
            RegistrationSource.Staff => Person.RegisteredByStaffId is { } staffId
                ? (await directory.ListAsync(cancellationToken)).FirstOrDefault(s => s.Id == staffId)?.DisplayName ?? "A former staff member"
                : "A staff member",
            _ => Person.Source.ToString(),
        };
        CanCorrect = (await authorization.AuthorizeAsync(User, StaffPolicies.ConsoleRegistering)).Succeeded;
        return true;
    }
}
