using System.Text;
using FairShot.Data;
using FairShot.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FairShot.Features.Records.Fhir;

/// <summary>
/// Builds queued bulk exports, as the registry sender sends messages: an export is claimed with a
/// lease by one conditional update, so with several instances exactly one builds it; the lease is
/// renewed as each page is written, and one left by an instance that died runs out so another
/// builds it again (after <see cref="FhirExport.MaxAttempts"/> claims it is Failed). The files go
/// into the database in the same transaction that marks the export Completed, and only while this
/// instance still holds the claim: a cancelled (deleted) export or a claim lost to another instance
/// writes nothing. Exports past their kept-for period are deleted with their files.
/// </summary>
public sealed class FhirExporter(IServiceScopeFactory scopes, TimeProvider clock, IOptions<FhirExportOptions> options, IConfiguration configuration,
    ILogger<FhirExporter> logger)
{
    private readonly string _owner = $"{Guid.NewGuid():N}@{Environment.MachineName}"[..Math.Min(FhirExport.LeaseOwnerMaxLength, 33 + Environment.MachineName.Length)];

    /// <summary>One round: remove expired exports, then claim and build at most one. True when one was built.</summary>
    public async Task<bool> RunRoundAsync(CancellationToken cancellationToken)
    {
        await RemoveExpiredAsync(cancellationToken);
        var claimed = await ClaimAsync(cancellationToken);
        return claimed is not null && await BuildAsync(claimed.Value, cancellationToken);
    }

    public async Task<int> RemoveExpiredAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FairShotDb>();
        var now = clock.GetUtcNow().UtcDateTime;
        var expired = await db.FhirExports.Where(e => e.ExpiresAt != null && e.ExpiresAt < now).Select(e => e.Id).ToListAsync(cancellationToken);
        if (expired.Count == 0)
        {
            return 0;
        }
        await db.FhirExportFiles.Where(f => expired.Contains(f.ExportId)).ExecuteDeleteAsync(cancellationToken);
        return await db.FhirExports.Where(e => expired.Contains(e.Id)).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Claims the oldest export that is queued or whose claim ran out; null when there is none (or another instance won it).</summary>
    public async Task<Guid?> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FairShotDb>();
        var now = clock.GetUtcNow().UtcDateTime;
        var (queued, running) = (FhirExportState.Queued, FhirExportState.Running);
        var id = await db.FhirExports.AsNoTracking()
            .Where(e => (e.State == queued || e.State == running) && (e.LeaseExpiresAt == null || e.LeaseExpiresAt < now))
            .OrderBy(e => e.CreatedAt).Select(e => (Guid?)e.Id).FirstOrDefaultAsync(cancellationToken);
        if (id is null)
        {
            return null;
        }
        var won = await db.FhirExports
            .Where(e => e.Id == id && (e.State == queued || e.State == running) && (e.LeaseExpiresAt == null || e.LeaseExpiresAt < now))
            .ExecuteUpdateAsync(s => s
                .SetProperty(e => e.State, running)
                .SetProperty(e => e.LeaseOwner, _owner)
                .SetProperty(e => e.LeaseExpiresAt, now + options.Value.LeaseDuration)
                .SetProperty(e => e.Attempts, e => e.Attempts + 1), cancellationToken);
        if (won == 0)
        {
            return null;
        }
        var attempts = await db.FhirExports.Where(e => e.Id == id).Select(e => e.Attempts).SingleAsync(cancellationToken);
        if (attempts > FhirExport.MaxAttempts)
        {
            await FailAsync(db, id.Value, $"Given up after {FhirExport.MaxAttempts} attempts.", now, cancellationToken);
            return null;
        }
        return id;
    }

    /// <summary>Builds a claimed export; false when the claim was lost (cancelled, or taken over) and nothing was written.</summary>
    public async Task<bool> BuildAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FairShotDb>();
        var export = await db.FhirExports.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id && e.LeaseOwner == _owner, cancellationToken);
        if (export is null)
        {
            return false;
        }
        try
        {
            var transactionTime = clock.GetUtcNow().UtcDateTime;
            var files = new List<FhirExportFile>();
            foreach (var type in export.Types.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                var file = type switch
                {
                    "Patient" => await PatientsAsync(db, export, cancellationToken),
                    "Immunization" => await ImmunizationsAsync(db, export, cancellationToken),
                    _ => throw new InvalidOperationException($"Unsupported export type {type}."),
                };
                if (file is null)
                {
                    return false; // the claim was lost while writing
                }
                files.Add(file);
            }
            return await CompleteAsync(db, export.Id, files, transactionTime, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Building FHIR export {ExportId} failed on attempt {Attempt}.", export.Id, export.Attempts);
            var now = clock.GetUtcNow().UtcDateTime;
            if (export.Attempts >= FhirExport.MaxAttempts)
            {
                await FailAsync(db, export.Id, $"The export could not be built ({e.GetType().Name}).", now, CancellationToken.None);
            }
            else
            {
                await db.FhirExports.Where(x => x.Id == export.Id && x.LeaseOwner == _owner)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.LeaseOwner, (string?)null).SetProperty(x => x.LeaseExpiresAt, (DateTime?)null), CancellationToken.None);
            }
            return false;
        }
    }

    private async Task<bool> CompleteAsync(FairShotDb db, Guid id, List<FhirExportFile> files, DateTime transactionTime, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var completed = await db.FhirExports.Where(e => e.Id == id && e.LeaseOwner == _owner && e.State == FhirExportState.Running)
            .ExecuteUpdateAsync(s => s
                .SetProperty(e => e.State, FhirExportState.Completed)
                .SetProperty(e => e.TransactionTime, transactionTime)
                .SetProperty(e => e.CompletedAt, now)
                .SetProperty(e => e.ExpiresAt, now + options.Value.KeepFor)
                .SetProperty(e => e.LeaseOwner, (string?)null)
                .SetProperty(e => e.LeaseExpiresAt, (DateTime?)null), cancellationToken);
        if (completed == 0)
        {
            return false; // cancelled, or another instance took it over: it writes the files
        }
        db.FhirExportFiles.AddRange(files);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("FHIR export {ExportId} completed: {Files} files, {Resources} resources.", id, files.Count, files.Sum(f => f.Count));
        return true;
    }

    private async Task FailAsync(FairShotDb db, Guid id, string error, DateTime now, CancellationToken cancellationToken) =>
        await db.FhirExports.Where(e => e.Id == id)
            .ExecuteUpdateAsync(s => s
                .SetProperty(e => e.State, FhirExportState.Failed)
                .SetProperty(e => e.Error, error)
                .SetProperty(e => e.CompletedAt, now)
                .SetProperty(e => e.ExpiresAt, now + options.Value.KeepFor)
                .SetProperty(e => e.LeaseOwner, (string?)null)
                .SetProperty(e => e.LeaseExpiresAt, (DateTime?)null), cancellationToken);

    /// <summary>Keeps the claim while writing; false when it is gone (the export was cancelled, or its lease ran out and another instance took it).</summary>
    private async Task<bool> RenewAsync(FairShotDb db, Guid id, CancellationToken cancellationToken)
    {
        var until = clock.GetUtcNow().UtcDateTime + options.Value.LeaseDuration;
        return await db.FhirExports.Where(e => e.Id == id && e.LeaseOwner == _owner)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.LeaseExpiresAt, until), cancellationToken) == 1;
    }

    /// <summary>The administrations in the export: all, or those recorded or changed at or after <c>_since</c>.</summary>
    private static IQueryable<Administration> InScope(FairShotDb db, FhirExport export)
    {
        var since = export.Since;
        return db.Administrations.AsNoTracking().Where(a => since == null || a.RecordedAt >= since || (a.ChangedAt != null && a.ChangedAt >= since));
    }

    /// <summary>Everyone with a record in the export (people still waiting in line have no health record to export).</summary>
    private async Task<FhirExportFile?> PatientsAsync(FairShotDb db, FhirExport export, CancellationToken cancellationToken)
    {
        var baseUrl = FhirApi.PublicBaseUrl(configuration);
        var people = InScope(db, export).Select(a => a.PersonId).Distinct();
        var text = new StringBuilder();
        var count = 0;
        while (true)
        {
            var page = await db.People.AsNoTracking().Where(p => people.Contains(p.Id))
                .OrderBy(p => p.Id).Skip(count).Take(options.Value.PageSize).ToListAsync(cancellationToken);
            foreach (var person in page)
            {
                text.Append(FhirResources.Serialize(FhirResources.Patient(person, baseUrl))).Append('\n');
            }
            count += page.Count;
            if (!await RenewAsync(db, export.Id, cancellationToken))
            {
                return null;
            }
            if (page.Count < options.Value.PageSize)
            {
                return new FhirExportFile(export.Id, "Patient", count, text.ToString());
            }
        }
    }

    private async Task<FhirExportFile?> ImmunizationsAsync(FairShotDb db, FhirExport export, CancellationToken cancellationToken)
    {
        var clinics = await db.Clinics.AsNoTracking().ToDictionaryAsync(c => c.Id, cancellationToken);
        var names = new Dictionary<Guid, string>();
        var text = new StringBuilder();
        var count = 0;
        while (true)
        {
            var page = await InScope(db, export)
                .OrderBy(a => a.Id).Skip(count).Take(options.Value.PageSize).ToListAsync(cancellationToken);
            var missing = page.Select(a => a.VaccinatorStaffId).Where(v => !names.ContainsKey(v)).Distinct().ToList();
            foreach (var user in await db.Users.AsNoTracking().Where(u => missing.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName }).ToListAsync(cancellationToken))
            {
                names[user.Id] = user.DisplayName;
            }
            foreach (var record in page)
            {
                var clinic = clinics[record.ClinicId];
                var context = new ImmunizationContext(clinic.Name, clinic.Clock, names.GetValueOrDefault(record.VaccinatorStaffId, ""));
                text.Append(FhirResources.Serialize(FhirResources.Immunization(record, context))).Append('\n');
            }
            count += page.Count;
            if (!await RenewAsync(db, export.Id, cancellationToken))
            {
                return null;
            }
            if (page.Count < options.Value.PageSize)
            {
                return new FhirExportFile(export.Id, "Immunization", count, text.ToString());
            }
        }
    }
}

internal sealed class FhirExportService(FhirExporter exporter, IOptions<FhirExportOptions> options, TimeProvider clock, ILogger<FhirExportService> logger)
    : Platform.RepeatingService(clock, logger)
{
    protected override TimeSpan Interval => options.Value.PollInterval;

    protected override Task<bool> RunRoundAsync(CancellationToken stoppingToken) => exporter.RunRoundAsync(stoppingToken);
}
