using System.Globalization;
using System.Text.Json;
using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Audit;
using FairShot.Features.Backfill;
using FairShot.Features.Booking;
using FairShot.Features.Eligibility;
using FairShot.Features.Registration;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;

namespace FairShot.Features.Integrity;

public sealed record ImportRowError(int Line, string Reason);

public sealed record ImportResponse(Guid? BatchId, bool DryRun, int Rows, int Imported, int Registered, int Matched, IReadOnlyList<ImportRowError> Errors);

/// <summary>One booking as a partner system sent it, before any check: the line (CSV) or entry (FHIR) it came from.</summary>
internal sealed record ImportRow(int Line, string FirstName, string LastName, string DateOfBirth, string? Email, string? Phone, string ZipCode,
    string? StartsAtLocal, DateTime? StartsAtUtc, string? Language, string? Problem = null);

/// <summary>
/// Bookings from a partner system (a hospital's patient portal, a pharmacy chain) brought into the
/// county's one view. Each row is checked as a registration is, matched to a registrant (normalised
/// name + date of birth, or contact + date of birth) or registered as new (source Import, joining the
/// line at the time of the import), and placed in the slot that starts at its time under the same
/// capacity and supply rules as any booking (<see cref="BookAppointment.PlaceImportedAsync"/>): a full
/// slot is that row's error, never an overbooking. Everything happens in one transaction with a
/// savepoint per row: all or nothing, unless the caller asks for the good rows only; a dry run
/// rolls back after answering what would have happened.
/// </summary>
public sealed class AppointmentImport(FairShotDb db, BookAppointment booking, RegistrationService registrations, EligibilityRules rules, AuditTrail audit,
    TimeProvider clock)
{
    public const int MaxRows = 10_000;
    public const int MaxErrorsListed = 1_000;
    private static readonly string[] Required = ["firstname", "lastname", "dateofbirth", "zipcode", "startsat"];
    private static readonly LocalDateTimePattern LocalPattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm");

    public async Task<Result<ImportResponse>> ImportAsync(Actor staff, Guid clinicDayId, string? partner, bool dryRun, bool goodRowsOnly, string contentType, string body,
        CancellationToken ct)
    {
        var errors = new ValidationErrors();
        partner = partner?.Trim();
        if (string.IsNullOrEmpty(partner) || partner.Length > ImportBatch.PartnerMaxLength)
        {
            errors.Add("partner", $"Name the partner system the bookings come from (at most {ImportBatch.PartnerMaxLength} characters).");
        }
        var day = await db.ClinicDays.AsNoTracking().SingleOrDefaultAsync(d => d.Id == clinicDayId, ct);
        if (day is null)
        {
            return new NotFoundError("There is no clinic day with this id.");
        }
        var fhir = contentType.Contains("json", StringComparison.OrdinalIgnoreCase);
        var parsed = fhir ? ParseFhir(body) : ParseCsv(body);
        if (!parsed.Succeeded)
        {
            errors.Add("body", ((ValidationError)parsed.Error!).Fields.Values.SelectMany(v => v).First());
        }
        else if (parsed.Value!.Count > MaxRows)
        {
            errors.Add("body", $"An import can hold at most {MaxRows} bookings; split it.");
        }
        if (errors.Any)
        {
            return errors.ToError();
        }
        var rows = parsed.Value!;

        var clinic = await db.Clinics.AsNoTracking().SingleAsync(c => c.Id == day.ClinicId, ct);
        var clinicClock = clinic.Clock;
        var slots = await db.Slots.AsNoTracking().Where(s => s.ClinicDayId == day.Id).ToListAsync(ct);
        var slotAt = slots.GroupBy(s => s.StartsAt).ToDictionary(g => g.Key, g => g.First());
        var today = await rules.TodayAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var staffId = Guid.Parse(staff.Id);
        var batch = new ImportBatch(day.Id, partner!, staffId, fhir ? "fhir" : "csv", now);

        var rowErrors = new List<ImportRowError>();
        var seen = new Dictionary<string, int>();
        int imported = 0, registered = 0, matched = 0;
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var row in rows)
        {
            if (row.Problem is { } problem)
            {
                rowErrors.Add(new ImportRowError(row.Line, problem));
                continue;
            }
            var validated = RegistrationInput.Validate(new RegisterRequest(row.FirstName, row.LastName, row.DateOfBirth, row.Email, row.Phone, row.ZipCode,
                "none", "home", [], row.Language is { Length: > 0 } language ? language : "en"), today);
            if (!validated.Succeeded)
            {
                var fields = ((ValidationError)validated.Error!).Fields;
                rowErrors.Add(new ImportRowError(row.Line, string.Join(" ", fields.SelectMany(f => f.Value.Select(m => $"{f.Key}: {m}")))));
                continue;
            }
            var details = validated.Value!;
            var startsAt = row.StartsAtUtc;
            if (startsAt is null && row.StartsAtLocal is { } local)
            {
                var localTime = LocalPattern.Parse(local.Trim());
                startsAt = localTime.Success && !clinicClock.Skips(localTime.Value) ? clinicClock.ToUtc(localTime.Value) : null;
                if (!localTime.Success)
                {
                    rowErrors.Add(new ImportRowError(row.Line, "startsAt: write the clinic's local time as YYYY-MM-DDTHH:MM, for example 2027-03-01T09:15."));
                    continue;
                }
            }
            if (startsAt is null || !slotAt.TryGetValue(startsAt.Value, out var slot))
            {
                rowErrors.Add(new ImportRowError(row.Line, "startsAt: no slot of this clinic day starts at this time."));
                continue;
            }
            var key = Person.NormalizeName(details.FirstName, details.LastName) + "|" + details.DateOfBirth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (seen.TryGetValue(key, out var firstLine))
            {
                rowErrors.Add(new ImportRowError(row.Line, $"The same person as line {firstLine}."));
                continue;
            }
            seen[key] = row.Line;

            var person = await registrations.FindDuplicateAsync(details, null, ct);
            var isNew = person is null;
            if (person is not null && await db.Appointments.AnyAsync(a => a.PersonId == person.Id && a.DoseNumber == 1
                    && (a.State == AppointmentState.Booked || a.State == AppointmentState.CheckedIn || a.State == AppointmentState.Administered), ct))
            {
                rowErrors.Add(new ImportRowError(row.Line, "This person already has an appointment (or a dose) on file."));
                continue;
            }
            await transaction.CreateSavepointAsync("import_row", ct);
            if (person is null)
            {
                // Joins the line at the time of the import, like anyone registering now.
                person = Person.Register(details, now, RegistrationSource.Import, staffId);
                await rules.AssignAsync(person, today, ct);
                db.People.Add(person);
                audit.Record(staff, "registration.created", "Person", person.Id.ToString(), new
                {
                    source = "import",
                    partner,
                    batch = batch.Id,
                    group = person.GroupCode,
                    phase = person.PhaseCode,
                });
                await db.SaveChangesAsync(ct);
            }
            Result<BookedResponse> placed;
            try
            {
                placed = await booking.PlaceImportedAsync(staff, person, slot.Id, partner!, batch.Id, ct);
            }
            catch (DbUpdateException)
            {
                placed = new ConflictError("This person already has an appointment for this dose.");
            }
            if (!placed.Succeeded)
            {
                await transaction.RollbackToSavepointAsync("import_row", ct);
                db.ChangeTracker.Clear();
                rowErrors.Add(new ImportRowError(row.Line, placed.Error switch
                {
                    SlotFull => $"The slot at {row.StartsAtLocal ?? Local(clinicClock, slot.StartsAt)} is full: the booking was not placed (a slot is never overbooked).",
                    ValidationError v => string.Join(" ", v.Fields.Values.SelectMany(m => m)),
                    var other => other!.Detail,
                }));
                continue;
            }
            await transaction.ReleaseSavepointAsync("import_row", ct);
            db.ChangeTracker.Clear();
            imported++;
            if (isNew)
            {
                registered++;
            }
            else
            {
                matched++;
            }
        }

        var keep = !dryRun && imported > 0 && (rowErrors.Count == 0 || goodRowsOnly);
        if (!keep)
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            var would = dryRun ? imported : 0;
            return new ImportResponse(null, dryRun, rows.Count, would, dryRun ? registered : 0, dryRun ? matched : 0, rowErrors.Take(MaxErrorsListed).ToList());
        }
        batch.Counted(rows.Count, imported, registered, matched, rowErrors.Count);
        db.ImportBatches.Add(batch);
        audit.Record(staff, "import.appointments", "ImportBatch", batch.Id.ToString(), new
        {
            clinicDay = day.Id,
            partner,
            format = batch.Format,
            rows = rows.Count,
            imported,
            registered,
            matched,
            errors = rowErrors.Count,
        });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new ImportResponse(batch.Id, false, rows.Count, imported, registered, matched, rowErrors.Take(MaxErrorsListed).ToList());
    }

    private static string Local(ClinicClock clinicClock, DateTime utc) => LocalPattern.Format(clinicClock.Local(utc));

    private static Result<IReadOnlyList<ImportRow>> ParseCsv(string body)
    {
        var lines = Csv.Parse(body);
        if (lines.Count < 2)
        {
            return ValidationError.For("body", "Send a header line (firstName,lastName,dateOfBirth,email,phone,zipCode,startsAt) and at least one booking.");
        }
        var header = lines[0].Fields.Select(h => h.Trim().Replace("_", "").Replace(" ", "").ToLowerInvariant()).ToList();
        var missing = Required.Where(r => !header.Contains(r)).ToList();
        if (!header.Contains("email") && !header.Contains("phone"))
        {
            missing.Add("email or phone");
        }
        if (missing.Count > 0)
        {
            return ValidationError.For("body", "Line 1: the header lacks " + string.Join(", ", missing) + ".");
        }
        string? Cell(IReadOnlyList<string> row, string column) =>
            header.IndexOf(column) is var i and >= 0 && i < row.Count && row[i].Trim() is { Length: > 0 } value ? value : null;
        return lines.Skip(1).Where(l => !l.Fields.All(string.IsNullOrWhiteSpace))
            .Select(l => new ImportRow(l.Line, Cell(l.Fields, "firstname") ?? "", Cell(l.Fields, "lastname") ?? "", Cell(l.Fields, "dateofbirth") ?? "",
                Cell(l.Fields, "email"), Cell(l.Fields, "phone"), Cell(l.Fields, "zipcode") ?? "", Cell(l.Fields, "startsat") ?? "", null, Cell(l.Fields, "language")))
            .ToList();
    }

    /// <summary>
    /// A FHIR R4 Bundle of Appointment and Patient resources, read with System.Text.Json (the
    /// handful of elements needed; Firely's SDK would be a large dependency for them). Each
    /// Appointment names its Patient as a participant (<c>Patient/id</c> or the entry's fullUrl);
    /// its line is the entry's position in the bundle, counted from 1.
    /// </summary>
    private static Result<IReadOnlyList<ImportRow>> ParseFhir(string body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return ValidationError.For("body", "The body is not JSON: send a FHIR R4 Bundle, or text/csv.");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Text(root, "resourceType") != "Bundle" || !root.TryGetProperty("entry", out var entries)
                || entries.ValueKind != JsonValueKind.Array)
            {
                return ValidationError.For("body", "Send a FHIR R4 Bundle (resourceType Bundle) whose entries are Appointment and Patient resources.");
            }
            var patients = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            var appointments = new List<(int Line, JsonElement Resource)>();
            var line = 0;
            foreach (var entry in entries.EnumerateArray())
            {
                line++;
                if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("resource", out var resource) || resource.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }
                switch (Text(resource, "resourceType"))
                {
                    case "Patient":
                        if (Text(resource, "id") is { } id)
                        {
                            patients["Patient/" + id] = resource.Clone();
                        }
                        if (Text(entry, "fullUrl") is { } url)
                        {
                            patients[url] = resource.Clone();
                        }
                        break;
                    case "Appointment":
                        appointments.Add((line, resource.Clone()));
                        break;
                }
            }
            var rows = new List<ImportRow>();
            foreach (var (at, appointment) in appointments)
            {
                var reference = appointment.TryGetProperty("participant", out var participants) && participants.ValueKind == JsonValueKind.Array
                    ? participants.EnumerateArray()
                        .Select(p => p.TryGetProperty("actor", out var actor) ? Text(actor, "reference") : null)
                        .FirstOrDefault(r => r is not null && (r.StartsWith("Patient/", StringComparison.Ordinal) || patients.ContainsKey(r)))
                    : null;
                DateTime? start = DateTimeOffset.TryParse(Text(appointment, "start"), CultureInfo.InvariantCulture, DateTimeStyles.None, out var s) ? s.UtcDateTime : null;
                if (reference is null || !patients.TryGetValue(reference, out var patient))
                {
                    rows.Add(new ImportRow(at, "", "", "", null, null, "", null, start, null, "The Appointment names no Patient of the bundle as a participant."));
                    continue;
                }
                var name = patient.TryGetProperty("name", out var names) && names.ValueKind == JsonValueKind.Array && names.GetArrayLength() > 0 ? names[0] : default;
                var given = name.ValueKind == JsonValueKind.Object && name.TryGetProperty("given", out var g) && g.ValueKind == JsonValueKind.Array
                    ? string.Join(" ", g.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()))
                    : "";
                var family = name.ValueKind == JsonValueKind.Object ? Text(name, "family") ?? "" : "";
                string? Telecom(string system) => patient.TryGetProperty("telecom", out var t) && t.ValueKind == JsonValueKind.Array
                    ? t.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Object && Text(x, "system") == system).Select(x => Text(x, "value")).FirstOrDefault(v => v is not null)
                    : null;
                var zip = patient.TryGetProperty("address", out var addresses) && addresses.ValueKind == JsonValueKind.Array && addresses.GetArrayLength() > 0
                    && addresses[0].ValueKind == JsonValueKind.Object ? Text(addresses[0], "postalCode") ?? "" : "";
                var language = patient.TryGetProperty("communication", out var c) && c.ValueKind == JsonValueKind.Array && c.GetArrayLength() > 0
                    && c[0].ValueKind == JsonValueKind.Object && c[0].TryGetProperty("language", out var lang) && lang.ValueKind == JsonValueKind.Object
                    && lang.TryGetProperty("coding", out var coding) && coding.ValueKind == JsonValueKind.Array && coding.GetArrayLength() > 0
                    && coding[0].ValueKind == JsonValueKind.Object
                        ? Text(coding[0], "code")?.Split('-')[0]
                        : null;
                rows.Add(new ImportRow(at, given, family, Text(patient, "birthDate") ?? "", Telecom("email"), Telecom("phone") ?? Telecom("sms"), zip,
                    null, start, language));
            }
            if (rows.Count == 0)
            {
                return ValidationError.For("body", "The bundle holds no Appointment resources.");
            }
            return rows;
        }
    }

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
