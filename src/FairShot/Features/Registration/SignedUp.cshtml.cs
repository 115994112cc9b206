using FairShot.Features.Eligibility;
using FairShot.Features.Registration;
using FairShot.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace FairShot.Features.Registration;

/// <summary>
/// After signing up: the same page whatever the sign-up met (a new person, someone already
/// registered, a full household): check your messages, the group and phase the answers qualify
/// for, whether the phase is open, and how the personal invitation will come. The message to the
/// contact on file says which it was. The outcome travels from the POST in TempData (codes only, no
/// personal details), so a refresh or a language switch shows the page again instead of re-posting.
/// </summary>
public sealed class SignedUpModel(EligibilityRules rules) : PortalPageModel
{
    public const string TempDataKey = "fs-signed-up";

    public sealed record Outcome(string GroupCode, string PhaseCode, bool ByEmail, bool BySms)
    {
        public static Outcome From(RegistrationResponse answer, bool byEmail, bool bySms) =>
            new(answer.PriorityGroup.Code, answer.Phase.Code, byEmail, bySms);

        public string Serialize() => string.Join('|', GroupCode, PhaseCode, ByEmail ? "1" : "0", BySms ? "1" : "0");

        public static Outcome? Parse(string? value) => value?.Split('|') switch
        {
            [var group, var phase, var email, var sms] => new(group, phase, email == "1", sms == "1"),
            _ => null,
        };
    }

    public Outcome Result { get; private set; } = new("", "", false, false);
    public string GroupName { get; private set; } = "";
    public string PhaseName { get; private set; } = "";
    public bool PhaseOpen { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (Outcome.Parse(TempData.Peek(TempDataKey) as string) is not { } outcome)
        {
            return Redirect("/register");
        }
        Result = outcome;
        var (phases, groups) = await rules.LoadAsync(cancellationToken);
        var phase = phases.FirstOrDefault(p => p.Code == outcome.PhaseCode);
        GroupName = groups.FirstOrDefault(g => g.Code == outcome.GroupCode) is { } group ? Text.Pick(group.Name, group.NameEs) : outcome.GroupCode;
        PhaseName = phase is not null ? Text.Pick(phase.Name, phase.NameEs) : outcome.PhaseCode;
        PhaseOpen = phase?.IsOpen ?? false;
        return Page();
    }
}
