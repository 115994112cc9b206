using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Clinics;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Demo;

/// <summary>
/// The demo county (its settings come from County:* at start-up): two clinics, a week of clinic
/// days starting tomorrow, 300 registrants, a wave of invitations and a few help-line bookings.
/// Runs only on an empty database (no clinics yet), so restarting never duplicates it.
/// </summary>
public sealed class DemoData(FairShotDb db, ClinicScheduling scheduling, Features.Registration.RegistrationService registrations,
    Features.Invitations.InvitationWaves waves, Features.Booking.BookAppointment booking, Features.Supply.StockKeeping stock, TimeProvider clock,
    ILogger<DemoData> logger) : Platform.IStartupStep
{
    public Task RunAsync(CancellationToken cancellationToken) => SeedAsync(cancellationToken);

    public const string TimeZoneId = "America/Chicago";

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (await db.Clinics.AnyAsync(cancellationToken))
        {
            return;
        }

        var actor = Actor.System;
        var clinics = new[]
        {
            new CreateClinicRequest("Fairgrounds Drive-Through", "1200 Fairgrounds Rd, Hillsboro, MO 63050", TimeZoneId,
                IsPublic: true, City: "Hillsboro", State: "MO", PostalCode: "63050", Phone: "636-555-0100"),
            new CreateClinicRequest("Northside Community Center", "45 Main St, Arnold, MO 63010", TimeZoneId),
        };
        var today = ClinicClock.For(TimeZoneId).Today(clock.GetUtcNow()).ToDateOnly();
        var products = new[] { "208", "207" };
        for (var c = 0; c < clinics.Length; c++)
        {
            var clinic = await scheduling.CreateClinicAsync(actor, clinics[c], cancellationToken);
            if (!clinic.Succeeded)
            {
                return; // another instance is seeding
            }
            // Doses first: seats exist only with doses behind them (on hand now, and a shipment expected).
            var clinicId = clinic.Value!.Id;
            var lots = c == 0 ? new[] { ("EN6201", 9_000, 0), ("EW0182", 9_000, 3) } : [("041L20A", 3_000, 0), ("012M20A", 2_000, 4)];
            foreach (var (lot, doses, inDays) in lots)
            {
                await stock.ReceiveAsync(actor, new Features.Supply.ShipmentRequest(clinicId, products[c], lot, today.AddDays(90).ToString("yyyy-MM-dd"), doses,
                    today.AddDays(inDays).ToString("yyyy-MM-dd")), cancellationToken);
            }
            await stock.WasteAsync(actor, clinicId, new Features.Supply.WastageRequest(products[c], lots[0].Item1, c == 0 ? 6 : 10, "broken", null), cancellationToken);
            for (var d = 1; d <= 7; d++)
            {
                var request = new CreateClinicDayRequest(today.AddDays(d).ToString("yyyy-MM-dd"), c == 0 ? "08:00" : "10:00", c == 0 ? "18:00" : "16:00",
                    15, c == 0 ? 30 : 12, products[c]);
                await scheduling.ScheduleDayAsync(actor, clinic.Value!.Id, request, cancellationToken);
            }
        }
        var registered = await SeedRegistrantsAsync(today, cancellationToken);
        var (invited, booked) = await SeedInvitationsAsync(cancellationToken);
        logger.LogInformation("Seeded the demo county: {Clinics} clinics with a week of clinic days, {People} registrants, {Invited} invitations, {Booked} bookings.",
            clinics.Length, registered, invited, booked);
    }

    /// <summary>
    /// A few hundred synthetic registrants across every group, from a fixed seed so every demo
    /// looks the same. Names are drawn from common US first and last names; contacts use the
    /// reserved example.org domain and the 555-01xx fictional phone range.
    /// </summary>
    private async Task<int> SeedRegistrantsAsync(DateOnly today, CancellationToken cancellationToken)
    {
        string[] firsts = ["Maria", "James", "Linda", "Robert", "Patricia", "John", "Rosa", "Michael", "Dolores", "William", "Carmen", "David", "Barbara", "Jose", "Mary", "Luis", "Susan", "Juan", "Dorothy", "Thomas", "Ana", "Charles", "Betty", "Miguel", "Helen"];
        string[] lasts = ["Smith", "Garcia", "Johnson", "Martinez", "Williams", "Rodriguez", "Brown", "Lopez", "Jones", "Hernandez", "Miller", "Gonzalez", "Davis", "Perez", "Wilson", "Sanchez", "Moore", "Ramirez", "Taylor", "Torres"];
        string[] zips = ["63050", "63010", "63051", "63028", "63052", "63020"];
        string[] areaCodes = ["314", "573", "636"];
        var random = new Random(2021);
        var count = 0;
        for (var i = 0; i < 300; i++)
        {
            var age = random.Next(10) switch
            {
                < 3 => random.Next(75, 98),
                < 5 => random.Next(65, 75),
                _ => random.Next(18, 65),
            };
            var occupation = Domain.Vocabulary.Occupations[random.Next(Domain.Vocabulary.Occupations.Count)];
            var setting = random.Next(20) == 0 ? "long-term-care" : random.Next(25) == 0 ? "congregate" : "home";
            IReadOnlyList<string> conditions = random.Next(4) == 0 ? [Domain.Vocabulary.Conditions[random.Next(Domain.Vocabulary.Conditions.Count)]] : [];
            var dob = today.AddYears(-age).AddDays(-random.Next(365));
            var first = firsts[random.Next(firsts.Length)];
            var last = lasts[random.Next(lasts.Length)];
            var usePhone = random.Next(3) == 0;
            var request = new Features.Registration.RegisterRequest(first, last, dob.ToString("yyyy-MM-dd"),
                usePhone ? null : $"{first.ToLowerInvariant()}.{last.ToLowerInvariant()}{i}@example.org",
                usePhone ? $"+1{areaCodes[i % 3]}55501{i % 100:D2}" : null,
                zips[random.Next(zips.Length)], occupation, setting, conditions, random.Next(4) == 0 ? "es" : "en");
            var result = await registrations.RegisterAsync(Actor.System, request, RegistrationSource.Self, cancellationToken);
            if (result.Succeeded)
            {
                count++;
            }
        }
        return count;
    }

    /// <summary>
    /// A wave for the first clinic day (phase 1a is open), and a dozen bookings made by the
    /// bootstrap admin "for" people, with the reason saying they are demo data.
    /// </summary>
    private async Task<(int Invited, int Booked)> SeedInvitationsAsync(CancellationToken cancellationToken)
    {
        var firstDay = await db.ClinicDays.OrderBy(d => d.Date).FirstAsync(cancellationToken);
        var wave = await waves.IssueForDayAsync(Actor.System, firstDay.Id, new Features.Invitations.IssueInvitationsRequest(25, null, null, null),
            InvitationKind.Wave, cancellationToken);
        var admin = await db.Users.OrderBy(u => u.CreatedAt).Select(u => (Guid?)u.Id).FirstOrDefaultAsync(cancellationToken);
        if (admin is null)
        {
            return (wave.Value?.Issued ?? 0, 0);
        }
        var people = await db.People.Where(p => p.Status == PersonStatus.Waiting).OrderBy(p => p.PhaseRank).ThenBy(p => p.RegisteredAt)
            .Select(p => p.Id).Take(12).ToListAsync(cancellationToken);
        var slots = await db.Slots.Where(s => s.ClinicDayId == firstDay.Id).OrderBy(s => s.StartsAt).Select(s => s.Id).ToListAsync(cancellationToken);
        var booked = 0;
        for (var i = 0; i < people.Count; i++)
        {
            var result = await booking.BookForPersonAsync(Actor.Staff(admin.Value), people[i],
                new Features.Booking.StaffBookRequest(slots[i % slots.Count], "Demo data: booked by the help line."), null, cancellationToken);
            booked += result.Succeeded ? 1 : 0;
        }
        return (wave.Value?.Issued ?? 0, booked);
    }
}
