using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Integrity;

/// <summary>A clinic day as the integrity pages name it: "Mon, Mar 1, 2027 at Riverside Clinic", with the clinic's clock.</summary>
public sealed record IntegrityDay(Guid Id, DateOnly Date, Guid ClinicId, string ClinicName, string TimeZone)
{
    public string Label => $"{ConsoleFormat.ShortDate(Date)} at {ClinicName}";

    public ClinicClock Clock => ClinicClock.For(TimeZone);

    /// <summary>An instant of the day as the clinic's wall-clock time, "9:15 AM".</summary>
    public string Time(DateTime utc) => ConsoleFormat.Time(Clock.Local(utc).TimeOfDay.ToTimeOnly());
}

/// <summary>What the integrity console pages share: the clinic days to choose from, and the words for reason codes and call outcomes.</summary>
public static class IntegrityPages
{
    /// <summary>Days shown in the day picker: from a month back (a clean-up comes after the fact) to every day planned.</summary>
    public const int DaysBack = 31, MaxDays = 400;

    public static async Task<IReadOnlyList<IntegrityDay>> DaysAsync(FairShotDb db, TimeProvider clock, CancellationToken ct)
    {
        var since = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(-DaysBack);
        return await (from d in db.ClinicDays.AsNoTracking()
                      join c in db.Clinics.AsNoTracking() on d.ClinicId equals c.Id
                      where d.Date >= since
                      orderby d.Date, c.Name
                      select new IntegrityDay(d.Id, d.Date, c.Id, c.Name, c.TimeZoneId)).Take(MaxDays).ToListAsync(ct);
    }

    public static async Task<IntegrityDay?> DayAsync(FairShotDb db, Guid? id, CancellationToken ct) =>
        id is null ? null : await (from d in db.ClinicDays.AsNoTracking()
                                   join c in db.Clinics.AsNoTracking() on d.ClinicId equals c.Id
                                   where d.Id == id
                                   select new IntegrityDay(d.Id, d.Date, c.Id, c.Name, c.TimeZoneId)).SingleOrDefaultAsync(ct);

    /// <summary>A reason code in a few words, for a table cell or a checkbox.</summary>
    public static string Label(string reason) => reason switch
    {
        IntegrityReasons.NoValidChain => "No traceable booking",
        IntegrityReasons.PhaseNotOpen => "Group not yet eligible",
        IntegrityReasons.RegisteredAfterWave => "Registered after the invitation",
        IntegrityReasons.SharedContact => "Shared e-mail or phone",
        IntegrityReasons.SharedDevice => "Shared browser",
        IntegrityReasons.InvitationFlagged => "Invitation possibly shared",
        IntegrityReasons.StaffOutlier => "Staff member booked far more than others",
        _ => reason,
    };

    /// <summary>A reason code explained the way an admin can act on it, with the county's thresholds.</summary>
    public static string Explain(string reason, IntegrityThresholdsResponse t) => reason switch
    {
        IntegrityReasons.NoValidChain => "The booking was not made with the person's own invitation, not by a named staff member with a reason, "
            + "and not imported for someone who had registered before it was booked.",
        IntegrityReasons.PhaseNotOpen => "The person's priority group was not open for booking when the booking was made (under the rules in force at that time).",
        IntegrityReasons.RegisteredAfterWave => "The person registered only after the invitation that booked them had been sent.",
        IntegrityReasons.SharedContact => $"The person's e-mail address or phone number is behind more than {t.SharedLimit} registrations.",
        IntegrityReasons.SharedDevice => $"One browser opened the invitations of more than {t.SharedLimit} people. (A shared network, like a library's, never counts.)",
        IntegrityReasons.InvitationFlagged => "The invitation looked shared: opened on several devices, or wrong codes or dates of birth were tried.",
        IntegrityReasons.StaffOutlier => $"Booked by a staff member who booked at least {t.OutlierMinimum} of the day's appointments, "
            + $"more than {t.OutlierFactor} times as many as the other staff members usually did.",
        _ => reason,
    };

    /// <summary>A US number as a caller dials it, "(314) 555-0142"; any other number as stored.</summary>
    public static string Phone(string phone) =>
        phone is ['+', '1', .. var digits] && digits.Length == 10 && digits.All(char.IsAsciiDigit) ? $"({digits[..3]}) {digits[3..6]}-{digits[6..]}" : phone;

    public static string Outcome(string? outcome) => outcome switch
    {
        "confirmed" => "Confirmed",
        "noAnswer" => "No answer",
        "wrongNumber" => "Wrong number",
        "cancelledByPerson" => "Cancelled by the person",
        null => "Not called yet",
        _ => outcome,
    };
}
