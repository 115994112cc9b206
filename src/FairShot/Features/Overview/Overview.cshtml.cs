using FairShot.Domain;
using FairShot.Features.Clinics;
using FairShot.Features.Shared;
using FairShot.Features.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FairShot.Features.Overview;

public sealed record UpcomingDay(Guid Id, DateOnly Date, Guid ClinicId, string ClinicName, string Vaccine, int Slots, int Capacity, int Booked);

/// <summary>The console's home: every clinic (clinic staff: theirs), and the clinic days still to come at each.</summary>
[Authorize(Policy = StaffPolicies.ConsoleAnyStaff)]
[ClinicScoped]
public sealed class OverviewModel(ClinicScheduling scheduling, ClinicAccess access, TimeProvider clock) : PageModel
{
    public const int MaxDaysShown = 100;

    public IReadOnlyList<ClinicResponse> Clinics { get; private set; } = [];
    public IReadOnlyList<UpcomingDay> Days { get; private set; } = [];
    public bool MoreDays { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var mine = await access.ClinicsOfAsync(User, cancellationToken);
        Clinics = (await scheduling.ListClinicsAsync(cancellationToken)).Where(c => mine is null || mine.Contains(c.Id)).ToList();
        var clinics = Clinics.ToDictionary(c => c.Id);
        var products = (await scheduling.ProductsAsync(cancellationToken)).ToDictionary(p => p.CvxCode);
        var now = clock.GetUtcNow();

        // "Today" differs by clinic: start a day early in UTC (every US zone is behind it) and let
        // each clinic's own calendar decide what is still to come.
        var days = await scheduling.ListDaysAsync(null, DateOnly.FromDateTime(now.UtcDateTime).AddDays(-1), cancellationToken);
        var upcoming = days
            .Where(d => clinics.TryGetValue(d.ClinicId, out var c) && d.Date >= ClinicClock.For(c.TimeZone).Today(now).ToDateOnly())
            .Select(d => new UpcomingDay(d.Id, d.Date, d.ClinicId, clinics[d.ClinicId].Name,
                products.TryGetValue(d.ProductCvx, out var p) ? ConsoleFormat.Product(p) : d.ProductCvx, d.Slots, d.Capacity, d.Booked))
            .OrderBy(d => d.Date).ThenBy(d => d.ClinicName, StringComparer.CurrentCulture)
            .ToList();
        MoreDays = upcoming.Count > MaxDaysShown;
        Days = upcoming.Take(MaxDaysShown).ToList();
    }
}
