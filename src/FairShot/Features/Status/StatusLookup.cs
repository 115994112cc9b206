using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Notifications;
using FairShot.Features.OneTimeCodes;
using FairShot.Features.Registration;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Status;

public sealed record StatusCodeRequest(string? Contact);

public sealed record StatusRequest(string? Contact, string? Code);

public sealed record StatusAnswer(IReadOnlyList<StatusResponse> People);

/// <summary>
/// "Where do I stand?" without an account: a one-time code goes to the contact if it is on file,
/// and the code then opens that contact's registrations. The first step answers the same whether
/// or not the contact exists; codes follow the one-time-code rules (10 minutes, once, 5 tries, a live
/// code never replaced, at most one a minute, <see cref="DailySendCap"/> a day per contact), counted
/// in the database.
/// </summary>
public sealed class StatusLookup(FairShotDb db, OneTimeCodeService codes, RegistrationService registrations, TimeProvider clock)
{
    /// <summary>Status codes to one contact in 24 hours (besides the live-code rule every code follows).</summary>
    public const int DailySendCap = 50;

    /// <summary>The gate row both paths of a code request write last (see <see cref="SendCodeAsync"/>); not the issuing gate, which is the code service's.</summary>
    internal const string AnswerGateScope = "status-answer";

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

        // The same work whether or not the contact is on file, so the answer's time says nothing
        // either: a code is issued either way, and for an unknown contact it is kept silent (no
        // message; only its keyed hash is stored). Both paths then leave the same state (a live
        // code, the minute rule), so a repeat asks the same work of both, write the same row (the
        // answer's own gate) and commit. Sent or not (a code still live, the cap), the same answer.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await codes.IssueAsync(new CodeRequest(CodePurpose.StatusLookup, OneTimeCode.HashSubject(contact),
            new CodeMessage(contact.StartsWith('+') ? NotificationChannel.Sms : NotificationChannel.Email, contact, person?.Language, NotificationTemplates.StatusCode, (w, code, minutes) => w.StatusCodeMessage(code, minutes)),
            DailySendCap, Silent: person is null), cancellationToken);
        db.ChangeTracker.Clear();
        var now = clock.GetUtcNow().UtcDateTime;
        var subject = OneTimeCode.HashSubject(contact);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "OneTimeCodeGates" ("Scope", "Subject", "TouchedAt") VALUES ({AnswerGateScope}, {subject}, {now})
            ON CONFLICT ("Scope", "Subject") DO UPDATE SET "TouchedAt" = excluded."TouchedAt"
            """, cancellationToken);
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
        if (!await codes.RedeemAsync(CodePurpose.StatusLookup, subject, request.Code!, cancellationToken))
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
}
