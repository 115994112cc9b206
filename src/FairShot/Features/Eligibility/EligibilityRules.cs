using System.Linq.Expressions;
using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Eligibility;

public sealed record GroupRule(string Code, string Name, string? NameEs, int? MinAge, int? MaxAge,
    IReadOnlyList<string>? Occupations, IReadOnlyList<string>? Settings, IReadOnlyList<string>? Conditions);

public sealed record PhaseRule(string Code, string Name, string? NameEs, bool? Open, IReadOnlyList<GroupRule> Groups);

/// <summary>The whole rule set, phases in order, groups in priority order inside each.</summary>
public sealed record EligibilityRuleSet(IReadOnlyList<PhaseRule> Phases);

/// <summary>
/// Eligibility as data: phases in order, priority groups with criteria. Assigning a group and
/// recomputing everyone after a rule change or a birthday are done in the database with one
/// conditional update per group, highest priority first, so a million registrants never travel
/// through the app.
/// </summary>
public sealed class EligibilityRules(FairShotDb db, AuditTrail audit, TimeProvider clock)
{
    public const int Unassigned = int.MaxValue;

    public async Task<DateOnly> TodayAsync(CancellationToken cancellationToken)
    {
        var zone = await db.CountySettings.Select(c => c.TimeZoneId).FirstOrDefaultAsync(cancellationToken) ?? "America/Chicago";
        return ClinicClock.For(zone).Today(clock.GetUtcNow()).ToDateOnly();
    }

    public async Task<(IReadOnlyList<EligibilityPhase> Phases, IReadOnlyList<PriorityGroup> Groups)> LoadAsync(CancellationToken cancellationToken)
    {
        var phases = await db.Phases.AsNoTracking().OrderBy(p => p.Rank).ToListAsync(cancellationToken);
        var groups = await db.PriorityGroups.AsNoTracking().OrderBy(g => g.Rank).ToListAsync(cancellationToken);
        return (phases, groups);
    }

    public async Task AssignAsync(Person person, DateOnly today, CancellationToken cancellationToken)
    {
        var (phases, groups) = await LoadAsync(cancellationToken);
        var age = CodeList.AgeOn(person.DateOfBirth, today);
        var group = groups.First(g => g.Matches(age, person.Occupation, person.Setting, person.ConditionList));
        person.AssignGroup(phases.Single(p => p.Code == group.PhaseCode), group, today);
    }

    public async Task<EligibilityRuleSet> GetAsync(CancellationToken cancellationToken)
    {
        var (phases, groups) = await LoadAsync(cancellationToken);
        return new EligibilityRuleSet(phases.Select(p => new PhaseRule(p.Code, p.Name, p.NameEs, p.IsOpen,
            groups.Where(g => g.PhaseCode == p.Code).Select(g => new GroupRule(g.Code, g.Name, g.NameEs, g.MinAge, g.MaxAge,
                CodeList.Split(g.Occupations), CodeList.Split(g.Settings), CodeList.Split(g.Conditions))).ToList())).ToList());
    }

