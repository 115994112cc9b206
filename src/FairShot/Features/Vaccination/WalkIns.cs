using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Appointments;
using FairShot.Features.Audit;
using FairShot.Features.Eligibility;
using FairShot.Features.Invitations;
using FairShot.Features.Registration;
using FairShot.Features.Supply;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Vaccination;

/// <summary>A person registered at the door: the registration form's answers (one contact is still needed to reach them later).</summary>
public sealed record WalkInPerson(string? FirstName, string? LastName, string? DateOfBirth, string? ZipCode, string? Email, string? Phone,
    string? Occupation, string? Setting, IReadOnlyList<string>? Conditions, string? Language);

public sealed record WalkInRequest(Guid? ClinicDayId, Guid? PersonId, WalkInPerson? Person);

public sealed record WalkInResponse(Guid AppointmentId, string ConfirmationCode, string SiteCode, Guid PersonId, int DoseNumber, string State);

/// <summary>A walk-in refused, with a reason a client can act on (<c>reason</c> in the 409's body).</summary>
public sealed record WalkInRefused(string Reason, string Detail) : ConflictError(Detail)
{
    public const string NotToday = "notToday";
    public const string NotInOpenPhase = "notInOpenPhase";
    public const string OutsideEarmark = "outsideEarmark";
    public const string AlreadyVaccinated = "alreadyVaccinated";
    public const string AlreadyBooked = "alreadyBooked";
    public const string TooEarly = "tooEarlyForNextDose";
    public const string NoDoseLeft = "noDoseLeft";

    public override IReadOnlyDictionary<string, object?>? Extensions => new Dictionary<string, object?> { ["reason"] = Reason };
}

