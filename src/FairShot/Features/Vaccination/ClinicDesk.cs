using System.Security.Claims;
using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Staff;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Vaccination;

/// <summary>The desk: the day's queue, check-in, recording doses, corrections and voids, the day's summary.</summary>
internal static class ClinicDesk
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddScoped<DeskAccess>();
        services.AddScoped<DayQueue>();
        services.AddScoped<CheckIns>();
        services.AddScoped<OpenedVials>();
        services.AddScoped<DoseRecording>();
        services.AddScoped<DoseCorrections>();
        services.AddScoped<DaySummary>();
        services.AddScoped<DayRecords>();
    }

    public static void MapEndpoints(IEndpointRouteBuilder routes) => routes.MapClinicDeskApi();
}

/// <summary>Another clinic's day, appointment or record: 403 (<see cref="ClinicAccess.Forbidden"/>).</summary>
public sealed record NotYourClinicError() : Error(ClinicAccess.NotYourClinic);

/// <summary>Only a lead of the clinic (or an admin) may change a recorded dose: 403.</summary>
public sealed record NotALeadError() : Error("Only a lead of this clinic (or an admin) can correct or void a recorded dose. Ask your clinic lead.");

/// <summary>A refusal at the desk: 409 with <c>reason</c> (a word a page can switch on) and a sentence a nurse can act on.</summary>
public sealed record DeskRefusal(string Reason, string Detail, IReadOnlyDictionary<string, object?>? More = null) : ConflictError(Detail)
{
    public override IReadOnlyDictionary<string, object?>? Extensions
    {
        get
        {
            var all = new Dictionary<string, object?>(More ?? new Dictionary<string, object?>()) { ["reason"] = Reason };
            return all;
        }
    }
}

/// <summary>The day and clinic an operation is about, checked against the caller's clinics.</summary>
public sealed class DeskAccess(FairShotDb db, ClinicAccess access)
{
    public sealed record DayContext(ClinicDay Day, Clinic Clinic, VaccineProduct Product);

    public async Task<Result<DayContext>> DayAsync(ClaimsPrincipal user, Guid dayId, CancellationToken cancellationToken)
    {
        var day = await db.ClinicDays.AsNoTracking().SingleOrDefaultAsync(d => d.Id == dayId, cancellationToken);
        if (day is null)
        {
            return new NotFoundError("There is no clinic day with this id.");
        }
        if (!await access.CanActOnAsync(user, day.ClinicId, cancellationToken))
        {
            return new NotYourClinicError();
        }
        var clinic = await db.Clinics.AsNoTracking().SingleAsync(c => c.Id == day.ClinicId, cancellationToken);
        var product = await db.Products.AsNoTracking().SingleAsync(p => p.CvxCode == day.ProductCvx, cancellationToken);
        return new DayContext(day, clinic, product);
    }

    public Task<bool> CanActOnAsync(ClaimsPrincipal user, Guid clinicId, CancellationToken cancellationToken) => access.CanActOnAsync(user, clinicId, cancellationToken);

    public Task<IReadOnlySet<Guid>?> ClinicsOfAsync(ClaimsPrincipal user, CancellationToken cancellationToken) => access.ClinicsOfAsync(user, cancellationToken);

    /// <summary>Admins everywhere; otherwise a lead of that clinic (<see cref="StaffClinic.IsLead"/>).</summary>
    public async Task<bool> IsLeadAsync(ClaimsPrincipal user, Guid clinicId, CancellationToken cancellationToken)
    {
        if (user.IsInRole(StaffRoles.Admin))
        {
            return true;
        }
        var staffId = StaffIdOf(user);
        return await db.StaffClinics.AnyAsync(s => s.StaffUserId == staffId && s.ClinicId == clinicId && s.IsLead, cancellationToken);
    }

    public static Guid StaffIdOf(ClaimsPrincipal user) => Guid.Parse(user.ToActor().Id);

    /// <summary>A stored UTC instant with the clinic's offset at that moment (ISO 8601 in JSON).</summary>
    public static DateTimeOffset AtClinic(Clinic clinic, DateTime utc)
    {
        var local = clinic.Clock.Local(utc);
        var utcKind = DateTime.SpecifyKind(utc, DateTimeKind.Utc);
        var offset = local.ToDateTimeUnspecified() - utcKind;
        return new DateTimeOffset(local.ToDateTimeUnspecified(), TimeSpan.FromMinutes(Math.Round(offset.TotalMinutes)));
    }

    public static string LocalTime(Clinic clinic, DateTime utc) =>
        clinic.Clock.Local(utc).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    public static string StateName(AppointmentState state) => state switch
    {
        AppointmentState.Booked => "booked",
        AppointmentState.CheckedIn => "checkedIn",
        AppointmentState.Administered => "vaccinated",
        AppointmentState.NoShow => "noShow",
        AppointmentState.Cancelled => "cancelled",
        _ => state.ToString(),
    };

    public static string ChannelName(AppointmentChannel channel) => channel switch
    {
        AppointmentChannel.Invitation => "invitation",
        AppointmentChannel.Staff => "staff",
        AppointmentChannel.WalkIn => "walkIn",
        AppointmentChannel.Import => "import",
        _ => channel.ToString(),
    };
}
