using FairShot.Domain;
using FairShot.Features.Clinics;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Data;

/// <summary>
/// The demo county: a time zone, two clinics and a week of clinic days starting tomorrow. Runs
/// only on an empty database (no clinics yet), so restarting never duplicates it. Later features
/// add registrants, invitations and bookings here.
/// </summary>
public sealed class DemoData(FairShotDb db, ClinicScheduling scheduling, TimeProvider clock, ILogger<DemoData> logger)
{
    public const string CountyName = "Demo County Health Department";
    public const string TimeZoneId = "America/Chicago";

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (await db.Clinics.AnyAsync(cancellationToken))
        {
            return;
        }
        if (!await db.CountySettings.AnyAsync(cancellationToken))
        {
            db.CountySettings.Add(new CountySettings(CountyName, TimeZoneId));
            await db.SaveChangesAsync(cancellationToken);
        }

        var actor = Actor.System;
        var clinics = new[]
        {
            new CreateClinicRequest("Fairgrounds Drive-Through", "1200 Fairgrounds Rd, Hillsboro, MO 63050", TimeZoneId),
            new CreateClinicRequest("Northside Community Center", "45 Main St, Arnold, MO 63010", TimeZoneId),
        };
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId)).DateTime);
        var products = new[] { "208", "207" };
        for (var c = 0; c < clinics.Length; c++)
        {
            var clinic = await scheduling.CreateClinicAsync(actor, clinics[c], cancellationToken);
            if (!clinic.Succeeded)
            {
                return; // another instance is seeding
            }
            for (var d = 1; d <= 7; d++)
            {
                var request = new CreateClinicDayRequest(today.AddDays(d).ToString("yyyy-MM-dd"), c == 0 ? "08:00" : "10:00", c == 0 ? "18:00" : "16:00",
                    15, c == 0 ? 30 : 12, products[c]);
                await scheduling.ScheduleDayAsync(actor, clinic.Value!.Id, request, cancellationToken);
            }
        }
        logger.LogInformation("Seeded the demo county: {Clinics} clinics with a week of clinic days.", clinics.Length);
    }
}
