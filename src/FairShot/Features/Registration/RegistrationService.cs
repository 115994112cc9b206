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
/// Getting into line. A resident's sign-up gets one answer whether it put a new person in line,
/// matched someone already registered (same normalised name and date of birth, or same contact and
/// date of birth) or met a full household: the same status, shape and words, built from the
/// answers given (<see cref="RegisterResidentAsync"/>). What differs is told only to the contact on
/// file, at most one notice a day per contact. Staff registering someone by phone are told about
/// duplicates (<see cref="RegisterAsync"/>). The database's unique indexes are what actually forbid
/// the duplicate; the per-contact row (<see cref="RegistrationNotice"/>) is what makes the caps and
/// the household limit hold across instances.
/// </summary>
public sealed class RegistrationService(FairShotDb db, EligibilityRules rules, AuditTrail audit, Notifier notifier, TimeProvider clock, IConfiguration configuration)
{
    /// <summary>Sign-ups a day that may name one e-mail or phone before residents get 429 (staff are not limited).</summary>
    public const string PerContactPerDayKey = "RateLimits:RegistrationsPerContactPerDay";
    public const int DefaultPerContactPerDay = 20;

    /// <summary>The day <see cref="PerContactPerDayKey"/> counts over.</summary>
    public static readonly TimeSpan AttemptWindow = TimeSpan.FromDays(1);

    /// <summary>How often one contact may be sent a notice about a sign-up that created nothing.</summary>
    public static readonly TimeSpan NoticeInterval = TimeSpan.FromDays(1);

    private enum Outcome
    {
        Created,
        Duplicate,
        HouseholdFull,
    }

    /// <summary>What a sign-up did: <paramref name="Person"/> is the new registration, or, when nothing was created, the answers as a person who is stored nowhere.</summary>
    private sealed record Applied(Outcome Kind, Person Person, int HouseholdLimit);

    /// <summary>A staff member (or the demo seed) registers someone: a duplicate or a full household is told to them.</summary>
    public async Task<Result<RegistrationResponse>> RegisterAsync(Actor actor, RegisterRequest request, RegistrationSource source, CancellationToken cancellationToken)
    {
        var applied = await ApplyAsync(actor, request, source, resident: false, cancellationToken);
        if (!applied.Succeeded)
        {
            return applied.Error!;
        }
        var (kind, person, limit) = applied.Value!;
        return kind switch
        {
            Outcome.Created => await DescribeAsync(person, cancellationToken),
            Outcome.Duplicate => new DuplicateRegistration(),
            Outcome.HouseholdFull => ValidationError.For(person.Email is not null ? "email" : "phone", Words.For(person.Language).HouseholdFull(limit)),
            _ => throw new ArgumentOutOfRangeException(nameof(request)),
        };
    }

    /// <summary>
    /// A resident signs up: the one answer, the same for a new person, a duplicate and a full
    /// household. Its id is the new registration's, or for the other two a fresh one that names
    /// nothing (no resident endpoint takes it); group and phase are those the answers qualify for.
    /// Fails only for input (400) or when this contact was named by too many sign-ups today (429),
    /// neither of which depends on who is registered.
    /// </summary>
    public async Task<Result<RegistrationResponse>> RegisterResidentAsync(RegisterRequest request, CancellationToken cancellationToken)
    {
        var applied = await ApplyAsync(Actor.Resident, request, RegistrationSource.Self, resident: true, cancellationToken);
        return applied.Succeeded ? Receipt(applied.Value!.Person, await rules.LoadAsync(cancellationToken)) : applied.Error!;
    }