/// <summary>
/// Registering (or finding) and vaccinating a person at the clinic door, on the clinic day itself.
/// The registration form's validation and the eligibility rules decide: only someone whose answers
/// put them in an open phase (for a first dose) and inside the day's earmark gets a seat; an existing
/// registrant with the same normalised name and date of birth (or contact and date of birth) is used,
/// never duplicated; a refusal writes nothing. The seat, in this order: a free seat in the slot under
/// way; a free seat in a later slot that live standby offers do not hold (standby first: every live
/// standby offer for the day holds one of the free seats that start later, since any of them may
/// still confirm); a free seat of an ended slot (a no-show's), moved to the current slot with its
/// dose; or one more dose allocated to the day under the balance lock, when the clinic has one free
/// and on hand. Never beyond supply. The appointment says walk-in and names the staff member, and
/// is checked in at once. One transaction with its audit entries.
/// </summary>
public sealed class WalkIns(FairShotDb db, EligibilityRules rules, RegistrationService registration, SupplyLedger supply, DayDoses doses, AuditTrail audit,
    TimeProvider clock)
{
    public async Task<Result<WalkInResponse>> RegisterAsync(Actor staff, WalkInRequest request, CancellationToken ct)
    {
        if (request.ClinicDayId is null)
        {
            return ValidationError.For("clinicDayId", "Say which clinic day the person walked in to (clinicDayId).");
        }
        if ((request.PersonId is null) == (request.Person is null))
        {
            return ValidationError.For("personId", "Give either personId (someone registered) or person (the registration answers), not both.");
        }
        var found = await (from d in db.ClinicDays.AsNoTracking()
                           join c in db.Clinics.AsNoTracking() on d.ClinicId equals c.Id
                           where d.Id == request.ClinicDayId
                           select new { Day = d, Clinic = c }).SingleOrDefaultAsync(ct);
        if (found is null)
        {
            return new NotFoundError("There is no clinic day with this id.");
        }
        var (day, clinic) = (found.Day, found.Clinic);
        var nowOffset = clock.GetUtcNow();
        var now = nowOffset.UtcDateTime;
        var today = clinic.Today(nowOffset);
        if (day.Date != today)
        {
            return new WalkInRefused(WalkInRefused.NotToday, $"Walk-ins are taken on the clinic day itself. This day is {day.Date:yyyy-MM-dd}; today at {clinic.Name} is {today:yyyy-MM-dd}.");
        }

        var staffId = Guid.Parse(staff.Id);
        Person person;
        var isNew = false;
        if (request.PersonId is { } personId)
        {
            var existing = await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Id == personId, ct);
            if (existing is null)
            {
                return new NotFoundError("There is no registration with this id.");
            }
            person = existing;
        }
        else
        {
            var p = request.Person!;
            var countyToday = await rules.TodayAsync(ct);
            var validated = RegistrationInput.Validate(new RegisterRequest(p.FirstName, p.LastName, p.DateOfBirth, p.Email, p.Phone, p.ZipCode, p.Occupation, p.Setting,
                p.Conditions, p.Language), countyToday);
            if (!validated.Succeeded)
            {
                return Prefixed((ValidationError)validated.Error!);
            }
            var match = await registration.FindDuplicateAsync(validated.Value!, null, ct);
            if (match is not null)
            {
                person = match;
                db.Entry(match).State = EntityState.Detached;
            }
            else
            {
                person = Person.Register(validated.Value!, now, RegistrationSource.WalkIn, staffId);
                await rules.AssignAsync(person, countyToday, ct);
                isNew = true;
            }
        }

        var product = await db.Products.AsNoTracking().SingleAsync(x => x.CvxCode == day.ProductCvx, ct);
        var earlier = isNew ? [] : await (from a in db.Appointments.AsNoTracking()
                                          join d in db.ClinicDays.AsNoTracking() on a.ClinicDayId equals d.Id
                                          where a.PersonId == person.Id && (a.State == AppointmentState.Booked || a.State == AppointmentState.CheckedIn || a.State == AppointmentState.Administered)
                                          select new { a.Id, a.DoseNumber, a.State, d.Date }).ToListAsync(ct);
        var given = earlier.Where(a => a.State == AppointmentState.Administered).OrderBy(a => a.DoseNumber).ToList();
        var dose = given.Count + 1;
        if (person.Status == PersonStatus.Vaccinated || dose > product.DosesInSeries)
        {
            return new WalkInRefused(WalkInRefused.AlreadyVaccinated, "This person has had every dose of the series already.");
        }
        if (earlier.Any(a => a.DoseNumber == dose && a.State != AppointmentState.Administered))
        {
            return new WalkInRefused(WalkInRefused.AlreadyBooked,
                $"This person already has an appointment for dose {dose}. Check them in with its confirmation code, or move it, instead of a walk-in.");
        }
        if (dose == 1)
        {
            var phase = await db.Phases.AsNoTracking().SingleAsync(x => x.Code == person.PhaseCode, ct);
            if (!phase.IsOpen)
            {
                return new WalkInRefused(WalkInRefused.NotInOpenPhase,
                    $"Their answers put them in {phase.Name}, which is not open yet. Walk-ins are only for people in an open phase; they can register to be invited.");
            }
        }
        else if (given.Count > 0 && DoseOrder.EarliestNext(given[^1].Date, DoseOrder.MinimumDays(product)) > today)
        {
            return new WalkInRefused(WalkInRefused.TooEarly,
                $"Dose {dose} can be given from {DoseOrder.EarliestNext(given[^1].Date, DoseOrder.MinimumDays(product)):yyyy-MM-dd}.");
        }
        if (day.EarmarkId is { } earmarkId && await db.Earmarks.AsNoTracking().SingleOrDefaultAsync(e => e.Id == earmarkId, ct) is { } earmark
            && !earmark.Admits(person.GroupCode, person.ZipCode))
        {
            return new WalkInRefused(WalkInRefused.OutsideEarmark, $"This day's doses are set aside for {earmark.Label}, and this person is not among them.");
        }

        await supply.EnsureBalanceAsync(clinic.Id, day.ProductCvx, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            if (isNew)
            {
                db.People.Add(person);
                audit.Record(staff, "registration.created", "Person", person.Id.ToString(), new
                {
                    source = RegistrationSource.WalkIn.ToString(),
                    group = person.GroupCode,
                    phase = person.PhaseCode,
                    person.ZipCode,
                    person.Occupation,
                    person.Setting,
                    contact = person.Email is not null ? "email" : "phone",
                });
                await db.SaveChangesAsync(ct);
            }
            var seat = await TakeSeatAsync(staff, day, today, now, ct);
            if (seat is null)
            {
                await transaction.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return new WalkInRefused(WalkInRefused.NoDoseLeft, $"No seat and no dose is left for today at {clinic.Name}: every dose on hand is promised to people booked.");
            }
            var slot = await db.Slots.AsNoTracking().SingleAsync(s => s.Id == seat.Value.SlotId, ct);
            var appointment = Appointment.WalkIn(person.Id, slot, dose, staffId, now, given.Count > 0 ? given[^1].Id : null);
            appointment.CheckIn(now, staffId);
            db.Appointments.Add(appointment);
            // Dose 1 of a two-dose product holds a dose for dose 2, as a booking does (a reservation
            // the call centre books from); with none to hold, the walk-in is refused like a booking.
            if (dose == 1 && product.DosesInSeries >= 2 && product.DaysToNextDose is { } interval)
            {
                if (!await supply.HoldSecondDoseAsync(clinic.Id, product.CvxCode, appointment.Id, staff, ct))
                {
                    await transaction.RollbackAsync(ct);
                    db.ChangeTracker.Clear();
                    return new WalkInRefused(WalkInRefused.NoDoseLeft,
                        $"No dose can be held at {clinic.Name} for this person's second dose, so their first cannot be given today: every dose on hand is promised.");
                }
                var earliest = today.AddDays(interval);
                db.SecondDoseReservations.Add(new SecondDoseReservation(person.Id, appointment.Id, product.CvxCode, earliest, earliest.AddDays(42), now, clinic.Id));
            }
            audit.Record(staff, "appointment.walk-in", "Appointment", appointment.Id.ToString(), new
            {
                person = person.Id,
                clinicDay = day.Id,
                slot = slot.Id,
                dose,
                seat = seat.Value.How,
                newRegistration = isNew,
            });
            await db.SaveChangesAsync(ct);
            await db.People.Where(p => p.Id == person.Id && p.Status != PersonStatus.Vaccinated)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, PersonStatus.Booked), ct);
            await transaction.CommitAsync(ct);
            return new WalkInResponse(appointment.Id, appointment.ConfirmationCode, appointment.SiteCode, person.Id, dose, "checkedIn");
        }
        catch (DbUpdateException)
        {
            // One active appointment per person and dose, one registration per name and date of birth:
            // a colleague registered or seated the same person at the same moment.
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            return new WalkInRefused(WalkInRefused.AlreadyBooked, "This person was registered or given an appointment at the same moment by someone else. Look them up and check them in.");
        }
    }

    /// <summary>Seats live standby offers for the day hold: one per outstanding offer.</summary>
    public async Task<int> HeldByStandbyAsync(Guid clinicDayId, DateTime now, CancellationToken ct) =>
        await db.Invitations.CountAsync(i => i.ClinicDayId == clinicDayId && i.Kind == InvitationKind.Standby && i.State == InvitationState.Outstanding && i.ExpiresAt > now, ct);

    /// <summary>The seat, in the order the class summary gives; null when there is none and no dose to add one.</summary>
    private async Task<(Guid SlotId, string How)?> TakeSeatAsync(Actor staff, ClinicDay day, DateOnly today, DateTime now, CancellationToken ct)
    {
        var open = await db.Slots.AsNoTracking().Where(s => s.ClinicDayId == day.Id && s.EndsAt > now).OrderBy(s => s.StartsAt).ToListAsync(ct);
        var current = open.FirstOrDefault()
            ?? await db.Slots.AsNoTracking().Where(s => s.ClinicDayId == day.Id).OrderByDescending(s => s.StartsAt).FirstAsync(ct); // after the last slot: its seats
        if (current.StartsAt <= now && current.EndsAt > now && await TakeAsync(current.Id, ct))
        {
            return (current.Id, "free");
        }
        var later = open.Where(s => s.StartsAt > now).ToList();
        var unheld = later.Sum(s => s.Capacity - s.Booked) - await HeldByStandbyAsync(day.Id, now, ct);
        foreach (var slot in later.Where(s => s.Booked < s.Capacity))
        {
            if (unheld <= 0)
            {
                break;
            }
            if (await TakeAsync(slot.Id, ct))
            {
                return (slot.Id, "free");
            }
        }
        if (await doses.ReclaimEndedSeatsAsync(day.Id, now, 1, ct) == 1)
        {
            await AddSeatAsync(current.Id, ct);
            return (current.Id, "moved-from-ended-slot");
        }
        await supply.LockAsync(day.ClinicId, day.ProductCvx, ct);
        if (!await doses.TryAllocateAsync(day, today, 1, staff, ct))
        {
            return null;
        }
        await AddSeatAsync(current.Id, ct);
        return (current.Id, "added-with-dose");
    }

    private async Task<bool> TakeAsync(Guid slotId, CancellationToken ct) =>
        await db.Slots.Where(s => s.Id == slotId && s.Booked < s.Capacity).ExecuteUpdateAsync(s => s.SetProperty(x => x.Booked, x => x.Booked + 1), ct) == 1;

    private async Task AddSeatAsync(Guid slotId, CancellationToken ct) =>
        await db.Slots.Where(s => s.Id == slotId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Capacity, x => x.Capacity + 1).SetProperty(x => x.Booked, x => x.Booked + 1), ct);

    private static ValidationError Prefixed(ValidationError error) =>
        new(error.Fields.ToDictionary(f => "person." + f.Key, f => f.Value));
}
