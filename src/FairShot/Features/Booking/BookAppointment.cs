using System.Text.Json;
using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Audit;
using FairShot.Features.Invitations;
using FairShot.Features.Notifications;
using FairShot.Features.Shared.Languages;
using FairShot.Features.Supply;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Booking;

public sealed record BookRequest(Guid? SlotId);

public sealed record StaffBookRequest(Guid? SlotId, string? Reason);

public sealed record ClinicInfo(string Name, string Address, string TimeZone);

public sealed record SecondDoseInfo(string? ConfirmationCode, DateTime? StartsAt, DateOnly? ReservedFrom);

/// <summary><paramref name="SiteCode"/>: the 4 digits the resident shows the vaccinator (null only in answers stored before site codes).</summary>
public sealed record BookedResponse(string ConfirmationCode, DateTime StartsAt, DateTime EndsAt, ClinicInfo Clinic, string Product, SecondDoseInfo? SecondDose,
    string? SiteCode = null);

public sealed record OpenSlot(Guid Id, Guid ClinicDayId, DateTime StartsAt, DateTime EndsAt, int Free, string Clinic);

/// <summary>A full slot: the answer names other slots that still have seats.</summary>
public sealed record SlotFull(IReadOnlyList<OpenSlot> Alternatives) : ConflictError("That time has just filled up. Please choose another time.")
{
    public override IReadOnlyDictionary<string, object?>? Extensions => new Dictionary<string, object?> { ["alternatives"] = Alternatives };
}


/// <summary>
/// Dose 1 of a two-dose product found no dose-2 seat and the clinic has no dose left to hold for
/// dose 2: booking it would promise a dose that is not there (principle 2).
/// </summary>
public sealed record NoSecondDose(string Clinic)
    : ConflictError($"We cannot keep a second dose for you at {Clinic} right now, so we cannot book the first dose there. Please choose a time at another clinic, or try again later.");