    /// <summary>Replaces the rules and regroups every waiting registrant, in one transaction, audited.</summary>
    public async Task<Result<RecomputeResult>> ReplaceAsync(Actor actor, EligibilityRuleSet rules, CancellationToken cancellationToken)
    {
        var checkedRules = Check(rules);
        if (!checkedRules.Succeeded)
        {
            return checkedRules.Error!;
        }
        var (newPhases, newGroups) = checkedRules.Value;
        var (oldPhases, _) = await LoadAsync(cancellationToken);
        foreach (var phase in newPhases)
        {
            // A phase that exists keeps its open/closed state unless the request says otherwise.
            var requested = rules.Phases.Single(p => p.Code == phase.Code).Open;
            phase.SetOpen(requested ?? oldPhases.FirstOrDefault(o => o.Code == phase.Code)?.IsOpen ?? false);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.PriorityGroups.ExecuteDeleteAsync(cancellationToken);
        await db.Phases.ExecuteDeleteAsync(cancellationToken);
        db.Phases.AddRange(newPhases);
        db.PriorityGroups.AddRange(newGroups);
        await db.SaveChangesAsync(cancellationToken);
        var today = await TodayAsync(cancellationToken);
        var result = await RecomputeInTransactionAsync(today, cancellationToken);
        audit.Record(actor, "eligibility.replaced", "Eligibility", "rules", new
        {
            phases = newPhases.Select(p => new { p.Code, p.Rank, open = p.IsOpen }),
            groups = newGroups.Select(g => new { g.Code, phase = g.PhaseCode, g.Rank, g.MinAge, g.MaxAge, g.Occupations, g.Settings, g.Conditions }),
            result.Moved,
            result.Waiting,
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    public sealed record RecomputeResult(int Waiting, int Moved);

    /// <summary>Regroups every waiting registrant as of today (rules may have changed, people have had birthdays).</summary>
    public async Task<RecomputeResult> RecomputeAsync(Actor actor, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var today = await TodayAsync(cancellationToken);
        var result = await RecomputeInTransactionAsync(today, cancellationToken);
        if (result.Moved > 0)
        {
            audit.Record(actor, "eligibility.recomputed", "Eligibility", "rules", new { asOf = today, result.Moved, result.Waiting });
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private async Task<RecomputeResult> RecomputeInTransactionAsync(DateOnly today, CancellationToken cancellationToken)
    {
        var (phases, groups) = await LoadAsync(cancellationToken);
        var waiting = db.People.Where(p => p.Status == PersonStatus.Waiting);
        var before = await waiting.Select(p => new { p.Id, p.GroupCode }).ToDictionaryAsync(p => p.Id, p => p.GroupCode, cancellationToken);

        await waiting.ExecuteUpdateAsync(s => s.SetProperty(p => p.GroupRank, Unassigned), cancellationToken);
        foreach (var group in groups)
        {
            var phase = phases.Single(p => p.Code == group.PhaseCode);
            await waiting.Where(p => p.GroupRank == Unassigned).Where(Criteria(group, today))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(p => p.GroupCode, group.Code)
                    .SetProperty(p => p.GroupRank, group.Rank)
                    .SetProperty(p => p.PhaseCode, phase.Code)
                    .SetProperty(p => p.PhaseRank, phase.Rank)
                    .SetProperty(p => p.GroupEvaluatedOn, today), cancellationToken);
        }

        var after = await waiting.Select(p => new { p.Id, p.GroupCode }).ToListAsync(cancellationToken);
        var moved = after.Count(p => before.TryGetValue(p.Id, out var old) && old != p.GroupCode);
        return new RecomputeResult(after.Count, moved);
    }

    /// <summary>A group's criteria as a database predicate; ages become date-of-birth bounds.</summary>
    public static Expression<Func<Person, bool>> Criteria(PriorityGroup group, DateOnly today)
    {
        var person = Expression.Parameter(typeof(Person), "p");
        Expression body = Expression.Constant(true);
        void And(Expression<Func<Person, bool>> part) =>
            body = Expression.AndAlso(body, Expression.Invoke(part, person));

        if (group.MinAge is { } min)
        {
            var bornOnOrBefore = today.AddYears(-min);
            And(p => p.DateOfBirth <= bornOnOrBefore);
        }
        if (group.MaxAge is { } max)
        {
            var bornAfter = today.AddYears(-(max + 1));
            And(p => p.DateOfBirth > bornAfter);
        }
        if (group.Occupations.Length > 0)
        {
            var occupations = CodeList.Split(group.Occupations).ToList();
            And(p => occupations.Contains(p.Occupation));
        }
        if (group.Settings.Length > 0)
        {
            var settings = CodeList.Split(group.Settings).ToList();
            And(p => settings.Contains(p.Setting));
        }
        if (group.Conditions.Length > 0)
        {
            Expression any = Expression.Constant(false);
            foreach (var condition in CodeList.Split(group.Conditions))
            {
                var marker = "," + condition + ",";
                Expression<Func<Person, bool>> has = p => p.Conditions.Contains(marker);
                any = Expression.OrElse(any, Expression.Invoke(has, person));
            }
            body = Expression.AndAlso(body, any);
        }
        return Expression.Lambda<Func<Person, bool>>(body, person);
    }

    private static Result<(List<EligibilityPhase> Phases, List<PriorityGroup> Groups)> Check(EligibilityRuleSet rules)
    {
        var errors = new ValidationErrors();
        var phases = new List<EligibilityPhase>();
        var groups = new List<PriorityGroup>();
        if (rules.Phases is not { Count: > 0 })
        {
            errors.Add("phases", "Give at least one phase.");
            return errors.ToError();
        }
        if (rules.Phases.Count > 20)
        {
            errors.Add("phases", "At most 20 phases.");
        }
        var codes = new HashSet<string>(StringComparer.Ordinal);
        var groupCodes = new HashSet<string>(StringComparer.Ordinal);
        var rank = 0;
        for (var i = 0; i < rules.Phases.Count; i++)
        {
            var p = rules.Phases[i];
            var at = $"phases[{i}]";
            if (p is null)
            {
                // JSON null in the list: a field error, not a NullReferenceException (500).
                errors.Add(at, "Each phase is an object with a code, a name and its groups.");
                continue;
            }
            if (!IsCode(p.Code) || !codes.Add(p.Code))
            {
                errors.Add($"{at}.code", "Each phase needs its own short code (letters, digits, dashes), like 1b.");
                continue;
            }
            if (string.IsNullOrWhiteSpace(p.Name) || p.Name.Length > 200)
            {
                errors.Add($"{at}.name", "Give the phase a name of at most 200 characters.");
            }
            if (p.Groups is not { Count: > 0 })
            {
                errors.Add($"{at}.groups", "Each phase holds at least one priority group.");
                continue;
            }
            phases.Add(new EligibilityPhase(p.Code, i + 1, p.Name?.Trim() ?? "", (p.NameEs ?? p.Name)?.Trim() ?? "", p.Open ?? false));
            for (var j = 0; j < p.Groups.Count; j++)
            {
                var g = p.Groups[j];
                var gat = $"{at}.groups[{j}]";
                if (g is null)
                {
                    errors.Add(gat, "Each priority group is an object with a code and a name.");
                    continue;
                }
                if (!IsCode(g.Code) || !groupCodes.Add(g.Code))
                {
                    errors.Add($"{gat}.code", "Each group needs its own short code (letters, digits, dashes).");
                    continue;
                }
                if (string.IsNullOrWhiteSpace(g.Name) || g.Name.Length > 200)
                {
                    errors.Add($"{gat}.name", "Give the group a name of at most 200 characters.");
                }
                if (g.MinAge is < 0 or > 120 || g.MaxAge is < 0 or > 120 || (g.MinAge is { } lo && g.MaxAge is { } hi && lo > hi))
                {
                    errors.Add($"{gat}.minAge", "Ages run from 0 to 120, and the minimum cannot be above the maximum.");
                }
                if ((g.Occupations ?? []).Any(o => !Vocabulary.Occupations.Contains(o)))
                {
                    errors.Add($"{gat}.occupations", "Unknown occupation. Known: " + string.Join(", ", Vocabulary.Occupations));
                }
                if ((g.Settings ?? []).Any(o => !Vocabulary.Settings.Contains(o)))
                {
                    errors.Add($"{gat}.settings", "Unknown setting. Known: " + string.Join(", ", Vocabulary.Settings));
                }
                if ((g.Conditions ?? []).Any(o => !Vocabulary.Conditions.Contains(o)))
                {
                    errors.Add($"{gat}.conditions", "Unknown condition. Known: " + string.Join(", ", Vocabulary.Conditions));
                }
                groups.Add(new PriorityGroup(g.Code, p.Code, ++rank, g.Name?.Trim() ?? "", (g.NameEs ?? g.Name)?.Trim() ?? "", g.MinAge, g.MaxAge, g.Occupations, g.Settings, g.Conditions));
            }
        }
        var last = rules.Phases[^1];
        if (last.Code != EligibilityPhase.General || last.Groups is not [{ Code: EligibilityPhase.General, MinAge: null, MaxAge: null } only]
            || (only.Occupations ?? []).Count + (only.Settings ?? []).Count + (only.Conditions ?? []).Count > 0)
        {
            errors.Add("phases", "The last phase must be 'general' with one group 'general' and no criteria, so everyone has a place in line.");
        }
        return errors.Any ? errors.ToError() : (phases, groups);
    }

    private static bool IsCode(string? code) =>
        code is { Length: > 0 and <= 40 } && code.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
}