    private async Task<Result<Applied>> ApplyAsync(Actor actor, RegisterRequest request, RegistrationSource source, bool resident, CancellationToken cancellationToken)
    {
        var today = await rules.TodayAsync(cancellationToken);
        var validated = RegistrationInput.Validate(request, today);
        if (!validated.Succeeded)
        {
            return validated.Error!;
        }
        var details = validated.Value!;
        var words = Words.For(details.Language);
        var standby = (request.StandbyClinicIds ?? []).Distinct().ToList();
        if (standby.Count > 20 || (standby.Count > 0 && await db.Clinics.CountAsync(c => standby.Contains(c.Id), cancellationToken) != standby.Count))
        {
            return ValidationError.For("standbyClinicIds", words.StandbyClinicsInvalid);
        }
        var limit = await db.CountySettings.Select(c => (int?)c.HouseholdRegistrationLimit).FirstOrDefaultAsync(cancellationToken) ?? 6;
        var perContact = configuration.GetValue(PerContactPerDayKey, DefaultPerContactPerDay);

        for (var round = 1; ; round++)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var person = Person.Register(details, now, source, actor.Kind == ActorKind.Staff ? Guid.Parse(actor.Id) : null);
            person.SetStandby(standby, now);
            await rules.AssignAsync(person, today, cancellationToken);

            Person? existing;
            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                // First the contacts' rows, in one order: sign-ups naming a contact take turns from here
                // on, so the household count and the daily cap see what the ones before committed.
                var attempts = await CountAttemptAsync(details, now, cancellationToken);
                if (resident && attempts > perContact)
                {
                    await transaction.CommitAsync(cancellationToken);
                    return new TooManyRequestsError(words.TooManySignUps);
                }
                existing = await FindDuplicateAsync(details, null, cancellationToken);
                if (existing is null && await HouseholdSizeAsync(details, null, cancellationToken) >= limit)
                {
                    await transaction.CommitAsync(cancellationToken);
                    if (resident)
                    {
                        // The contact on file is the one six people share: tell it, not whoever is typing.
                        await NoticeAsync(actor, "registration.household-full-refused", "Contact", "household", person, NotificationTemplates.HouseholdFull,
                            w => w.HouseholdFullMessage(limit), cancellationToken);
                    }
                    return new Applied(Outcome.HouseholdFull, person, limit);
                }
                if (existing is null)
                {
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
                        await transaction.CommitAsync(cancellationToken);
                        return new Applied(Outcome.Created, person, limit);
                    }
                    catch (DbUpdateException) when (round == 1)
                    {
                        // Two registrations of one person under different contacts raced; the unique
                        // index let one through. Start again: this time the duplicate is found.
                        await transaction.RollbackAsync(CancellationToken.None);
                        db.ChangeTracker.Clear();
                        continue;
                    }
                }
                await transaction.CommitAsync(cancellationToken);
            }
            // Tell the person on file, not the caller: the caller may not be them.
            var onFile = existing;
            await NoticeAsync(actor, "registration.duplicate-refused", "Person", onFile.Id.ToString(), onFile, NotificationTemplates.AlreadyRegistered,
                w => w.AlreadyRegisteredMessage(onFile.FirstName), cancellationToken);
            return new Applied(Outcome.Duplicate, person, limit);
        }
    }

    /// <summary>The one answer to a resident's sign-up, from the answers alone (see <see cref="RegisterResidentAsync"/>).</summary>
    private static RegistrationResponse Receipt(Person person, (IReadOnlyList<EligibilityPhase> Phases, IReadOnlyList<PriorityGroup> Groups) rules)
    {
        var words = Words.For(person.Language);
        var group = rules.Groups.Single(g => g.Code == person.GroupCode);
        var phase = rules.Phases.Single(p => p.Code == person.PhaseCode);
        return new RegistrationResponse(person.Id, StatusName(PersonStatus.Waiting), new NamedCode(group.Code, words.Pick(group.Name, group.NameEs)),
            new PhaseInfo(phase.Code, words.Pick(phase.Name, phase.NameEs), phase.IsOpen));
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

    /// <summary>
    /// Counts this sign-up against each contact it names, taking the contacts' rows (e-mail and
    /// phone in one order, so two sign-ups never wait for each other's second). Returns the highest
    /// count in the current day. Must run first in the transaction: on SQLite the write takes the
    /// database's write lock before anything is read.
    /// </summary>
    private async Task<int> CountAttemptAsync(Person.Details d, DateTime now, CancellationToken cancellationToken)
    {
        var since = now - AttemptWindow;
        var subjects = new[] { d.Email, d.Phone }.OfType<string>().Select(OneTimeCode.HashSubject).Distinct().Order(StringComparer.Ordinal).ToList();
        foreach (var subject in subjects)
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "RegistrationNotices" ("Subject", "WindowStartedAt", "Attempts", "NoticeSentAt") VALUES ({subject}, {now}, 1, NULL)
                ON CONFLICT ("Subject") DO UPDATE SET
                    "Attempts" = CASE WHEN "RegistrationNotices"."WindowStartedAt" <= {since} THEN 1 ELSE "RegistrationNotices"."Attempts" + 1 END,
                    "WindowStartedAt" = CASE WHEN "RegistrationNotices"."WindowStartedAt" <= {since} THEN {now} ELSE "RegistrationNotices"."WindowStartedAt" END
                """, cancellationToken);
        }
        return await db.RegistrationNotices.Where(n => subjects.Contains(n.Subject)).MaxAsync(n => n.Attempts, cancellationToken);
    }

    /// <summary>
    /// Tells a contact on file about a sign-up that created nothing, at most once per
    /// <see cref="NoticeInterval"/> per contact (twenty duplicate sign-ups send one notice), and
    /// audits the refusal either way. Its own transaction, holding one contact row only.
    /// </summary>
    private async Task NoticeAsync(Actor actor, string action, string entityType, string entityId, Person recipient, string template, Func<IWords, RenderedMessage> message, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now - NoticeInterval;
        var subject = OneTimeCode.HashSubject((recipient.Email ?? recipient.Phone)!);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var due = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "RegistrationNotices" ("Subject", "WindowStartedAt", "Attempts", "NoticeSentAt") VALUES ({subject}, {now}, 0, {now})
            ON CONFLICT ("Subject") DO UPDATE SET "NoticeSentAt" = excluded."NoticeSentAt"
            WHERE "RegistrationNotices"."NoticeSentAt" IS NULL OR "RegistrationNotices"."NoticeSentAt" <= {since}
            """, cancellationToken) == 1;
        if (due)
        {
            QueueToContact(recipient, template, message);
        }
        audit.Record(actor, action, entityType, entityId, new { notice = due ? "sent" : "already-sent-today" });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
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
/// A registration that matched an existing one, as staff are told it. A resident is never told:
/// their sign-up gets the same answer as a new one (<see cref="RegistrationService.RegisterResidentAsync"/>).
/// </summary>
public sealed record DuplicateRegistration() : ConflictError("If you are already registered, we have sent a message to the contact on file.");