/// <summary>
/// Booking with an invitation. One transaction: the invitation is consumed with a conditional
/// update from Outstanding, the appointment is inserted (a partial unique index forbids a second
/// active one for the person and dose), dose 2 is booked or reserved, the person's status, the audit
/// entry, the confirmation message and the idempotency record are written, and last the seat is
/// taken with a conditional update that cannot exceed capacity. Any step that fails rolls all of it back.
/// </summary>
public sealed class BookAppointment(FairShotDb db, AuditTrail audit, Notifier notifier, TimeProvider clock, IConfiguration configuration,
    IServiceProvider services)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The free future times an invitation allows, soonest first.</summary>
    public async Task<IReadOnlyList<OpenSlot>> OpenSlotsAsync(Invitation invitation, CancellationToken cancellationToken) =>
        await OpenSlots.Of(SlotsInScope(invitation), clock.GetUtcNow().UtcDateTime).Take(500).ToListAsync(cancellationToken);

    /// <summary>The one slot-scope rule: the invitation's product, on its clinic day or within its date range.</summary>
    private IQueryable<BookableSlot> SlotsInScope(Invitation invitation) =>
        from s in db.Slots.AsNoTracking()
        join d in db.ClinicDays.AsNoTracking() on s.ClinicDayId equals d.Id
        join c in db.Clinics.AsNoTracking() on d.ClinicId equals c.Id
        where d.ProductCvx == invitation.ProductCvx
              && (invitation.ClinicDayId != null ? d.Id == invitation.ClinicDayId : d.Date >= invitation.FromDate && d.Date <= invitation.ToDate)
        select new BookableSlot { Slot = s, Day = d, Clinic = c };

    /// <summary>A slot with its day, clinic and product, read in one query for the booking transaction.</summary>
    private async Task<Target?> TargetAsync(IQueryable<BookableSlot> slots, Guid slotId, CancellationToken cancellationToken) =>
        await (from x in slots
               where x.Slot.Id == slotId
               join p in db.Products.AsNoTracking() on x.Day.ProductCvx equals p.CvxCode
               select new Target(x.Slot, x.Day, x.Clinic, p)).SingleOrDefaultAsync(cancellationToken);

    private sealed record Target(Slot Slot, ClinicDay Day, Clinic Clinic, VaccineProduct Product);

    /// <summary>
    /// The booking a retry with this Idempotency-Key already made, answered as it was the first time.
    /// The page and the endpoint ask this first: a retry of a booking that succeeded finds its
    /// invitation used, and must still get its confirmation.
    /// </summary>
    public async Task<BookedResponse?> EarlierBookingAsync(Invitation invitation, string? idempotencyKey, CancellationToken cancellationToken) =>
        string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > 100 ? null
            : await StoredAsync(ResidentScope(invitation), idempotencyKey, cancellationToken);

    private static string ResidentScope(Invitation invitation) => "book:" + invitation.Id.ToString("N");

    /// <summary>A verified invitee books a time their invitation allows.</summary>
    public async Task<Result<BookedResponse>> BookAsync(InvitationLink link, BookRequest request, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > 100)
        {
            return ValidationError.For("idempotencyKey", "Send an Idempotency-Key header (1 to 100 characters), the same on every retry of this booking.");
        }
        if (link.Invitation is not { } invitation)
        {
            return link.Unusable!;
        }
        if (link.Session is not { } session)
        {
            return new UnauthorizedError("Confirm it is you first: ask for a code and enter it with your date of birth.");
        }
        if (link.Unusable is { } unusable)
        {
            return unusable;
        }
        if (request.SlotId is not { } slotId)
        {
            return ValidationError.For("slotId", "Choose a time.");
        }
        var target = await TargetAsync(SlotsInScope(invitation), slotId, cancellationToken);
        if (target is null)
        {
            return ValidationError.For("slotId", "This time is not offered with your invitation. Choose one from the list.");
        }
        if (target.Slot.StartsAt <= now)
        {
            return new SlotFull(await AlternativesAsync(invitation, now, cancellationToken));
        }

        var person = await db.People.AsNoTracking().SingleAsync(p => p.Id == invitation.PersonId, cancellationToken);
        return await PlaceAsync(Actor.Resident, person, target, invitation.DoseNumber, new Provenance(invitation, session.VerifiedContact, null, null),
            ResidentScope(invitation), idempotencyKey, () => AlternativesAsync(invitation, now, cancellationToken), cancellationToken);
    }

    /// <summary>Where a booking came from: an invitation and the channel its code went to, or a staff member and why.</summary>
    private sealed record Provenance(Invitation? Invitation, string? VerifiedContact, Guid? StaffId, string? Reason, string? Partner = null, Guid? BatchId = null)
    {
        public Appointment Create(Guid personId, Slot slot, int dose, DateTime now, Guid? previous = null) =>
            Invitation is not null
                ? Appointment.ByInvitation(personId, slot, dose, Invitation.Id, VerifiedContact!, now, previous)
                : Partner is not null
                    ? Appointment.Imported(personId, slot, dose, StaffId!.Value, Partner, BatchId!.Value, now, previous)
                    : Appointment.ByStaff(personId, slot, dose, StaffId!.Value, Reason!, now, previous);
    }

    /// <summary>
    /// A call-centre agent (or admin) books for a named person who cannot use the web, saying why.
    /// Same transaction and guarantees as a resident's booking; the appointment names the agent.
    /// </summary>
    public async Task<Result<BookedResponse>> BookForPersonAsync(Actor staff, Guid personId, StaffBookRequest request, string? idempotencyKey, CancellationToken cancellationToken)
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
        var target = await TargetAsync(AllSlots(), request.SlotId!.Value, cancellationToken);
        if (target is null || target.Slot.StartsAt <= now)
        {
            return ValidationError.For("slotId", "Choose a future time from the clinic day.");
        }
        var key = string.IsNullOrWhiteSpace(idempotencyKey) ? Guid.NewGuid().ToString() : idempotencyKey;
        if (key.Length > 100)
        {
            return ValidationError.For("idempotencyKey", "The Idempotency-Key header can be at most 100 characters.");
        }
        var scope = "staff-book:" + person.Id.ToString("N");
        if (await StoredAsync(scope, key, cancellationToken) is { } earlier)
        {
            return earlier;
        }
        var staffId = Guid.Parse(staff.Id);
        return await PlaceAsync(staff, person, target, 1, new Provenance(null, null, staffId, reason), scope, key,
            async () => await DayAlternativesAsync(target.Slot.ClinicDayId, now, cancellationToken), cancellationToken);
    }

    private IQueryable<BookableSlot> AllSlots() =>
        from s in db.Slots.AsNoTracking()
        join d in db.ClinicDays.AsNoTracking() on s.ClinicDayId equals d.Id
        join c in db.Clinics.AsNoTracking() on d.ClinicId equals c.Id
        select new BookableSlot { Slot = s, Day = d, Clinic = c };

    private async Task<IReadOnlyList<OpenSlot>> DayAlternativesAsync(Guid clinicDayId, DateTime now, CancellationToken cancellationToken) =>
        await OpenSlots.Of(AllSlots().Where(x => x.Slot.ClinicDayId == clinicDayId), now).Take(5).ToListAsync(cancellationToken);

    /// <summary>The booking transaction shared by residents and staff (see the class summary).</summary>
    private async Task<Result<BookedResponse>> PlaceAsync(Actor actor, Person person, Target slotWithDay, int dose, Provenance provenance, string scope, string idempotencyKey,
        Func<Task<IReadOnlyList<OpenSlot>>> alternatives, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (await EarmarkRefusalAsync(person, slotWithDay.Day, cancellationToken) is { } refused)
        {
            return refused;
        }

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

            var seated = await SeatAsync(actor, person, slotWithDay, dose, provenance, now,
                response => db.IdempotencyRecords.Add(new IdempotencyRecord(scope, idempotencyKey, StatusCodes.Status201Created, JsonSerializer.Serialize(response, Json), now)),
                cancellationToken);
            if (!seated.Succeeded)
            {
                await transaction.RollbackAsync(cancellationToken);
                db.ChangeTracker.Clear();
                return seated.Error is SlotFull ? new SlotFull(await alternatives()) : seated.Error!;
            }
            await transaction.CommitAsync(cancellationToken);
            if (provenance.Invitation is { Kind: InvitationKind.Standby })
            {
                await services.GetRequiredService<Backfill.StandbyOffers>().CloseIfFullAsync(slotWithDay.Slot.ClinicDayId, CancellationToken.None);
            }
            return seated.Value!;
        }
        catch (DbUpdateException)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            return await ReplayOrAsync(scope, idempotencyKey, new ConflictError("This person already has an appointment for this dose."), CancellationToken.None);
        }
    }

    private async Task<Error?> EarmarkRefusalAsync(Person person, ClinicDay day, CancellationToken cancellationToken) =>
        day.EarmarkId is { } earmarkId
        && await db.Earmarks.AsNoTracking().SingleOrDefaultAsync(e => e.Id == earmarkId, cancellationToken) is { } earmark
        && !earmark.Admits(person.GroupCode, person.ZipCode)
            ? new ConflictError($"This clinic day's doses are set aside for {earmark.Label}, and this person is not among them. Choose another day.")
            : null;

    /// <summary>
    /// A booking brought in from a partner system (Features/Integrity), inside the caller's
    /// transaction: the same earmark, dose-2 and seat rules as any booking. A full slot is a
    /// <see cref="SlotFull"/> without alternatives; on any error the caller rolls back what this wrote.
    /// </summary>
    public async Task<Result<BookedResponse>> PlaceImportedAsync(Actor staff, Person person, Guid slotId, string partner, Guid batchId, CancellationToken cancellationToken)
    {
        var target = await TargetAsync(AllSlots(), slotId, cancellationToken);
        if (target is null)
        {
            return ValidationError.For("startsAt", "There is no slot at this time on the clinic day.");
        }
        if (await EarmarkRefusalAsync(person, target.Day, cancellationToken) is { } refused)
        {
            return refused;
        }
        var staffId = Guid.Parse(staff.Id);
        return await SeatAsync(staff, person, target, 1, new Provenance(null, null, staffId, $"import from {partner}", partner, batchId),
            clock.GetUtcNow().UtcDateTime, null, cancellationToken);
    }

    /// <summary>
    /// The part of a booking every channel shares, in the caller's transaction: the appointment, dose 2
    /// booked or held, the person's status, the audit entry and the confirmation, saved; the seat last,
    /// with the conditional update that cannot exceed capacity. On an error nothing is undone here.
    /// </summary>
    private async Task<Result<BookedResponse>> SeatAsync(Actor actor, Person person, Target slotWithDay, int dose, Provenance provenance, DateTime now,
        Action<BookedResponse>? beforeSave, CancellationToken cancellationToken)
    {
        var (target, day, clinic, product) = slotWithDay;
        var appointment = provenance.Create(person.Id, target, dose, now);
        db.Appointments.Add(appointment);
        var second = dose == 1 && product.DosesInSeries >= 2 && product.DaysToNextDose is { } interval
            ? await BookSecondDoseAsync(actor, person.Id, provenance, appointment, target, day, clinic, product, interval, now, cancellationToken)
            : null;
        if (second is { ConfirmationCode: null, ReservedFrom: null })
        {
            return new NoSecondDose(clinic.Name);
        }
        await db.People.Where(p => p.Id == person.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, PersonStatus.Booked), cancellationToken);

        var response = new BookedResponse(appointment.ConfirmationCode, target.StartsAt, target.EndsAt,
            new ClinicInfo(clinic.Name, clinic.Address, clinic.TimeZoneId), product.Name, second, appointment.SiteCode);
        audit.Record(actor, "appointment.booked", "Appointment", appointment.Id.ToString(), new
        {
            person = person.Id,
            slot = target.Id,
            dose,
            invitation = provenance.Invitation?.Id,
            verifiedBy = provenance.VerifiedContact,
            staff = provenance.StaffId,
            reason = provenance.Reason,
            partner = provenance.Partner,
            batch = provenance.BatchId,
            secondDose = second?.ConfirmationCode is not null ? "booked" : second?.ReservedFrom is not null ? "reserved" : null,
        });
        notifier.Queue(person.Email is not null ? NotificationChannel.Email : NotificationChannel.Sms, person.Email ?? person.Phone!, person.Language,
            NotificationTemplates.Booked, ConfirmationValues(person, appointment, target, clinic, second));
        beforeSave?.Invoke(response);
        await db.SaveChangesAsync(cancellationToken);

        // The seat last: the slot's row is the one every booker of this time wants, so it stays
        // locked (PostgreSQL) only for this update and the commit, not for the whole booking.
        var seat = await db.Slots.Where(s => s.Id == target.Id && s.Booked < s.Capacity)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Booked, x => x.Booked + 1), cancellationToken);
        return seat == 1 ? response : new SlotFull([]);
    }

    private async Task<Result<BookedResponse>> ReplayOrAsync(string scope, string key, Error otherwise, CancellationToken cancellationToken) =>
        await StoredAsync(scope, key, cancellationToken) is { } stored ? stored : otherwise;

    private async Task<BookedResponse?> StoredAsync(string scope, string key, CancellationToken cancellationToken) =>
        await db.IdempotencyRecords.AsNoTracking().Where(r => r.Scope == scope && r.Key == key).Select(r => r.ResponseBody).SingleOrDefaultAsync(cancellationToken) is { } body
            ? JsonSerializer.Deserialize<BookedResponse>(body, Json)
            : null;

    private async Task<IReadOnlyList<OpenSlot>> AlternativesAsync(Invitation invitation, DateTime now, CancellationToken cancellationToken) =>
        await OpenSlots.Of(SlotsInScope(invitation), now).Take(5).ToListAsync(cancellationToken);

    /// <summary>
    /// Dose 2 at the same clinic after the product's interval (up to a week later), in the free slot
    /// closest to dose 1's time of day; when there is none, a reservation that puts the person first
    /// in line for the next suitable day.
    /// </summary>
    private async Task<SecondDoseInfo> BookSecondDoseAsync(Actor actor, Guid personId, Provenance provenance, Appointment first, Slot firstSlot, ClinicDay day, Clinic clinic,
        VaccineProduct product, int interval, DateTime now, CancellationToken cancellationToken)
    {
        var earliest = day.Date.AddDays(interval);
        var latest = earliest.AddDays(7);
        var clock = clinic.Clock;
        var firstTime = clock.Local(firstSlot.StartsAt).TimeOfDay.ToTimeOnly();
        var candidates = await (from s in db.Slots.AsNoTracking()
                                join d in db.ClinicDays.AsNoTracking() on s.ClinicDayId equals d.Id
                                where d.ClinicId == clinic.Id && d.ProductCvx == product.CvxCode && d.Date >= earliest && d.Date <= latest && s.Booked < s.Capacity
                                select new { Slot = s, d.Date }).ToListAsync(cancellationToken);
        foreach (var candidate in candidates
                     .OrderBy(c => c.Date)
                     .ThenBy(c => MinutesApart(clock.Local(c.Slot.StartsAt).TimeOfDay.ToTimeOnly(), firstTime)))
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
        // No dose-2 seat yet: hold a dose for it from the clinic's stock, or do not book dose 1 here.
        if (!await services.GetRequiredService<SupplyLedger>().HoldSecondDoseAsync(clinic.Id, product.CvxCode, first.Id, actor, cancellationToken))
        {
            return new SecondDoseInfo(null, null, null);
        }
        db.SecondDoseReservations.Add(new SecondDoseReservation(personId, first.Id, product.CvxCode, earliest, earliest.AddDays(42), now, clinic.Id));
        return new SecondDoseInfo(null, null, earliest);
    }

    private static double MinutesApart(TimeOnly a, TimeOnly b) => Math.Abs((a.ToTimeSpan() - b.ToTimeSpan()).TotalMinutes);

    /// <summary>The confirmation message, written in the person's language when it is queued.</summary>
    private Func<IWords, RenderedMessage> ConfirmationValues(Person person, Appointment appointment, Slot slot, Clinic clinic, SecondDoseInfo? second)
    {
        var clock = clinic.Clock;
        var baseUrl = (configuration["PublicBaseUrl"] ?? "http://localhost:5080").TrimEnd('/');
        return w =>
        {
            var secondText = second switch
            {
                { StartsAt: { } at, ConfirmationCode: { } code } => w.SecondDoseBookedLine(Formats.DayAndTime(clock.Local(at), w.Lang), code),
                { ReservedFrom: { } from } => w.SecondDoseReservedLine(from),
                _ => "",
            };
            return w.BookedMessage(person.FirstName, Formats.DayAndTime(clock.Local(slot.StartsAt), w.Lang), clinic.Name, clinic.Address,
                appointment.ConfirmationCode, secondText, $"{baseUrl}/appointments/{appointment.ConfirmationCode}", appointment.SiteCode);
        };
    }
}
