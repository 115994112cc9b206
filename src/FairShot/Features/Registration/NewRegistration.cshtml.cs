using FairShot.Domain;
using FairShot.Features.Eligibility;
using FairShot.Features.Registration;
using FairShot.Features.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace FairShot.Features.Registration;

/// <summary>
/// A call-centre agent registers someone over the phone, in the language the person chooses. The
/// registration records the agent (source Staff). A duplicate gets the same neutral answer the
/// public form gives: the contact on file is told, the agent learns nothing about it.
/// </summary>
[Authorize(Policy = StaffPolicies.ConsoleRegistering)]
public sealed class NewRegistrationModel(RegistrationService registrations, EligibilityRules rules) : RegistrationFormModel
{
    public bool Duplicate { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!CheckInEnglish(await rules.TodayAsync(cancellationToken)))
        {
            return Page();
        }
        var result = await registrations.RegisterAsync(User.ToActor(), ToRequest(), RegistrationSource.Staff, cancellationToken);
        switch (result.Error)
        {
            case null:
                return LocalRedirect($"/console/registrations/{result.Value!.Id}?registered=true");
            case DuplicateRegistration:
                Duplicate = true;
                return Page();
            default:
                ShowProblems(result.Error);
                return Page();
        }
    }
}
