using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Notifications;
using FairShot.Features.Registration;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Status;

public sealed record StatusCodeRequest(string? Contact);

public sealed record StatusRequest(string? Contact, string? Code);

public sealed record StatusAnswer(IReadOnlyList<StatusResponse> People);

/// <summary>
/// "Where do I stand?" without an account: a one-time code goes to the contact if it is on file,
/// and the code then opens that contact's registrations. The first step answers the same whether
/// or not the contact exists; codes follow the one-time-code rules (10 minutes, once, 5 tries,
/// at most <see cref="DailySendCap"/> a day per contact), counted in the database.
/// </summary>
public sealed class StatusLookup(FairShotDb db, Notifier notifier, RegistrationService registrations, TimeProvider clock)
{
    public const int DailySendCap = 10;

    public static string? NormalizeContact(string? contact) =>
        contact is null ? null
        : contact.Contains('@', StringComparison.Ordinal) ? RegistrationInput.NormalizeEmail(contact)
        : RegistrationInput.NormalizePhone(contact);

    public async Task<Result<bool>> SendCodeAsync(StatusCodeRequest request, CancellationToken cancellationToken)
    {
        var contact = NormalizeContact(request.Contact);
        if (contact is null)
        {
            return ValidationError.For("contact", "Enter the e-mail address or mobile phone number you registered with.");
        }
        var person = await db.People.AsNoTracking()
            .Where(p => p.Email == contact || p.Phone == contact).OrderBy(p => p.RegisteredAt).FirstOrDefaultAsync(cancellationToken);
        if (person is null)
        {
            return true; // same answer as when it exists
        }

        var subject = OneTimeCode.HashSubject(contact);
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now.AddDays(-1);
        if (await db.OneTimeCodes.CountAsync(c => c.Purpose == CodePurpose.StatusLookup && c.Subject == subject && c.CreatedAt > since, cancellationToken) >= DailySendCap)
        {
            return true; // capped: nothing sent, nothing revealed
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.OneTimeCodes.Where(c => c.Purpose == CodePurpose.StatusLookup && c.Subject == subject && c.UsedAt == null && c.ReplacedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ReplacedAt, now), cancellationToken);
        var code = OneTimeCode.NewCode();
        db.OneTimeCodes.Add(new OneTimeCode(CodePurpose.StatusLookup, subject, OneTimeCode.Hash(CodePurpose.StatusLookup, subject, code), now));
        notifier.Queue(contact.StartsWith('+') ? NotificationChannel.Sms : NotificationChannel.Email, contact, person.Language,
            NotificationTemplates.StatusCode, w => w.StatusCodeMessage(code, 10));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<Result<StatusAnswer>> LookUpAsync(StatusRequest request, CancellationToken cancellationToken)
    {
        var contact = NormalizeContact(request.Contact);
        var errors = new ValidationErrors();
        if (contact is null)
        {
            errors.Add("contact", "Enter the e-mail address or mobile phone number you registered with.");
        }
        if (request.Code is not { Length: 6 } || !request.Code.All(char.IsAsciiDigit))
        {
            errors.Add("code", "Enter the 6-digit code we sent you.");
        }
        if (errors.Any)
        {
            return errors.ToError();
        }
        var subject = OneTimeCode.HashSubject(contact!);
        if (!await RedeemAsync(db, clock, CodePurpose.StatusLookup, subject, request.Code!, cancellationToken))
        {
            return ValidationError.For("code", "That code is not right, has expired or was already used. Ask for a new code.");
        }
        var people = await db.People.AsNoTracking().Where(p => p.Email == contact || p.Phone == contact).OrderBy(p => p.RegisteredAt).ToListAsync(cancellationToken);
        var answers = new List<StatusResponse>();
        foreach (var person in people)
        {
            var described = await registrations.DescribeAsync(person, cancellationToken);
            answers.Add(new StatusResponse(person.FirstName, described.Status, described.PriorityGroup, described.Phase,
                await registrations.PeopleAheadAsync(person, cancellationToken), person.RegisteredAt));
        }
        return new StatusAnswer(answers);
    }

    /// <summary>
    /// Spends one try of the current code, then uses it if it matches. Both steps are conditional
    /// updates, so parallel guesses share the five tries and a code is used once.
    /// </summary>
    public static async Task<bool> RedeemAsync(FairShotDb db, TimeProvider clock, CodePurpose purpose, string subject, string code, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var current = await db.OneTimeCodes.AsNoTracking()
            .Where(c => c.Purpose == purpose && c.Subject == subject && c.UsedAt == null && c.ReplacedAt == null && c.ExpiresAt > now)
            .OrderByDescending(c => c.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        if (current is null)
        {
            return false;
        }
        var tried = await db.OneTimeCodes.Where(c => c.Id == current.Id && c.Attempts < OneTimeCode.MaxAttempts && c.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Attempts, c => c.Attempts + 1), cancellationToken);
        if (tried != 1 || current.CodeHash != OneTimeCode.Hash(purpose, subject, code))
        {
            return false;
        }
        return await db.OneTimeCodes.Where(c => c.Id == current.Id && c.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedAt, now), cancellationToken) == 1;
    }
}
