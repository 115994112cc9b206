using FairShot.Domain;
using FairShot.Features.Eligibility;
using FairShot.Features.Records.HealthCards;
using FairShot.Features.Registration;
using FairShot.Features.Shared;
using FairShot.Platform;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace FairShot.Features.Status;

public enum StatusStage
{
    AskContact,
    AskCode,
    Answer,
}

/// <summary>One person registered with the contact, in the page's language.</summary>
public sealed record StatusRow(string FirstName, string Status, string GroupName, string PhaseName, bool PhaseOpen, int PeopleAhead, DateTime RegisteredAt, HealthCardView? Card = null);

/// <summary>
/// "Where am I in line?" without an account: the e-mail or phone first, then the 6-digit code sent
/// to it, then each registration on that contact. The first answer is the same whether or not the
/// contact is on file (<see cref="StatusLookup"/>), and the page says so in those words.
/// </summary>
[EnableRateLimiting(StatusApi.CodeRateLimit)]
public sealed class StatusModel(StatusLookup lookup, EligibilityRules rules, HealthCardIssuer cards) : PortalPageModel
{
    public const int ContactMaxLength = 254;

    [BindProperty]
    public string? Contact { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    public StatusStage Stage { get; private set; } = StatusStage.AskContact;
    public IReadOnlyList<StatusRow> People { get; private set; } = [];

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostSendCodeAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        Code = null;
        var sent = Contact is { Length: > ContactMaxLength }
            ? ValidationError.For("contact", Text.EnterContact)
            : await lookup.SendCodeAsync(new StatusCodeRequest(Contact), cancellationToken);
        if (!sent.Succeeded)
        {
            sent.Error!.AddTo(ModelState);
            ModelState.Reword(nameof(Contact), Text.EnterContact); // the handler's words are English only
            return Page();
        }
        Stage = StatusStage.AskCode;
        return Page();
    }

    public async Task<IActionResult> OnPostLookUpAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        Stage = StatusStage.AskCode;
        var code = Code?.Trim().Replace(" ", "", StringComparison.Ordinal);
        var found = Contact is { Length: > ContactMaxLength }
            ? ValidationError.For("contact", Text.EnterContact)
            : await lookup.LookUpAsync(new StatusRequest(Contact, code), cancellationToken);
        if (!found.Succeeded)
        {
            found.Error!.AddTo(ModelState);
            ModelState.Reword(nameof(Contact), Text.EnterContact);
            ModelState.Reword(nameof(Code), code is { Length: 6 } && code.All(char.IsAsciiDigit) ? Text.WrongCode : Text.EnterCode);
            if (ModelState.TryGetValue(nameof(Contact), out var contactEntry) && contactEntry.Errors.Count > 0)
            {
                Stage = StatusStage.AskContact;
            }
            Code = null;
            return Page();
        }
        Code = null;
        var (phases, groups) = await rules.LoadAsync(cancellationToken);
        People = found.Value!.People.Select(p =>
        {
            var phase = phases.FirstOrDefault(x => x.Code == p.Phase.Code);
            return new StatusRow(p.FirstName, p.Status,
                groups.FirstOrDefault(g => g.Code == p.PriorityGroup.Code) is { } g ? Text.Pick(g.Name, g.NameEs) : p.PriorityGroup.Name,
                phase is not null ? Text.Pick(phase.Name, phase.NameEs) : p.Phase.Name, p.Phase.Open, p.PeopleAhead, p.RegisteredAt);
        }).ToList();
        // The code proved the contact: each person on it with a dose given also sees their vaccination card.
        var ids = await cards.PeopleOnContactAsync(StatusLookup.NormalizeContact(Contact)!, cancellationToken);
        for (var i = 0; i < People.Count && i < ids.Count; i++)
        {
            if ((await cards.IssueAsync(ids[i], cancellationToken)).Value is { } card)
            {
                People = [.. People.Select((row, n) => n == i ? row with { Card = new HealthCardView(Text, card) } : row)];
            }
        }
        Stage = StatusStage.Answer;
        return Page();
    }
}
