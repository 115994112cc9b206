using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Records.Hl7;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FairShot.Features.Records;

/// <summary>
/// Puts the VXU for one version of an administration in the registry queue, in the caller's
/// transaction: the caller adds the administration (or its correction or void) and its audit
/// entry, calls <see cref="EnqueueAsync"/>, and one SaveChanges writes all of them or none. The
/// message is built now, from what was recorded now, so a later correction never rewrites what
/// an earlier message said. A message never tried is replaced by the next one for the same
/// administration (Superseded), and so is one the registry rejected or never answered: the registry
/// gets the newer version only, as an add (A) when nothing before reached it, an update (U)
/// otherwise. A void of a record the registry never got sends nothing: nothing to delete.
/// </summary>
public sealed class RegistryQueue(FairShotDb db, IOptions<RegistryOptions> options)
{
    public async Task<RegistryMessage?> EnqueueAsync(Administration record, VxuAction action, DateTime now, CancellationToken cancellationToken)
    {
        // Tracked: what this transaction supersedes is saved with the new message.
        var earlier = await db.RegistryMessages.Where(m => m.AdministrationId == record.Id).ToListAsync(cancellationToken);
        // Replaced: what the registry cannot have (never tried), and what it refused or never answered
        // (a resend would now send this newer version anyway).
        foreach (var replaced in earlier.Where(m => m.IsUntried || m.CanResend))
        {
            replaced.Supersede(now);
        }
        // Anything answered, exported or tried (a timeout may still have delivered it) may be held by the registry.
        var registryMayHoldIt = earlier.Any(m => m.State is RegistryMessageState.Accepted or RegistryMessageState.AcceptedWithErrors or RegistryMessageState.Exported
            || (m.State == RegistryMessageState.Waiting && !m.IsUntried));
        if (action == VxuAction.Delete && !registryMayHoldIt)
        {
            return null;
        }
        if (action == VxuAction.Update && !registryMayHoldIt)
        {
            action = VxuAction.Add;
        }
        var message = await BuildAsync(record, action, now, cancellationToken);
        db.RegistryMessages.Add(message);
        return message;
    }

    /// <summary>The action a resend of this administration takes now: what the registry may hold decides A, U or D.</summary>
    public async Task<RegistryMessage?> RebuildAsync(Administration record, DateTime now, CancellationToken cancellationToken)
    {
        var action = record.IsVoided ? VxuAction.Delete : record.Version > 1 ? VxuAction.Update : VxuAction.Add;
        return await EnqueueAsync(record, action, now, cancellationToken);
    }

    private async Task<RegistryMessage> BuildAsync(Administration record, VxuAction action, DateTime now, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var person = await db.People.AsNoTracking().SingleAsync(p => p.Id == record.PersonId, cancellationToken);
        var clinic = await db.Clinics.AsNoTracking().SingleAsync(c => c.Id == record.ClinicId, cancellationToken);
        var vaccinator = await db.Users.AsNoTracking().Where(u => u.Id == record.VaccinatorStaffId).Select(u => u.DisplayName).SingleOrDefaultAsync(cancellationToken) ?? "";
        var (family, given) = SplitName(vaccinator);
        var on = clinic.Clock.Local(record.AdministeredAt).Date.ToDateOnly();
        var id = Guid.CreateVersion7();
        var controlId = ControlIdOf(id);
        var parties = new VxuParties(settings.SendingApplication, settings.FacilityId, settings.ReceivingApplication, settings.ReceivingFacility, settings.ProcessingId);
        var patient = new VxuPatient(person.RecordNumber, settings.FacilityId, person.LastName, person.FirstName, person.DateOfBirth,
            person.ZipCode, person.Phone, person.Email);
        var isGiven = record.Outcome == AdministrationOutcome.Given;
        var dose = new VxuDose(record.Id.ToString("N"), action, record.Outcome, on, record.ProductCvx, record.ProductName,
            isGiven ? DoseMl(record.ProductCvx) : null, record.Lot, record.LotExpiresOn, record.MvxCode, ManufacturerOf(record.MvxCode),
            record.Route, record.BodySite, family, given, settings.FacilityId, record.NotGivenReason);
        var hl7 = Vxu.Write(Vxu.Build(controlId, clinic.Clock.WithOffset(now), parties, patient, dose));
        return new RegistryMessage(id, record.Id, record.PersonId, record.ClinicDayId, action switch { VxuAction.Update => 'U', VxuAction.Delete => 'D', _ => 'A' },
            record.Version, controlId, hl7, now);
    }

    /// <summary>MSH-10: "FS" and the message id, unique as the id is.</summary>
    public static string ControlIdOf(Guid messageId) => "FS" + messageId.ToString("N");

    private static (string Family, string Given) SplitName(string displayName)
    {
        var name = displayName.Trim();
        var space = name.LastIndexOf(' ');
        return space > 0 ? (name[(space + 1)..], name[..space]) : (name, "");
    }

    /// <summary>RXA-6, the volume of one dose of the COVID-19 vaccines the county gives; unknown (999) for others.</summary>
    internal static decimal? DoseMl(string cvx) => cvx switch
    {
        "207" => 0.5m,
        "208" => 0.3m,
        "210" => 0.5m,
        "211" => 0.5m,
        "212" => 0.5m,
        "217" => 0.3m,
        "218" => 0.2m,
        "221" => 0.5m,
        _ => null,
    };

    internal static string? ManufacturerOf(string mvx) => mvx switch
    {
        "PFR" => "Pfizer, Inc",
        "MOD" => "Moderna US, Inc.",
        "JSN" => "Janssen",
        "ASZ" => "AstraZeneca",
        "NVX" => "Novavax, Inc.",
        _ => null,
    };
}
