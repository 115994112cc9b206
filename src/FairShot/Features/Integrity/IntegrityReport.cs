using System.Text.RegularExpressions;
using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Invitations;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Integrity;

/// <summary>The reason codes of the integrity report, as the API and the console name them.</summary>
public static class IntegrityReasons
{
    /// <summary>Not the person's own redeemed invitation, not a named staff member with a reason, not an import of someone registered before the booking.</summary>
    public const string NoValidChain = "noValidChain";

    /// <summary>The person's phase was closed, under the rules in force when the booking was made.</summary>
    public const string PhaseNotOpen = "phaseNotOpen";

    /// <summary>The person registered after the invitation that booked them was issued.</summary>
    public const string RegisteredAfterWave = "registeredAfterWave";

    /// <summary>The e-mail or phone is behind more registrations than a household may make.</summary>
    public const string SharedContact = "sharedContact";

    /// <summary>A browser (device cookie) opened invitations of more people than a household.</summary>
    public const string SharedDevice = "sharedDevice";

    /// <summary>The invitation was flagged as possibly shared (many devices, failed codes, wrong birth dates).</summary>
    public const string InvitationFlagged = "invitationFlagged";

    /// <summary>Booked by a staff member who booked far more of the day than their peers.</summary>
    public const string StaffOutlier = "staffOutlier";

    public static readonly IReadOnlyList<string> All = [NoValidChain, PhaseNotOpen, RegisteredAfterWave, SharedContact, SharedDevice, InvitationFlagged, StaffOutlier];
}

public sealed record IntegrityFinding(Guid AppointmentId, Guid PersonId, IReadOnlyList<string> Reasons);

public sealed record IntegrityReportResponse(Guid ClinicDayId, int Appointments, IReadOnlyList<IntegrityFinding> Findings, IReadOnlyDictionary<string, int> Counts);

/// <summary>
/// Every active appointment of a clinic day checked against where it came from (see
/// <see cref="IntegrityReasons"/>). The whole day is read in a handful of queries and checked in
/// memory: a day of thousands of appointments takes well under a second. Whether a phase was open
/// when a booking was made is read from the audit log (phase.opened, phase.closed and
/// eligibility.replaced entries): the rules in force then, not now. A network address is never a
/// finding on its own: a household, a library or a care home shares one.
/// </summary>
public sealed partial class IntegrityReport(FairShotDb db)
{
    [GeneratedRegex("\"code\":\"(?<code>[^\"]*)\",\"rank\":\\d+,\"open\":(?<open>true|false)")]
    private static partial Regex ReplacedPhase();

    internal sealed record Checked(Appointment Appointment, Person Person, IReadOnlyList<string> Reasons);

    public async Task<Result<IntegrityReportResponse>> ReportAsync(Guid clinicDayId, CancellationToken ct)
    {
        if (!await db.ClinicDays.AnyAsync(d => d.Id == clinicDayId, ct))
        {
            return new NotFoundError("There is no clinic day with this id.");
        }
        var all = await CheckDayAsync(clinicDayId, ct);
        var findings = all.Where(c => c.Reasons.Count > 0).Select(c => new IntegrityFinding(c.Appointment.Id, c.Person.Id, c.Reasons)).ToList();
        var counts = IntegrityReasons.All.ToDictionary(r => r, r => findings.Count(f => f.Reasons.Contains(r)));
        return new IntegrityReportResponse(clinicDayId, all.Count, findings, counts);
    }

