using System.Text.Json;
using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Audit;
using FairShot.Features.Invitations;
using FairShot.Features.Notifications;
using FairShot.Features.Shared.Languages;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Booking;

public sealed record BookRequest(Guid? SlotId);

public sealed record StaffBookRequest(Guid? SlotId, string? Reason);

public sealed record ClinicInfo(string Name, string Address, string TimeZone);

public sealed record SecondDoseInfo(string? ConfirmationCode, DateTime? StartsAt, DateOnly? ReservedFrom);

public sealed record BookedResponse(string ConfirmationCode, DateTime StartsAt, DateTime EndsAt, ClinicInfo Clinic, string Product, SecondDoseInfo? SecondDose);

public sealed record OpenSlot(Guid Id, Guid ClinicDayId, DateTime StartsAt, DateTime EndsAt, int Free, string Clinic);

/// <summary>A full slot: the answer names other slots that still have seats.</summary>
public sealed record SlotFull(IReadOnlyList<OpenSlot> Alternatives) : ConflictError("That time has just filled up. Please choose another time.")
{
    public override IReadOnlyDictionary<string, object?>? Extensions => new Dictionary<string, object?> { ["alternatives"] = Alternatives };
}

/// <summary>A stored answer to a request with the same Idempotency-Key.</summary>
public sealed record Replayed(int StatusCode, string Body);

