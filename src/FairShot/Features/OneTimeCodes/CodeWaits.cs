using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Shared.Languages;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.OneTimeCodes;

/// <summary>A request for a code that sent nothing, said in the reader's language on the county's clock.</summary>
public static class CodeWaits
{
    /// <summary>
    /// For a code that still works, when it went and until when (<c>StillWorks</c>); otherwise when a
    /// new code can go (<c>Wait</c>), or neither for the daily cap, whose page says "tomorrow".
    /// </summary>
    public static async Task<(string? StillWorks, string? Wait)> DescribeAsync(CodeNotSent notSent, IWords words, FairShotDb db, DateTime now, CancellationToken cancellationToken)
    {
        var zone = await db.CountySettings.AsNoTracking().OrderBy(c => c.Id).Select(c => c.TimeZoneId).FirstOrDefaultAsync(cancellationToken) ?? "America/Chicago";
        var clock = ClinicClock.For(zone);
        DateTime Local(DateTime utc) => clock.Local(utc).ToDateTimeUnspecified();
        return notSent.Issue switch
        {
            { Outcome: CodeIssued.Live, LastSentAt: { } sent, LiveUntil: { } until } => (words.CodeStillWorks(Local(sent), Local(until)), null),
            { Outcome: CodeIssued.OutOfTries or CodeIssued.TooSoon } issue => (null, words.NewCodeAt(Local(NextMinute(now + issue.RetryAfter)))),
            _ => (null, null),
        };
    }

    /// <summary>The whole minute at or after a moment: "ask at 10:13" is never a moment too soon.</summary>
    private static DateTime NextMinute(DateTime at) => new(at.Ticks + TimeSpan.TicksPerMinute - 1 - ((at.Ticks + TimeSpan.TicksPerMinute - 1) % TimeSpan.TicksPerMinute), at.Kind);
}