    /// <summary>Every active appointment of the day with its reasons (none: it passed every check).</summary>
    internal async Task<IReadOnlyList<Checked>> CheckDayAsync(Guid clinicDayId, CancellationToken ct)
    {
        var day = db.Appointments.AsNoTracking().Where(a => a.ClinicDayId == clinicDayId
            && (a.State == AppointmentState.Booked || a.State == AppointmentState.CheckedIn || a.State == AppointmentState.Administered));
        var rows = await (from a in day
                          join p in db.People.AsNoTracking() on a.PersonId equals p.Id
                          select new { a, p }).ToListAsync(ct);
        if (rows.Count == 0)
        {
            return [];
        }
        var invitations = await (from i in db.Invitations.AsNoTracking()
                                 where day.Any(a => a.InvitationId == i.Id)
                                 select i).ToDictionaryAsync(i => i.Id, ct);
        // When each import batch began: a person the import itself registered was registered then, not before.
        var batches = await db.ImportBatches.AsNoTracking().Where(b => day.Any(a => a.ImportBatchId == b.Id)).ToDictionaryAsync(b => b.Id, b => b.ImportedAt, ct);
        var staffIds = (await db.Users.AsNoTracking().Where(u => day.Any(a => a.BookedByStaffId == u.Id)).Select(u => u.Id).ToListAsync(ct)).ToHashSet();
        // The county's thresholds (IntegrityThresholds); the defaults when the county row is missing.
        var thresholds = await db.CountySettings.Select(c => new { c.IntegritySharedLimit, c.IntegrityOutlierMinimum, c.IntegrityOutlierFactor }).FirstOrDefaultAsync(ct);
        var limit = thresholds?.IntegritySharedLimit ?? CountySettings.DefaultIntegritySharedLimit;
        var outlierMinimum = thresholds?.IntegrityOutlierMinimum ?? CountySettings.DefaultIntegrityOutlierMinimum;
        var outlierFactor = thresholds?.IntegrityOutlierFactor ?? CountySettings.DefaultIntegrityOutlierFactor;

        // Contacts behind more registrations than a household may make.
        var dayPeople = from a in day join p in db.People on a.PersonId equals p.Id select p;
        var sharedEmails = (await db.People.AsNoTracking().Where(p => p.Email != null && dayPeople.Any(d => d.Email == p.Email))
            .GroupBy(p => p.Email).Select(g => new { g.Key, Count = g.Count() }).Where(g => g.Count > limit).Select(g => g.Key!).ToListAsync(ct)).ToHashSet();
        var sharedPhones = (await db.People.AsNoTracking().Where(p => p.Phone != null && dayPeople.Any(d => d.Phone == p.Phone))
            .GroupBy(p => p.Phone).Select(g => new { g.Key, Count = g.Count() }).Where(g => g.Count > limit).Select(g => g.Key!).ToListAsync(ct)).ToHashSet();

        // Devices (a browser's cookie, never a network) that opened the invitations of the day's people.
        var dayVisits = await (from v in db.InvitationVisits.AsNoTracking()
                               join i in db.Invitations.AsNoTracking() on v.InvitationId equals i.Id
                               where dayPeople.Any(p => p.Id == i.PersonId)
                               select new { i.PersonId, InvitationId = i.Id, v.DeviceHash }).ToListAsync(ct);
        var devices = dayVisits.Select(v => v.DeviceHash).Distinct().ToList();
        var sharedDevices = (await (from v in db.InvitationVisits.AsNoTracking()
                                    join i in db.Invitations.AsNoTracking() on v.InvitationId equals i.Id
                                    where devices.Contains(v.DeviceHash)
                                    select new { v.DeviceHash, i.PersonId }).Distinct().ToListAsync(ct))
            .GroupBy(x => x.DeviceHash).Where(g => g.Count() > limit).Select(g => g.Key).ToHashSet();
        var devicesOfPerson = dayVisits.ToLookup(v => v.PersonId, v => v.DeviceHash);
        var devicesOfInvitation = dayVisits.GroupBy(v => v.InvitationId).ToDictionary(g => g.Key, g => g.Select(v => v.DeviceHash).Distinct().Count());

        // Staff members who booked far more of the day than their peers (staff bookings only: imports and walk-ins are counted elsewhere).
        var perStaff = rows.Where(r => r.a.Channel == AppointmentChannel.Staff && r.a.BookedByStaffId is not null)
            .GroupBy(r => r.a.BookedByStaffId!.Value).ToDictionary(g => g.Key, g => g.Count());
        var outliers = perStaff.Where(s => s.Value >= outlierMinimum && perStaff.Count > 1
            && s.Value > outlierFactor * Median(perStaff.Where(o => o.Key != s.Key).Select(o => o.Value))).Select(s => s.Key).ToHashSet();

        var phases = await PhaseHistoryAsync(ct);

        var result = new List<Checked>(rows.Count);
        foreach (var (a, p) in rows.Select(r => (r.a, r.p)))
        {
            var reasons = new List<string>();
            var invitation = a.InvitationId is { } invitationId ? invitations.GetValueOrDefault(invitationId) : null;
            var chain = a.Channel switch
            {
                AppointmentChannel.Invitation => invitation is not null && invitation.PersonId == a.PersonId && invitation.State == InvitationState.Used
                    && !string.IsNullOrEmpty(a.VerifiedContact),
                AppointmentChannel.Staff or AppointmentChannel.WalkIn => a.BookedByStaffId is { } staff && staffIds.Contains(staff) && !string.IsNullOrWhiteSpace(a.StaffReason),
                // Registered before the import began (BookedAt alone would let the import's own registrations through: the clock moves while it runs).
                AppointmentChannel.Import => a.BookedByStaffId is { } importer && staffIds.Contains(importer)
                    && p.RegisteredAt < (a.ImportBatchId is { } batch && batches.TryGetValue(batch, out var importedAt) ? importedAt : a.BookedAt),
                _ => false,
            };
            if (!chain)
            {
                reasons.Add(IntegrityReasons.NoValidChain);
            }
            if (!phases.WasOpen(p.PhaseCode, a.BookedAt))
            {
                reasons.Add(IntegrityReasons.PhaseNotOpen);
            }
            if (invitation is not null && p.RegisteredAt > invitation.IssuedAt)
            {
                reasons.Add(IntegrityReasons.RegisteredAfterWave);
            }
            if ((p.Email is not null && sharedEmails.Contains(p.Email)) || (p.Phone is not null && sharedPhones.Contains(p.Phone)))
            {
                reasons.Add(IntegrityReasons.SharedContact);
            }
            if (devicesOfPerson[p.Id].Any(sharedDevices.Contains))
            {
                reasons.Add(IntegrityReasons.SharedDevice);
            }
            if (invitation is not null && (invitation.FailedCodes >= 3 || invitation.WrongBirthDates >= 2
                || devicesOfInvitation.GetValueOrDefault(invitation.Id) > InvitationsApi.SharedDevices))
            {
                reasons.Add(IntegrityReasons.InvitationFlagged);
            }
            if (a.Channel == AppointmentChannel.Staff && a.BookedByStaffId is { } booker && outliers.Contains(booker))
            {
                reasons.Add(IntegrityReasons.StaffOutlier);
            }
            result.Add(new Checked(a, p, reasons));
        }
        return result.OrderBy(c => c.Appointment.BookedAt).ThenBy(c => c.Appointment.Id).ToList();
    }

