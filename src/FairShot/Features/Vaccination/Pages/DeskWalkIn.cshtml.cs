using FairShot.Domain;
using FairShot.Features.Eligibility;
using FairShot.Features.Registration;
using FairShot.Features.Shared.Languages;
using FairShot.Features.Staff;
using FairShot.Platform;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace FairShot.Features.Vaccination.Pages;

/// <summary>
/// A person registered at the door, for the day on screen: the registration form's fields and
/// checks (<see cref="RegistrationFormModel"/>, English messages for the nurse), then
/// <see cref="WalkIns.RegisterAsync"/>, the handler the walk-in API calls. The handler decides
/// eligibility (open phase, the day's earmark, a seat and a dose, standby first); a refusal is
/// shown in words that say what to do, and nothing is written. On success the nurse goes straight
/// to recording the dose of the new, checked-in appointment.
/// </summary>
[Authorize(Policy = StaffPolicies.ConsoleClinic)]
[ClinicScoped]
public sealed class DeskWalkInModel(DeskAccess access, WalkIns walkIns, EligibilityRules rules, TimeProvider clock) : RegistrationFormModel
{
    public DeskAccess.DayContext? Day { get; private set; }
    public bool IsToday { get; private set; }
    public IReadOnlyList<string> OpenPhases { get; private set; } = [];

    /// <summary>The handler's refusal, shown above the form with what to do next.</summary>
    public WalkInRefused? Refused { get; private set; }

    /// <summary>Seats held for standby offers that are still open, said when no dose is left.</summary>
    public int HeldByStandby { get; private set; }

    /// <summary>
    /// The new appointment's site code, carried once (TempData, never the URL) to the record page: the
    /// person registered at the door holds no confirmation yet, and the nurse saw them in person.
    /// </summary>
    [TempData]
    public string? WalkInSiteCode { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        Language ??= Words.English.Lang;
        return await ShowAsync(id, ct);
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var shown = await ShowAsync(id, ct);
        if (Day is null)
        {
            return shown;
        }
        if (!CheckInEnglish(await rules.TodayAsync(ct)))
        {
            return Page();
        }
        var person = new WalkInPerson(FirstName, LastName, DateOfBirth, ZipCode, Email, Phone, Occupation, Setting, Conditions, Language);
        var result = await walkIns.RegisterAsync(User.ToActor(), new WalkInRequest(id, null, person), ct);
        switch (result.Error)
        {
            case null:
                WalkInSiteCode = result.Value!.SiteCode;
                return LocalRedirect($"/console/clinic-days/{id}/record/{result.Value!.AppointmentId}?checkedIn=true");
            case WalkInRefused refused:
                Refused = refused;
                if (refused.Reason == WalkInRefused.NoDoseLeft)
                {
                    HeldByStandby = await walkIns.HeldByStandbyAsync(id, clock.GetUtcNow().UtcDateTime, ct);
                }
                return Page();
            case ValidationError invalid:
                // The handler names the person's fields "person.firstName"; the form's are "FirstName".
                ShowProblems(new ValidationError(invalid.Fields.ToDictionary(f => f.Key.StartsWith("person.", StringComparison.Ordinal) ? f.Key["person.".Length..] : f.Key,
                    f => f.Value)));
                return Page();
            default:
                ModelState.AddModelError(string.Empty, result.Error.Detail);
                return Page();
        }
    }

    private async Task<IActionResult> ShowAsync(Guid id, CancellationToken ct)
    {
        var day = await access.DayAsync(User, id, ct);
        if (!day.Succeeded)
        {
            return day.Error is NotYourClinicError ? Forbid() : NotFound();
        }
        Day = day.Value!;
        IsToday = Day.Clinic.Today(clock.GetUtcNow()) == Day.Day.Date;
        OpenPhases = (await rules.LoadAsync(ct)).Phases.Where(p => p.IsOpen).OrderBy(p => p.Rank).Select(p => p.Name).ToList();
        return Page();
    }

    /// <summary>What the nurse does after each refusal, in plain words.</summary>
    public static string WhatToDo(string reason) => reason switch
    {
        WalkInRefused.NotInOpenPhase =>
            "Do not vaccinate this person today. Tell them they can sign up on the FairShot website or by phone, and they will be invited when their phase opens.",
        WalkInRefused.OutsideEarmark => "Do not vaccinate this person today. Tell them they can sign up to be invited to another clinic day.",
        WalkInRefused.AlreadyVaccinated => "Do not vaccinate this person again. If they say a dose is missing, ask your clinic lead.",
        WalkInRefused.AlreadyBooked => "Check them in with their confirmation code instead. Search the queue by their name if they do not have it.",
        WalkInRefused.TooEarly => "Do not vaccinate this person today. They will be invited for their next dose.",
        WalkInRefused.NotToday => "Walk-ins are registered on the clinic day itself. Open today's clinic day from the console.",
        WalkInRefused.NoDoseLeft =>
            "Do not vaccinate this person. Every dose here is promised to people who are booked or were offered one from standby. Ask your clinic lead whether doses are left in opened vials at the end of the day.",
        _ => "Ask your clinic lead.",
    };

    public static string Heading(string reason) => reason switch
    {
        WalkInRefused.NotInOpenPhase => "Not eligible yet",
        WalkInRefused.OutsideEarmark => "Today's doses are for other people",
        WalkInRefused.AlreadyVaccinated => "Already vaccinated",
        WalkInRefused.AlreadyBooked => "Already has an appointment",
        WalkInRefused.TooEarly => "Too early for the next dose",
        WalkInRefused.NotToday => "This clinic day is not today",
        WalkInRefused.NoDoseLeft => "No dose left for a walk-in",
        _ => "Not registered",
    };
}
