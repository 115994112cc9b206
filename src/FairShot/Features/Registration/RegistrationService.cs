using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Audit;
using FairShot.Features.Eligibility;
using FairShot.Features.Notifications;
using FairShot.Features.Shared.Languages;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Registration;

public sealed record NamedCode(string Code, string Name);

public sealed record PhaseInfo(string Code, string Name, bool Open);

public sealed record RegistrationResponse(Guid Id, string Status, NamedCode PriorityGroup, PhaseInfo Phase);

/// <summary>What the status look-up tells a person about themselves, and nothing about anyone else.</summary>
public sealed record StatusResponse(string FirstName, string Status, NamedCode PriorityGroup, PhaseInfo Phase, int PeopleAhead, DateTime RegisteredAt);

/// <summary>
/// Getting into line. A second registration of the same person (same normalised name and date of
/// birth, or same contact and date of birth) creates nothing and reveals nothing: the answer looks
/// like success to the caller, and the contact on file is told they are already registered.
/// The database's unique indexes are what actually forbid the duplicate.
/// </summary>
public sealed class RegistrationService(FairShotDb db, EligibilityRules rules, AuditTrail audit, Notifier notifier, TimeProvider clock)
{
    public async Task<Result<RegistrationResponse>> RegisterAsync(Actor actor, RegisterRequest request, RegistrationSource source, CancellationToken cancellationToken)
    {
        var today = await rules.TodayAsync(cancellationToken);
        var validated = RegistrationInput.Validate(request, today);
        if (!validated.Succeeded)
        {
            return validated.Error!;
        }
        var details = validated.Value!;
        var limit = await db.CountySettings.Select(c => (int?)c.HouseholdRegistrationLimit).FirstOrDefaultAsync(cancellationToken) ?? 6;

        var existing = await FindDuplicateAsync(details, null, cancellationToken);
        if (existing is not null)
        {
            return await AnswerDuplicateAsync(actor, existing, cancellationToken);
        }
        if (await HouseholdSizeAsync(details, null, cancellationToken) >= limit)
        {
            return ValidationError.For(details.Email is not null ? "email" : "phone", Words.For(details.Language).HouseholdFull(limit));
        }

        var standby = (request.StandbyClinicIds ?? []).Distinct().ToList();
        if (standby.Count > 20 || (standby.Count > 0 && await db.Clinics.CountAsync(c => standby.Contains(c.Id), cancellationToken) != standby.Count))
        {
            return ValidationError.For("standbyClinicIds", Words.For(details.Language).StandbyClinicsInvalid);
        }
        var person = Person.Register(details, clock.GetUtcNow().UtcDateTime, source, actor.Kind == ActorKind.Staff ? Guid.Parse(actor.Id) : null);
        person.SetStandby(standby, clock.GetUtcNow().UtcDateTime);
        await rules.AssignAsync(person, today, cancellationToken);
        db.People.Add(person);
        audit.Record(actor, "registration.created", "Person", person.Id.ToString(), new
        {
            source = source.ToString(),
            group = person.GroupCode,
            phase = person.PhaseCode,
            person.ZipCode,
            person.Occupation,
            person.Setting,
            contact = details.Email is not null ? "email" : "phone",
        });
        var group = await db.PriorityGroups.Where(g => g.Code == person.GroupCode).Select(g => new { g.Name, g.NameEs }).SingleAsync(cancellationToken);
        QueueToContact(person, NotificationTemplates.Registered, w => w.RegisteredMessage(person.FirstName, w.Pick(group.Name, group.NameEs)));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two identical registrations raced; the unique index let one through.
            db.ChangeTracker.Clear();
            var winner = await FindDuplicateAsync(details, null, CancellationToken.None);
            if (winner is null)
            {
                throw;
            }
            return await AnswerDuplicateAsync(actor, winner, cancellationToken);
        }
        return await DescribeAsync(person, cancellationToken);
    }

    /// <summary>Staff correct a registration: same validation, same duplicate rules, place in line kept, audited.</summary>
    public async Task<Result<RegistrationResponse>> CorrectAsync(Actor actor, Guid personId, RegisterRequest request, CancellationToken cancellationToken)
    {
        var person = await db.People.SingleOrDefaultAsync(p => p.Id == personId, cancellationToken);
        if (person is null)
        {
            return new NotFoundError("There is no registration with this id.");
        }
        var today = await rules.TodayAsync(cancellationToken);
        var validated = RegistrationInput.Validate(request, today);
        if (!validated.Succeeded)
        {
            return validated.Error!;
        }
        var details = validated.Value!;
        if (await FindDuplicateAsync(details, person.Id, cancellationToken) is not null)
        {
            return new ConflictError("Another registration has the same name and date of birth, or the same contact and date of birth.");
        }
        var before = Snapshot(person);
        person.Correct(details);
        if (person.Status == PersonStatus.Waiting)
        {
            await rules.AssignAsync(person, today, cancellationToken);
        }
        audit.Record(actor, "registration.corrected", "Person", person.Id.ToString(), new { before, after = Snapshot(person) });
        await db.SaveChangesAsync(cancellationToken);
        return await DescribeAsync(person, cancellationToken);
    }

    public async Task<RegistrationResponse> DescribeAsync(Person person, CancellationToken cancellationToken)
    {
        var group = await db.PriorityGroups.AsNoTracking().SingleAsync(g => g.Code == person.GroupCode, cancellationToken);
        var phase = await db.Phases.AsNoTracking().SingleAsync(p => p.Code == person.PhaseCode, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var invited = person.Status == PersonStatus.Waiting &&
            await db.Invitations.AnyAsync(i => i.PersonId == person.Id && i.State == InvitationState.Outstanding && i.ExpiresAt > now, cancellationToken);
        var words = Words.For(person.Language);
        return new RegistrationResponse(person.Id, invited ? "invited" : StatusName(person.Status), new NamedCode(group.Code, words.Pick(group.Name, group.NameEs)),
            new PhaseInfo(phase.Code, words.Pick(phase.Name, phase.NameEs), phase.IsOpen));
    }

    /// <summary>People waiting ahead of this one in line order.</summary>
    public async Task<int> PeopleAheadAsync(Person person, CancellationToken cancellationToken) =>
        await db.People.CountAsync(p => p.Status == PersonStatus.Waiting &&
            (p.PhaseRank < person.PhaseRank ||
             (p.PhaseRank == person.PhaseRank && p.GroupRank < person.GroupRank) ||
             (p.PhaseRank == person.PhaseRank && p.GroupRank == person.GroupRank && p.RegisteredAt < person.RegisteredAt) ||
             (p.PhaseRank == person.PhaseRank && p.GroupRank == person.GroupRank && p.RegisteredAt == person.RegisteredAt && p.TieBreaker < person.TieBreaker)),
            cancellationToken);

    public static string StatusName(PersonStatus status) => status switch
    {
        PersonStatus.Waiting => "waiting",
        PersonStatus.Booked => "booked",
        PersonStatus.Vaccinated => "vaccinated",
        PersonStatus.Withdrawn => "withdrawn",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    internal async Task<Person?> FindDuplicateAsync(Person.Details d, Guid? except, CancellationToken cancellationToken)
    {
        var name = Person.NormalizeName(d.FirstName, d.LastName);
        return await db.People.FirstOrDefaultAsync(p => p.Id != except && p.DateOfBirth == d.DateOfBirth &&
            (p.NormalizedName == name || (d.Email != null && p.Email == d.Email) || (d.Phone != null && p.Phone == d.Phone)), cancellationToken);
    }

    private Task<int> HouseholdSizeAsync(Person.Details d, Guid? except, CancellationToken cancellationToken) =>
        db.People.CountAsync(p => p.Id != except && ((d.Email != null && p.Email == d.Email) || (d.Phone != null && p.Phone == d.Phone)), cancellationToken);

    private async Task<Result<RegistrationResponse>> AnswerDuplicateAsync(Actor actor, Person existing, CancellationToken cancellationToken)
    {
        // Tell the person on file, not the caller: the caller may not be them.
        QueueToContact(existing, NotificationTemplates.AlreadyRegistered, w => w.AlreadyRegisteredMessage(existing.FirstName));
        audit.Record(actor, "registration.duplicate-refused", "Person", existing.Id.ToString(), new { });
        await db.SaveChangesAsync(cancellationToken);
        return new DuplicateRegistration();
    }

    private void QueueToContact(Person person, string template, Func<IWords, RenderedMessage> message)
    {
        if (person.Email is not null)
        {
            notifier.Queue(NotificationChannel.Email, person.Email, person.Language, template, message);
        }
        else if (person.Phone is not null)
        {
            notifier.Queue(NotificationChannel.Sms, person.Phone, person.Language, template, message);
        }
    }

    private static object Snapshot(Person p) => new
    {
        p.FirstName,
        p.LastName,
        p.ZipCode,
        p.Occupation,
        p.Setting,
        p.Conditions,
        p.Language,
        p.GroupCode,
        email = p.Email is null ? null : "set",
        phone = p.Phone is null ? null : "set",
    };
}

/// <summary>
/// A registration that matched an existing one. It is answered like a success with no details
/// (202 "check your messages"), so the response does not reveal who is registered.
/// </summary>
public sealed record DuplicateRegistration() : ConflictError("If you are already registered, we have sent a message to the contact on file.");