    private static double Median(IEnumerable<int> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2.0;
    }

    /// <summary>When each phase opened and closed, from the audit log; a phase without history is as it is now.</summary>
    internal async Task<PhaseHistory> PhaseHistoryAsync(CancellationToken ct)
    {
        var current = await db.Phases.AsNoTracking().ToDictionaryAsync(p => p.Code, p => p.IsOpen, ct);
        var entries = await db.AuditEntries.AsNoTracking()
            .Where(e => e.Action == "phase.opened" || e.Action == "phase.closed" || e.Action == "eligibility.replaced")
            .OrderBy(e => e.RecordedAt).Select(e => new { e.Action, e.EntityId, e.Summary, e.RecordedAt }).ToListAsync(ct);
        var changes = new List<(string Code, DateTime At, bool Open, bool Transition)>();
        foreach (var e in entries)
        {
            if (e.Action == "eligibility.replaced")
            {
                changes.AddRange(ReplacedPhase().Matches(e.Summary).Select(m => (m.Groups["code"].Value, e.RecordedAt, m.Groups["open"].Value == "true", false)));
            }
            else
            {
                changes.Add((e.EntityId, e.RecordedAt, e.Action == "phase.opened", true));
            }
        }
        return new PhaseHistory(current, changes.ToLookup(c => c.Code, c => (c.At, c.Open, c.Transition)));
    }

    internal sealed class PhaseHistory(IReadOnlyDictionary<string, bool> current, ILookup<string, (DateTime At, bool Open, bool Transition)> changes)
    {
        /// <summary>
        /// The phase's state at <paramref name="at"/>: the last change at or before it; before the
        /// first recorded change, the opposite of an open/close (or the state a rule replacement set);
        /// with no history at all, as it is now.
        /// </summary>
        public bool WasOpen(string code, DateTime at)
        {
            var history = changes[code].ToList();
            if (history.Count == 0)
            {
                return current.GetValueOrDefault(code);
            }
            var before = history.LastOrDefault(h => h.At <= at);
            if (before != default)
            {
                return before.Open;
            }
            var first = history[0];
            return first.Transition ? !first.Open : first.Open;
        }
    }
}
