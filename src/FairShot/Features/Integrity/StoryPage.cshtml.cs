using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Audit;
using FairShot.Features.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Integrity;

public sealed record StoryRow(DateTime At, string What, string By, string Detail);

/// <summary>
/// One person's story (<see cref="PersonStory"/>): everything that happened to the registration and
/// its appointments, oldest first, with who did it, in the county's time. Shows the name, never the
/// date of birth, a contact, a code or a token.
/// </summary>
[Authorize(Policy = StaffPolicies.ConsoleAdmin)]
public sealed class StoryPageModel(PersonStory story, FairShotDb db) : PageModel
{
    /// <summary>The day the admin came from, for the way back.</summary>
    [FromQuery(Name = "clinicDayId")]
    public Guid? ClinicDayId { get; set; }

    public PersonStoryResponse? Story { get; private set; }
    public IReadOnlyList<StoryRow> Rows { get; private set; } = [];
    public IntegrityDay? Day { get; private set; }
    public ClinicClock Clock { get; private set; } = ClinicClock.Utc;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var found = await story.StoryAsync(id, ct);
        Day = await IntegrityPages.DayAsync(db, ClinicDayId, ct);
        if (!found.Succeeded)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        Story = found.Value!;
        var zone = await db.CountySettings.AsNoTracking().Select(c => c.TimeZoneId).FirstOrDefaultAsync(ct);
        if (ClinicClock.TryFind(zone, out var clock))
        {
            Clock = clock;
        }
        Rows = Story.Events.Select(e => new StoryRow(Clock.Local(e.At).ToDateTimeUnspecified(), Capitalise(e.What), By(e.By), Detail(e))).ToList();
        return Page();
    }

    public string ZoneLabel => Clock == ClinicClock.Utc ? "UTC" : Shared.ConsoleFormat.ZoneName(Clock.ZoneId);

    private static string Capitalise(string what) => what.Length == 0 ? what : char.ToUpperInvariant(what[0]) + what[1..];

    private static string By(string by) => by switch
    {
        "system" => "FairShot (automatic)",
        "the person (resident)" => "The person",
        "a browser" => "The person's browser",
        _ when by.StartsWith("staff: ", StringComparison.Ordinal) => by["staff: ".Length..] + " (staff)",
        _ => by,
    };

    /// <summary>The event's details as "Field: value" pairs (the audit log's own wording); message kinds in words.</summary>
    private static string Detail(StoryEvent e) => e.Detail switch
    {
        null => "",
        _ when e.Action.StartsWith("message.", StringComparison.Ordinal) => AuditLogModel.Humanize(e.Detail),
        _ => AuditLogModel.Describe(e.Detail),
    };
}