/// <summary>
/// Booking with an invitation. One transaction: the invitation is consumed with a conditional
/// update from Outstanding, the appointment is inserted (a partial unique index forbids a second
/// active one for the person and dose), dose 2 is booked or reserved, the person's status, the audit
/// entry, the confirmation message and the idempotency record are written, and last the seat is
/// taken with a conditional update that cannot exceed capacity. Any step that fails rolls all of it back.
/// </summary>
public sealed class BookAppointment(FairShotDb db, InvitationAccess access, AuditTrail audit, Notifier notifier, TimeProvider clock, IConfiguration configuration,
    IServiceProvider services)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<Result<IReadOnlyList<OpenSlot>>> OpenSlotsAsync(Invitation invitation, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return (await SlotsInScope(invitation, now).OrderBy(x => x.Slot.StartsAt).Take(500).ToListAsync(cancellationToken))
            .Select(x => new OpenSlot(x.Slot.Id, x.Slot.ClinicDayId, x.Slot.StartsAt, x.Slot.EndsAt, x.Slot.Capacity - x.Slot.Booked, x.Clinic)).ToList();
    }

    private IQueryable<SlotWithClinic> SlotsInScope(Invitation invitation, DateTime now) =>
        from s in db.Slots.AsNoTracking()
        join d in db.ClinicDays.AsNoTracking() on s.ClinicDayId equals d.Id
        join c in db.Clinics.AsNoTracking() on d.ClinicId equals c.Id
        where s.Booked < s.Capacity && s.StartsAt > now && d.ProductCvx == invitation.ProductCvx
              && (invitation.ClinicDayId != null ? d.Id == invitation.ClinicDayId : d.Date >= invitation.FromDate && d.Date <= invitation.ToDate)
        select new SlotWithClinic { Slot = s, Clinic = c.Name };

    private sealed class SlotWithClinic
    {
        public Slot Slot { get; init; } = null!;
        public string Clinic { get; init; } = "";
    }

    public async Task<Result<Replayed>> BookAsync(string token, string? sessionToken, BookRequest request, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > 100)
        {
            return ValidationError.For("idempotencyKey", "Send an Idempotency-Key header (1 to 100 characters), the same on every retry of this booking.");
        }
        var invitation = await access.FindAsync(token, cancellationToken);
        if (invitation is null)
        {
            return InvitationAccess.Usability(null, now)!;
        }
        var session = await access.SessionAsync(invitation, sessionToken, cancellationToken);
        if (session is null)
        {
            return new UnauthorizedError("Confirm it is you first: ask for a code and enter it with your date of birth.");
        }
        var scope = "book:" + invitation.Id.ToString("N");
        if (await db.IdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(r => r.Scope == scope && r.Key == idempotencyKey, cancellationToken) is { } earlier)
        {
            return new Replayed(earlier.StatusCode, earlier.ResponseBody);
        }
        if (InvitationAccess.Usability(invitation, now) is { } unusable)
        {
            return unusable;
        }
        if (request.SlotId is not { } slotId)
        {
            return ValidationError.For("slotId", "Choose a time.");
        }
        var target = await db.Slots.AsNoTracking().SingleOrDefaultAsync(s => s.Id == slotId, cancellationToken);
        if (target is null || !await InScopeAsync(invitation, target, cancellationToken))
        {
            return ValidationError.For("slotId", "This time is not offered with your invitation. Choose one from the list.");
        }
        if (target.StartsAt <= now)
        {
            return new SlotFull(await AlternativesAsync(invitation, now, cancellationToken));
        }

        var person = await db.People.AsNoTracking().SingleAsync(p => p.Id == invitation.PersonId, cancellationToken);
        return await PlaceAsync(Actor.Resident, person, target, invitation.DoseNumber, new Provenance(invitation, session.VerifiedContact, null, null),
            scope, idempotencyKey, () => AlternativesAsync(invitation, now, cancellationToken), cancellationToken);
    }

    /// <summary>Where a booking came from: an invitation and the channel its code went to, or a staff member and why.</summary>
    private sealed record Provenance(Invitation? Invitation, string? VerifiedContact, Guid? StaffId, string? Reason)
    {
        public Appointment Create(Guid personId, Slot slot, int dose, DateTime now, Guid? previous = null) =>
            Invitation is not null
                ? Appointment.ByInvitation(personId, slot, dose, Invitation.Id, VerifiedContact!, now, previous)
                : Appointment.ByStaff(personId, slot, dose, StaffId!.Value, Reason!, now, previous);
    }

    /// <summary>
    /// A call-centre agent (or admin) books for a named person who cannot use the web, saying why.
    /// Same transaction and guarantees as a resident's booking; the appointment names the agent.
    /// </summary>
    public async Task<Result<Replayed>> BookForPersonAsync(Actor staff, Guid personId, StaffBookRequest request, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var errors = new ValidationErrors();
        var reason = request.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > 500)
        {
            errors.Add("reason", "Say why you are booking for this person (for example: called the help line, no internet), in at most 500 characters.");
        }
        if (request.SlotId is null)
        {
            errors.Add("slotId", "Choose a time.");
        }
        if (errors.Any)
        {
            return errors.ToError();
        }
        var person = await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Id == personId, cancellationToken);
        if (person is null)
        {
            return new NotFoundError("There is no registration with this id.");
        }
        var target = await db.Slots.AsNoTracking().SingleOrDefaultAsync(s => s.Id == request.SlotId, cancellationToken);
        if (target is null || target.StartsAt <= now)
        {
            return ValidationError.For("slotId", "Choose a future time from the clinic day.");
        }
        var key = string.IsNullOrWhiteSpace(idempotencyKey) ? Guid.NewGuid().ToString() : idempotencyKey;
        if (key.Length > 100)
        {
            return ValidationError.For("idempotencyKey", "The Idempotency-Key header can be at most 100 characters.");
        }
        var scope = "staff-book:" + person.Id.ToString("N");
        if (await db.IdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(r => r.Scope == scope && r.Key == key, cancellationToken) is { } earlier)
        {
            return new Replayed(earlier.StatusCode, earlier.ResponseBody);
        }
        var staffId = Guid.Parse(staff.Id);
        return await PlaceAsync(staff, person, target, 1, new Provenance(null, null, staffId, reason), scope, key,
            async () => await DayAlternativesAsync(target.ClinicDayId, now, cancellationToken), cancellationToken);
    }

    private async Task<IReadOnlyList<OpenSlot>> DayAlternativesAsync(Guid clinicDayId, DateTime now, CancellationToken cancellationToken) =>
        (await (from s in db.Slots.AsNoTracking()
                join d in db.ClinicDays.AsNoTracking() on s.ClinicDayId equals d.Id
                join c in db.Clinics.AsNoTracking() on d.ClinicId equals c.Id
                where s.ClinicDayId == clinicDayId && s.Booked < s.Capacity && s.StartsAt > now
                orderby s.StartsAt
                select new OpenSlot(s.Id, s.ClinicDayId, s.StartsAt, s.EndsAt, s.Capacity - s.Booked, c.Name)).Take(5).ToListAsync(cancellationToken));

    /// <summary>The booking transaction shared by residents and staff (see the class summary).</summary>
    private async Task<Result<Replayed>> PlaceAsync(Actor actor, Person person, Slot target, int dose, Provenance provenance, string scope, string idempotencyKey,
        Func<Task<IReadOnlyList<OpenSlot>>> alternatives, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var day = await db.ClinicDays.AsNoTracking().SingleAsync(d => d.Id == target.ClinicDayId, cancellationToken);
        var clinic = await db.Clinics.AsNoTracking().SingleAsync(c => c.Id == day.ClinicId, cancellationToken);
        var product = await db.Products.AsNoTracking().SingleAsync(p => p.CvxCode == day.ProductCvx, cancellationToken);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            if (provenance.Invitation is { } invitation)
            {
                var consumed = await db.Invitations.Where(i => i.Id == invitation.Id && i.State == InvitationState.Outstanding && i.ExpiresAt > now)
                    .ExecuteUpdateAsync(s => s.SetProperty(i => i.State, InvitationState.Used).SetProperty(i => i.UsedAt, now), cancellationToken);
                if (consumed != 1)
                {
                    await transaction.RollbackAsync(cancellationToken);
                    return await ReplayOrAsync(scope, idempotencyKey, new GoneError("This invitation has just been used to book an appointment."), cancellationToken);
                }
            }

            var appointment = provenance.Create(person.Id, target, dose, now);
            db.Appointments.Add(appointment);
            var second = dose == 1 && product.DosesInSeries >= 2 && product.DaysToNextDose is { } interval
                ? await BookSecondDoseAsync(person.Id, provenance, appointment, target, day, clinic, product, interval, now, cancellationToken)
                : null;
            await db.People.Where(p => p.Id == person.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, PersonStatus.Booked), cancellationToken);

            var response = new BookedResponse(appointment.ConfirmationCode, target.StartsAt, target.EndsAt,
                new ClinicInfo(clinic.Name, clinic.Address, clinic.TimeZoneId), product.Name, second);
            audit.Record(actor, "appointment.booked", "Appointment", appointment.Id.ToString(), new
            {
                person = person.Id,
                slot = target.Id,
                dose,
                invitation = provenance.Invitation?.Id,
                verifiedBy = provenance.VerifiedContact,
                staff = provenance.StaffId,
                reason = provenance.Reason,
                secondDose = second?.ConfirmationCode is not null ? "booked" : second?.ReservedFrom is not null ? "reserved" : null,
            });
            notifier.Queue(person.Email is not null ? NotificationChannel.Email : NotificationChannel.Sms, person.Email ?? person.Phone!, person.Language,
                NotificationTemplates.Booked, ConfirmationValues(person, appointment, target, clinic, second));
            var body = JsonSerializer.Serialize(response, Json);
            db.IdempotencyRecords.Add(new IdempotencyRecord(scope, idempotencyKey, StatusCodes.Status201Created, body, now));
            await db.SaveChangesAsync(cancellationToken);

            // The seat last: the slot's row is the one every booker of this time wants, so it stays
            // locked (PostgreSQL) only for this update and the commit, not for the whole booking.
            var seat = await db.Slots.Where(s => s.Id == target.Id && s.Booked < s.Capacity)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Booked, x => x.Booked + 1), cancellationToken);
            if (seat != 1)
            {
                await transaction.RollbackAsync(cancellationToken);
                db.ChangeTracker.Clear();
                return new SlotFull(await alternatives());
            }
            await transaction.CommitAsync(cancellationToken);
            if (provenance.Invitation is { Kind: InvitationKind.Standby })
            {
                await services.GetRequiredService<Backfill.StandbyOffers>().CloseIfFullAsync(target.ClinicDayId, CancellationToken.None);
            }
            return new Replayed(StatusCodes.Status201Created, body);
        }
        catch (DbUpdateException)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            return await ReplayOrAsync(scope, idempotencyKey, new ConflictError("This person already has an appointment for this dose."), CancellationToken.None);
        }
    }

    private async Task<Result<Replayed>> ReplayOrAsync(string scope, string key, Error otherwise, CancellationToken cancellationToken) =>
        await db.IdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(r => r.Scope == scope && r.Key == key, cancellationToken) is { } stored
            ? new Replayed(stored.StatusCode, stored.ResponseBody)
            : otherwise;

    private async Task<bool> InScopeAsync(Invitation invitation, Slot slot, CancellationToken cancellationToken)
    {
        var day = await db.ClinicDays.AsNoTracking().SingleAsync(d => d.Id == slot.ClinicDayId, cancellationToken);
        return day.ProductCvx == invitation.ProductCvx &&
               (invitation.ClinicDayId is { } only ? day.Id == only : day.Date >= invitation.FromDate && day.Date <= invitation.ToDate);
    }

    private async Task<IReadOnlyList<OpenSlot>> AlternativesAsync(Invitation invitation, DateTime now, CancellationToken cancellationToken) =>
        (await SlotsInScope(invitation, now).OrderBy(x => x.Slot.StartsAt).Take(5).ToListAsync(cancellationToken))
            .Select(x => new OpenSlot(x.Slot.Id, x.Slot.ClinicDayId, x.Slot.StartsAt, x.Slot.EndsAt, x.Slot.Capacity - x.Slot.Booked, x.Clinic)).ToList();

    /// <summary>
    /// Dose 2 at the same clinic after the product's interval (up to a week later), in the free slot
    /// closest to dose 1's time of day; when there is none, a reservation that puts the person first
    /// in line for the next suitable day.
    /// </summary>
    private async Task<SecondDoseInfo> BookSecondDoseAsync(Guid personId, Provenance provenance, Appointment first, Slot firstSlot, ClinicDay day, Clinic clinic,
        VaccineProduct product, int interval, DateTime now, CancellationToken cancellationToken)
    {
        var earliest = day.Date.AddDays(interval);
        var latest = earliest.AddDays(7);
        var zone = clinic.TimeZone;
        var firstTime = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(firstSlot.StartsAt, zone));
        var candidates = await (from s in db.Slots.AsNoTracking()
                                join d in db.ClinicDays.AsNoTracking() on s.ClinicDayId equals d.Id
                                where d.ClinicId == clinic.Id && d.ProductCvx == product.CvxCode && d.Date >= earliest && d.Date <= latest && s.Booked < s.Capacity
                                select new { Slot = s, d.Date }).ToListAsync(cancellationToken);
        foreach (var candidate in candidates
                     .OrderBy(c => c.Date)
                     .ThenBy(c => MinutesApart(TimeOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(c.Slot.StartsAt, zone)), firstTime)))
        {
            var taken = await db.Slots.Where(s => s.Id == candidate.Slot.Id && s.Booked < s.Capacity)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Booked, x => x.Booked + 1), cancellationToken);
            if (taken == 1)
            {
                var second = provenance.Create(personId, candidate.Slot, first.DoseNumber + 1, now, first.Id);
                db.Appointments.Add(second);
                return new SecondDoseInfo(second.ConfirmationCode, candidate.Slot.StartsAt, null);
            }
        }
        db.SecondDoseReservations.Add(new SecondDoseReservation(personId, first.Id, product.CvxCode, earliest, earliest.AddDays(42), now));
        return new SecondDoseInfo(null, null, earliest);
    }

    private static double MinutesApart(TimeOnly a, TimeOnly b) => Math.Abs((a.ToTimeSpan() - b.ToTimeSpan()).TotalMinutes);

    /// <summary>The confirmation message, written in the person's language when it is queued.</summary>
    private Func<IWords, RenderedMessage> ConfirmationValues(Person person, Appointment appointment, Slot slot, Clinic clinic, SecondDoseInfo? second)
    {
        var zone = clinic.TimeZone;
        var baseUrl = (configuration["PublicBaseUrl"] ?? "http://localhost:5080").TrimEnd('/');
        return w =>
        {
            var secondText = second switch
            {
                { StartsAt: { } at, ConfirmationCode: { } code } => w.SecondDoseBookedLine(Formats.LocalDateTime(at, zone, w.Lang), code),
                { ReservedFrom: { } from } => w.SecondDoseReservedLine(from),
                _ => "",
            };
            return w.BookedMessage(person.FirstName, Formats.LocalDateTime(slot.StartsAt, zone, w.Lang), clinic.Name, clinic.Address,
                appointment.ConfirmationCode, secondText, $"{baseUrl}/appointments/{appointment.ConfirmationCode}");
        };
    }
}
