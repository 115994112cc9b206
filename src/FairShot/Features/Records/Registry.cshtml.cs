using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Audit;
using FairShot.Features.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FairShot.Features.Records;

/// <summary>One clinic day's messages to the registry, counted by what became of them.</summary>
public sealed record RegistryDayRow(Guid ClinicDayId, DateOnly Date, string ClinicName, int Sent, int Accepted, int WithErrors, int Rejected, int Waiting, int Exported, int GaveUp);

/// <summary>A message the registry refused (or never answered), with the person and the registry's words.</summary>
public sealed record RegistryProblemRow(Guid Id, string Person, DateOnly Date, string ClinicName, char Action, bool GaveUp, IReadOnlyList<string> Words, DateTime At);

/// <summary>
/// The state registry as the county's admin sees it: per clinic day, how many doses were sent,
/// accepted, accepted with errors, rejected and still waiting; each rejected one with the registry's
/// ERR text in words and a button to send it again; and the batch file of what waits, for a
/// registry that takes files (downloading it marks those messages exported).
/// </summary>
[Authorize(Policy = StaffPolicies.ConsoleAdmin)]
public sealed class RegistryModel(FairShotDb db, RegistryMessages messages, IOptions<RegistryOptions> options) : PageModel
{
    public const int DaysShown = 60;
    public const int ProblemsShown = 100;

    public IReadOnlyList<RegistryDayRow> Days { get; private set; } = [];
    public IReadOnlyList<RegistryProblemRow> Problems { get; private set; } = [];
    public string? Endpoint { get; private set; }
    public int WaitingTotal { get; private set; }

    [TempData]
    public string? Done { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Endpoint = Uri.TryCreate(options.Value.Endpoint, UriKind.Absolute, out var uri) ? uri.Host : null;
        var counts = await db.RegistryMessages.AsNoTracking()
            .GroupBy(m => new { m.ClinicDayId, m.State })
            .Select(g => new { g.Key.ClinicDayId, g.Key.State, Count = g.Count(), Sent = g.Count(m => m.SentAt != null) })
            .ToListAsync(cancellationToken);
        var dayIds = counts.Select(c => c.ClinicDayId).Distinct().ToList();
        var days = await (from d in db.ClinicDays.AsNoTracking()
                          join c in db.Clinics.AsNoTracking() on d.ClinicId equals c.Id
                          where dayIds.Contains(d.Id)
                          select new { d.Id, d.Date, c.Name }).ToListAsync(cancellationToken);
        int Count(Guid day, RegistryMessageState state) => counts.Where(c => c.ClinicDayId == day && c.State == state).Sum(c => c.Count);
        Days = days.OrderByDescending(d => d.Date).ThenBy(d => d.Name).Take(DaysShown)
            .Select(d => new RegistryDayRow(d.Id, d.Date, d.Name, counts.Where(c => c.ClinicDayId == d.Id).Sum(c => c.Sent),
                Count(d.Id, RegistryMessageState.Accepted), Count(d.Id, RegistryMessageState.AcceptedWithErrors), Count(d.Id, RegistryMessageState.Rejected),
                Count(d.Id, RegistryMessageState.Waiting), Count(d.Id, RegistryMessageState.Exported), Count(d.Id, RegistryMessageState.GaveUp)))
            .ToList();
        WaitingTotal = counts.Where(c => c.State == RegistryMessageState.Waiting).Sum(c => c.Count);

        var problems = await (from m in db.RegistryMessages.AsNoTracking()
                              join p in db.People.AsNoTracking() on m.PersonId equals p.Id
                              join d in db.ClinicDays.AsNoTracking() on m.ClinicDayId equals d.Id
                              join c in db.Clinics.AsNoTracking() on d.ClinicId equals c.Id
                              where m.State == RegistryMessageState.Rejected || m.State == RegistryMessageState.GaveUp
                              orderby m.CreatedAt descending
                              select new { m.Id, p.FirstName, p.LastName, d.Date, c.Name, m.Action, m.State, m.AckErrors, m.LastError, m.SentAt, m.NextAttemptAt })
            .Take(ProblemsShown).ToListAsync(cancellationToken);
        Problems = problems.Select(m => new RegistryProblemRow(m.Id, $"{m.FirstName} {m.LastName}", m.Date, m.Name, m.Action, m.State == RegistryMessageState.GaveUp,
                m.State == RegistryMessageState.GaveUp
                    ? [$"The registry never answered: {m.LastError}"]
                    : RegistryMessages.ErrorsOf(m.AckErrors).Select(e => e.Words).DefaultIfEmpty("The registry rejected it without saying why.").ToList(),
                m.SentAt ?? m.NextAttemptAt))
            .ToList();
    }

    public async Task<IActionResult> OnPostResendAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await messages.ResendAsync(User.ToActor(), id, cancellationToken);
        Done = result.Succeeded ? "The record will be sent to the registry again in a few seconds." : result.Error!.Detail;
        return LocalRedirect("/console/registry");
    }

    public async Task<IActionResult> OnPostExportAsync(Guid? clinicDayId, CancellationToken cancellationToken)
    {
        var result = await messages.ExportAsync(User.ToActor(), clinicDayId, dryRun: false, cancellationToken);
        if (!result.Succeeded)
        {
            Done = result.Error!.Detail;
            return LocalRedirect("/console/registry");
        }
        return File(System.Text.Encoding.UTF8.GetBytes(result.Value!.Text), "text/plain; charset=utf-8", result.Value.FileName);
    }
}
