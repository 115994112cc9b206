using System.Globalization;
using CsvHelper;
using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Audit;
using FairShot.Features.Eligibility;
using FairShot.Features.Notifications;
using FairShot.Features.Registration;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Backfill;

public sealed record RosterRequest(string? Employer, string? Occupation, string? ZipCode, string? Csv);

public sealed record RosterResponse(Guid Id, string Employer, string Occupation, int Rows, int Registered, int Matched);

/// <summary>
/// Imports an employer's roster (CSV with a header: first_name, last_name, date_of_birth, and email
/// or phone; zip optional). Every line is checked first with the same rules as a registration; one
/// bad line and nothing is imported, and every bad line is reported with its number. People already
/// registered (same name and birth date, or contact and birth date) are matched, not duplicated.
/// Everyone on the roster can then be targeted by a backfill.
/// </summary>
public sealed class RosterImport(FairShotDb db, RegistrationService registrations, EligibilityRules rules, AuditTrail audit, Notifier notifier, TimeProvider clock)
{
    public const int MaxRows = 10_000;
    private static readonly string[] Required = ["first_name", "last_name", "date_of_birth"];

    public async Task<Result<RosterResponse>> ImportAsync(Actor actor, RosterRequest request, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var employer = request.Employer?.Trim();
        if (string.IsNullOrEmpty(employer) || employer.Length > Roster.NameMaxLength)
        {
            errors.Add("employer", "Name the employer the roster comes from (at most 200 characters).");
        }
        if (!Vocabulary.Occupations.Contains(request.Occupation ?? "") || request.Occupation is "none" or "other")
        {
            errors.Add("occupation", "Choose the occupation of the people on the roster: " + string.Join(", ", Vocabulary.Occupations.Where(o => o is not "none" and not "other")) + ".");
        }
        var rows = Csv.Parse(request.Csv ?? "");
        if (rows.Count < 2)
        {
            errors.Add("csv", "The roster needs a header line and at least one person.");
        }
        else if (rows.Count - 1 > MaxRows)
        {
            errors.Add("csv", $"A roster can hold at most {MaxRows} people; split it.");
        }
        if (errors.Any)
        {
            return errors.ToError();
        }

        var header = rows[0].Fields.Select(h => h.Trim().ToLowerInvariant().Replace(' ', '_')).ToList();
        var missing = Required.Where(r => !header.Contains(r)).ToList();
        if (!header.Contains("email") && !header.Contains("phone"))
        {
            missing.Add("email or phone");
        }
        if (missing.Count > 0)
        {
            return ValidationError.For("csv", "Line 1: the header lacks " + string.Join(", ", missing) + ".");
        }
        string Cell(IReadOnlyList<string> row, string column) => header.IndexOf(column) is var i and >= 0 && i < row.Count ? row[i].Trim() : "";

        var today = await rules.TodayAsync(cancellationToken);
        var lineErrors = new List<string>();
        var people = new List<(int Line, Person.Details Details)>();
        var seen = new Dictionary<string, int>();
        for (var r = 1; r < rows.Count; r++)
        {
            var line = rows[r].Line;
            var row = rows[r].Fields;
            if (row.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }
            var zip = Cell(row, "zip") is { Length: > 0 } z ? z : request.ZipCode;
            var validated = RegistrationInput.Validate(new RegisterRequest(Cell(row, "first_name"), Cell(row, "last_name"), Cell(row, "date_of_birth"),
                NullIfEmpty(Cell(row, "email")), NullIfEmpty(Cell(row, "phone")), zip, request.Occupation, "home", [], "en"), today);
            if (!validated.Succeeded)
            {
                var fields = ((ValidationError)validated.Error!).Fields;
                lineErrors.AddRange(fields.SelectMany(f => f.Value.Select(m => $"Line {line}: {f.Key}: {m}")));
                continue;
            }
            var key = Person.NormalizeName(validated.Value!.FirstName, validated.Value.LastName) + "|" + validated.Value.DateOfBirth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (seen.TryGetValue(key, out var firstLine))
            {
                lineErrors.Add($"Line {line}: the same person as line {firstLine}.");
                continue;
            }
            seen[key] = line;
            people.Add((line, validated.Value));
        }
        if (lineErrors.Count > 0)
        {
            return new ValidationError(new Dictionary<string, string[]> { ["csv"] = lineErrors.Take(500).ToArray() });
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var roster = new Roster(employer!, request.Occupation!, Guid.Parse(actor.Id), now);
        var groupNames = await db.PriorityGroups.AsNoTracking().ToDictionaryAsync(g => g.Code, g => (g.Name, g.NameEs), cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Rosters.Add(roster);
        int registered = 0, matched = 0;
        foreach (var (line, details) in people)
        {
            var existing = await registrations.FindDuplicateAsync(details, null, cancellationToken)
                ?? db.People.Local.FirstOrDefault(p => p.DateOfBirth == details.DateOfBirth && (p.Email == details.Email && details.Email != null || p.Phone == details.Phone && details.Phone != null));
            if (existing is not null)
            {
                db.RosterMembers.Add(new RosterMember(roster.Id, existing.Id, line, matchedExisting: true));
                matched++;
                continue;
            }
            var person = Person.Register(details, now, RegistrationSource.Roster, null);
            person.CameFromRoster(roster.Id);
            await rules.AssignAsync(person, today, cancellationToken);
            db.People.Add(person);
            db.RosterMembers.Add(new RosterMember(roster.Id, person.Id, line, matchedExisting: false));
            var group = groupNames[person.GroupCode];
            notifier.Queue(person.Email is not null ? NotificationChannel.Email : NotificationChannel.Sms, person.Email ?? person.Phone!, person.Language, NotificationTemplates.Registered,
                w => w.RegisteredMessage(person.FirstName, w.Pick(group.Name, group.NameEs)));
            registered++;
        }
        roster.Counted(registered, matched);
        audit.Record(actor, "roster.imported", "Roster", roster.Id.ToString(), new { employer, request.Occupation, rows = people.Count, registered, matched });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new RosterResponse(roster.Id, roster.Employer, roster.Occupation, people.Count, registered, matched);
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}

/// <summary>One record of a CSV file and the line it starts on (the header is line 1).</summary>
public sealed record CsvLine(int Line, IReadOnlyList<string> Fields);

/// <summary>
/// RFC 4180 CSV read with CsvHelper: commas, double-quoted fields with "" for a quote and commas or
/// line breaks inside, CRLF or LF line ends, a leading byte-order mark. Each row carries the line it
/// starts on as an editor counts lines, so an error names the line a person can find.
/// </summary>
public static class Csv
{
    private static readonly CsvReaderOptions Options = new()
    {
        Separator = ',',           // never guessed: a roster with semicolons in names is still comma-separated
        DetectSeparatorHint = false,
        HasHeader = false,         // the caller reads the header as row 1, with its own name rules
        AllowLineBreaksInQuotes = true,
        SkipEmptyLines = true,
        TrackLineNumbers = true,
    };

    public static List<CsvLine> Parse(string text)
    {
        using var reader = CsvReader.FromText(text.TrimStart('\uFEFF'), Options);
        var rows = new List<CsvLine>();
        while (reader.Read())
        {
            var fields = new string[reader.FieldCount];
            for (var i = 0; i < fields.Length; i++)
            {
                fields[i] = reader.GetString(i);
            }
            rows.Add(new CsvLine(checked((int)reader.LineNumber), fields));
        }
        return rows;
    }
}
