using System.Globalization;
using System.Text;
using System.Text.Json;
using FairShot.Data;
using FairShot.Domain;
using Hl7.Fhir.Serialization;
using Microsoft.EntityFrameworkCore;
using R4 = Hl7.Fhir.Model;

namespace FairShot.Features.Records.SchedulingLinks;

/// <summary>
/// Open availability for slot finders (SMART Scheduling Links, the IG in the fixtures): one Location
/// per clinic the county lists (<see cref="Clinic.IsPublic"/>), one Schedule per clinic and product,
/// one Slot per bookable period from now on, each with the seats still free. Nothing about a person
/// is in it. Built with Firely's R4 model and serialiser.
/// </summary>
public sealed class SchedulingFeed(FairShotDb db, IConfiguration configuration, TimeProvider clock)
{
    public const string Extensions = "http://fhir-registry.smarthealthit.org/StructureDefinition/";
    public const string CvxSystem = "http://hl7.org/fhir/sid/cvx";

    /// <summary>How far ahead slots are published: what a finder shows, not what the county plans.</summary>
    public const int DaysAhead = 28;

    private static readonly JsonSerializerOptions Json = new JsonSerializerOptions().ForFhir(R4.ModelInfo.ModelInspector);

    private string BaseUrl => (configuration["PublicBaseUrl"] ?? "http://localhost:5080").TrimEnd('/');

    /// <summary>The sign-up page: FairShot books only through a personal invitation, so every link starts the line.</summary>
    private string SignUpUrl => BaseUrl + "/register";

    public async Task<IReadOnlyList<R4.Location>> LocationsAsync(CancellationToken cancellationToken)
    {
        var clinics = await db.Clinics.AsNoTracking().Where(c => c.IsPublic).OrderBy(c => c.Name).ToListAsync(cancellationToken);
        return clinics.Select(ToLocation).ToList();
    }

    public async Task<IReadOnlyList<R4.Schedule>> SchedulesAsync(CancellationToken cancellationToken)
    {
        var days = await PublishedDaysAsync(cancellationToken);
        var products = await db.Products.AsNoTracking().ToDictionaryAsync(p => p.CvxCode, cancellationToken);
        return days.Select(d => (d.Clinic.Id, d.Day.ProductCvx)).Distinct()
            .Select(k => ToSchedule(k.Id, products.GetValueOrDefault(k.ProductCvx), k.ProductCvx)).ToList();
    }

