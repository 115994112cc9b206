using System.Text.Json;
using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Booking;
using FairShot.Features.Eligibility;
using FairShot.Features.Registration;
using FairShot.Features.Shared;
using FairShot.Features.Staff;
using FairShot.Platform;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Registration;

/// <summary>An appointment of the person, as the agent reads it out: the clinic's local time.</summary>
public sealed record AppointmentRow(string ConfirmationCode, int DoseNumber, AppointmentState State, DateTime StartsLocal, string Clinic, string ZoneId, string BookedBy);

/// <summary>
/// One registration: where the person stands and how they got there. Admins and call-centre
/// agents can correct it (the handler audits the change and keeps the place in line) and book a
/// first-dose appointment for someone who cannot use the web, saying why
/// (<see cref="BookAppointment.BookForPersonAsync"/>); other staff only read it.
/// </summary>
[Authorize(Policy = StaffPolicies.ConsoleAnyStaff)]
public sealed class RegistrationDetailsModel(
    FairShotDb db, RegistrationService registrations, EligibilityRules rules, StaffDirectory directory, IAuthorizationService authorization,
    BookAppointment booking, TimeProvider clock)
    : RegistrationFormModel
{
    public const string BookedKey = "fs-staff-booked";
    public const int ReasonMaxLength = 500;
    public static readonly IReadOnlyList<string> BookingFieldOrder = [nameof(SlotId), nameof(Reason)];
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Person? Person { get; private set; }
    public RegistrationResponse? Standing { get; private set; }
    public int? Position { get; private set; }
    public string RegisteredBy { get; private set; } = "";
    public DateTime RegisteredAtLocal { get; private set; }
    public string ZoneName { get; private set; } = "";
    public bool CanCorrect { get; private set; }
    public bool JustRegistered { get; private set; }
    public bool JustCorrected { get; private set; }

    // --- booking for the person ---------------------------------------------------------------------
    public bool CanBook { get; private set; }

    /// <summary>The person holds a first-dose appointment already: one at a time (the database refuses a second).</summary>
    public bool HasFirstDose { get; private set; }

    /// <summary>True when this response answers the booking form (its errors go to its own summary).</summary>
    public bool BookingPosted { get; private set; }

    public IReadOnlyList<AppointmentRow> Appointments { get; private set; } = [];
    public IReadOnlyList<SelectListItem> BookableDays { get; private set; } = [];
    public IReadOnlyList<SelectListItem> BookableSlots { get; private set; } = [];
    public Guid? BookDay { get; private set; }
    public BookedResponse? JustBooked { get; private set; }

    [BindProperty]
    public string? SlotId { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    /// <summary>Made when the form is drawn: a double click or a retry books once.</summary>
    [BindProperty]
    public string? BookingKey { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, bool registered, bool corrected, Guid? day, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        Fill(Person!);
        JustRegistered = registered;
        JustCorrected = corrected;
        JustBooked = TempData[BookedKey] is string booked ? JsonSerializer.Deserialize<BookedResponse>(booked, Json) : null;
        await LoadBookingChoicesAsync(day, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostBookAsync(Guid id, Guid? day, CancellationToken cancellationToken)
    {
        if (!(await authorization.AuthorizeAsync(User, StaffPolicies.ConsoleRegistering)).Succeeded)
        {
            return Forbid();
        }
        if (!await LoadAsync(id, cancellationToken))
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        Fill(Person!);
        BookingPosted = true;
        ModelState.Clear();
        var slotId = Guid.TryParse(SlotId, out var parsed) ? parsed : (Guid?)null;
        var reason = Reason is { Length: > ReasonMaxLength } ? Reason[..(ReasonMaxLength + 1)] : Reason;
        var key = BookingKey is { Length: > 0 and <= 100 } ? BookingKey : null;
        var result = await booking.BookForPersonAsync(User.ToActor(), id, new StaffBookRequest(slotId, reason), key, cancellationToken);
        switch (result.Error)
        {
            case null:
                TempData[BookedKey] = JsonSerializer.Serialize(result.Value!, Json);
                return LocalRedirect($"/console/registrations/{id}#booked");
            case NotFoundError:
                Person = null;
                Response.StatusCode = StatusCodes.Status404NotFound;
                return Page();
            case SlotFull:
                ModelState.AddModelError(nameof(SlotId), "That time has just filled up. Choose another time.");
                SlotId = null;
                break;
            case ConflictError conflict:
                ModelState.AddModelError(string.Empty, conflict.Detail);
                break;
            default:
                result.Error.AddTo(ModelState);
                ModelState.Reword(nameof(SlotId), "Choose a time on the clinic day.");
                break;
        }
        await LoadBookingChoicesAsync(day, cancellationToken);
        return Page();
    }

    /// <summary>Upcoming clinic days with a free seat; with a day chosen, its free times.</summary>
    private async Task LoadBookingChoicesAsync(Guid? day, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var personId = Person!.Id;
        Appointments = (await (from a in db.Appointments.AsNoTracking()
                               join s in db.Slots.AsNoTracking() on a.SlotId equals s.Id
                               join d in db.ClinicDays.AsNoTracking() on a.ClinicDayId equals d.Id
                               join c in db.Clinics.AsNoTracking() on d.ClinicId equals c.Id
                               where a.PersonId == personId
                               orderby s.StartsAt
                               select new { a.ConfirmationCode, a.DoseNumber, a.State, s.StartsAt, c.Name, c.TimeZoneId, a.BookedByStaffId }).ToListAsync(cancellationToken))
            .Select(a => new AppointmentRow(a.ConfirmationCode, a.DoseNumber, a.State,
                ClinicClock.For(a.TimeZoneId).Local(a.StartsAt).ToDateTimeUnspecified(), a.Name, a.TimeZoneId,
                a.BookedByStaffId is null ? "The person, with their invitation" : "A staff member, for the person"))
            .ToList();
        HasFirstDose = Appointments.Any(a => a.DoseNumber == 1 && a.State is AppointmentState.Booked or AppointmentState.CheckedIn or AppointmentState.Administered);
        if (!CanBook || HasFirstDose)
        {
            return;
        }
        var days = await (from d in db.ClinicDays.AsNoTracking()
                          join c in db.Clinics.AsNoTracking() on d.ClinicId equals c.Id
                          join p in db.Products.AsNoTracking() on d.ProductCvx equals p.CvxCode
                          let free = db.Slots.Where(s => s.ClinicDayId == d.Id && s.StartsAt > now).Sum(s => (int?)(s.Capacity - s.Booked)) ?? 0
                          where free > 0
                          orderby d.Date, c.Name
                          select new { d.Id, d.Date, Clinic = c.Name, Product = p.Name, Free = free }).Take(100).ToListAsync(cancellationToken);
        BookDay = day is { } chosen && days.Any(d => d.Id == chosen) ? chosen : null;
        BookableDays = days.Select(d => new SelectListItem(
            $"{ConsoleFormat.ShortDate(d.Date)} — {d.Clinic} — {d.Product} — {ConsoleFormat.Number(d.Free)} free", d.Id.ToString(), d.Id == BookDay)).ToList();
        if (BookDay is { } dayId)
        {
            var zoneId = await (from d in db.ClinicDays.AsNoTracking() join c in db.Clinics.AsNoTracking() on d.ClinicId equals c.Id where d.Id == dayId select c.TimeZoneId)
                .SingleAsync(cancellationToken);
            var clinicClock = ClinicClock.For(zoneId);
            BookableSlots = (await db.Slots.AsNoTracking().Where(s => s.ClinicDayId == dayId && s.StartsAt > now && s.Booked < s.Capacity)
                    .OrderBy(s => s.StartsAt).ToListAsync(cancellationToken))
                .Select(s => new SelectListItem(
                    $"{ConsoleFormat.Time(clinicClock.Local(s.StartsAt).TimeOfDay.ToTimeOnly())} ({s.Capacity - s.Booked} free)", s.Id.ToString(), s.Id.ToString() == SlotId))
                .ToList();
        }
        BookingKey = Guid.NewGuid().ToString();
    }

    public string ShortWhen(DateTime local) => $"{ConsoleFormat.ShortDate(DateOnly.FromDateTime(local))}, {ConsoleFormat.Time(TimeOnly.FromDateTime(local))}";

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!(await authorization.AuthorizeAsync(User, StaffPolicies.ConsoleRegistering)).Succeeded)
        {
            return Forbid();
        }
        if (!await LoadAsync(id, cancellationToken))
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        await LoadBookingChoicesAsync(null, cancellationToken);
        if (!CheckInEnglish(await rules.TodayAsync(cancellationToken)))
        {
            return Page();
        }
        var result = await registrations.CorrectAsync(User.ToActor(), id, ToRequest(), cancellationToken);
        switch (result.Error)
        {
            case null:
                return LocalRedirect($"/console/registrations/{id}?corrected=true");
            case NotFoundError:
                Person = null;
                Response.StatusCode = StatusCodes.Status404NotFound;
                return Page();
            case ConflictError conflict:
                ModelState.AddModelError(string.Empty, conflict.Detail);
                return Page();
            default:
                ShowProblems(result.Error);
                return Page();
        }
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        Person = await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (Person is null)
        {
            return false;
        }
        Standing = await registrations.DescribeAsync(Person, cancellationToken);
        // Staff read the group and phase in English, whatever the person's language.
        var group = await db.PriorityGroups.AsNoTracking().SingleAsync(g => g.Code == Person.GroupCode, cancellationToken);
        var phase = await db.Phases.AsNoTracking().SingleAsync(p => p.Code == Person.PhaseCode, cancellationToken);
        Standing = Standing with { PriorityGroup = new NamedCode(group.Code, group.Name), Phase = new PhaseInfo(phase.Code, phase.Name, phase.IsOpen) };
        Position = Person.Status == PersonStatus.Waiting ? await registrations.PeopleAheadAsync(Person, cancellationToken) + 1 : null;
        var zoneId = await db.CountySettings.AsNoTracking().OrderBy(c => c.Id).Select(c => c.TimeZoneId).FirstOrDefaultAsync(cancellationToken) ?? "America/Chicago";
        RegisteredAtLocal = ClinicClock.For(zoneId).Local(Person.RegisteredAt).ToDateTimeUnspecified();
        ZoneName = ConsoleFormat.ZoneName(zoneId);
        RegisteredBy = Person.Source switch
        {
            RegistrationSource.Self => "The person, on the public website",
            RegistrationSource.Roster => "A roster import",
            RegistrationSource.Staff => Person.RegisteredByStaffId is { } staffId
                ? (await directory.ListAsync(cancellationToken)).FirstOrDefault(s => s.Id == staffId)?.DisplayName ?? "A former staff member"
                : "A staff member",
            _ => Person.Source.ToString(),
        };
        CanCorrect = (await authorization.AuthorizeAsync(User, StaffPolicies.ConsoleRegistering)).Succeeded;
        CanBook = CanCorrect;
        return true;
    }
}