    public async Task<IReadOnlyList<R4.Slot>> SlotsAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var days = await PublishedDaysAsync(cancellationToken);
        var dayIds = days.Select(d => d.Day.Id).ToList();
        var slots = await db.Slots.AsNoTracking().Where(s => dayIds.Contains(s.ClinicDayId) && s.EndsAt > now)
            .ToListAsync(cancellationToken);
        var byDay = days.ToDictionary(d => d.Day.Id);
        return slots.OrderBy(s => s.StartsAt).ThenBy(s => s.Id).Select(s => ToSlot(s, byDay[s.ClinicDayId])).ToList();
    }

    /// <summary>One resource per line, no pretty-printing, LF between lines (NDJSON).</summary>
    public static string ToNdjson(IEnumerable<R4.Resource> resources)
    {
        var text = new StringBuilder();
        foreach (var resource in resources)
        {
            text.Append(JsonSerializer.Serialize(resource, resource.GetType(), Json)).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>
    /// The days a finder may show: listed clinics, from the clinic's today for <see cref="DaysAhead"/> days.
    /// Earmarked days are left out: their seats are kept for a priority group or ZIP codes, whom
    /// the county invites; a finder would send everyone else to seats they cannot have.
    /// </summary>
    private async Task<List<PublishedDay>> PublishedDaysAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var clinics = await db.Clinics.AsNoTracking().Where(c => c.IsPublic).ToListAsync(cancellationToken);
        var result = new List<PublishedDay>();
        foreach (var clinic in clinics)
        {
            var today = clinic.Today(now);
            var last = today.AddDays(DaysAhead);
            var days = await db.ClinicDays.AsNoTracking()
                .Where(d => d.ClinicId == clinic.Id && d.Date >= today && d.Date <= last && d.EarmarkId == null)
                .ToListAsync(cancellationToken);
            result.AddRange(days.Select(d => new PublishedDay(clinic, d)));
        }
        return result;
    }

    private R4.Location ToLocation(Clinic clinic)
    {
        var location = new R4.Location
        {
            Id = clinic.Id.ToString(),
            Name = clinic.Name,
            Address = new R4.Address
            {
                Line = [clinic.Address],
                City = clinic.City,
                State = clinic.State,
                PostalCode = clinic.PostalCode,
            },
        };
        if (clinic.Phone is not null)
        {
            location.Telecom.Add(new R4.ContactPoint { System = R4.ContactPoint.ContactPointSystem.Phone, Value = DisplayPhone(clinic.Phone) });
        }
        location.Telecom.Add(new R4.ContactPoint { System = R4.ContactPoint.ContactPointSystem.Url, Value = SignUpUrl });
        return location;
    }

    private static R4.Schedule ToSchedule(Guid clinicId, VaccineProduct? product, string cvx)
    {
        var service = new R4.CodeableConcept();
        service.Coding.Add(new R4.Coding("http://terminology.hl7.org/CodeSystem/service-type", "57", "Immunization"));
        // The IG's schedule profile is written for COVID-19; a county's other vaccines keep only code 57.
        if (product is null || product.Name.Contains("COVID", StringComparison.OrdinalIgnoreCase))
        {
            service.Coding.Add(new R4.Coding("http://fhir-registry.smarthealthit.org/CodeSystem/service-type", "covid19-immunization",
                "COVID-19 Immunization Appointment"));
        }
        var schedule = new R4.Schedule { Id = ScheduleId(clinicId, cvx) };
        schedule.ServiceType.Add(service);
        schedule.Actor.Add(new R4.ResourceReference($"Location/{clinicId}"));
        schedule.Extension.Add(new R4.Extension(Extensions + "vaccine-product", new R4.Coding(CvxSystem, cvx, product?.Name ?? $"CVX {cvx}")));
        // Published seats are for people starting their series: second doses are booked with the first.
        schedule.Extension.Add(new R4.Extension(Extensions + "vaccine-dose", new R4.Integer(1)));
        return schedule;
    }

    private R4.Slot ToSlot(Slot slot, PublishedDay day)
    {
        var free = Math.Max(0, slot.Capacity - slot.Booked);
        var clinicClock = day.Clinic.Clock;
        var fhirSlot = new R4.Slot
        {
            Id = slot.Id.ToString(),
            Schedule = new R4.ResourceReference($"Schedule/{ScheduleId(day.Clinic.Id, day.Day.ProductCvx)}"),
            Status = free > 0 ? R4.Slot.SlotStatus.Free : R4.Slot.SlotStatus.Busy,
            Start = clinicClock.WithOffset(slot.StartsAt),
            End = clinicClock.WithOffset(slot.EndsAt),
        };
        fhirSlot.Extension.Add(new R4.Extension(Extensions + "booking-deep-link", new R4.FhirUrl(SignUpUrl)));
        if (day.Clinic.Phone is not null)
        {
            fhirSlot.Extension.Add(new R4.Extension(Extensions + "booking-phone", new R4.FhirString(DisplayPhone(day.Clinic.Phone))));
        }
        fhirSlot.Extension.Add(new R4.Extension(Extensions + "slot-capacity", new R4.Integer(free)));
        return fhirSlot;
    }

    internal static string ScheduleId(Guid clinicId, string cvx) => $"{clinicId}-{cvx}";

    /// <summary>+13125550100 as 312-555-0100; other countries' numbers as stored.</summary>
    internal static string DisplayPhone(string e164) =>
        e164.Length == 12 && e164.StartsWith("+1", StringComparison.Ordinal)
            ? string.Create(CultureInfo.InvariantCulture, $"{e164[2..5]}-{e164[5..8]}-{e164[8..]}")
            : e164;

    private sealed record PublishedDay(Clinic Clinic, ClinicDay Day);
}
