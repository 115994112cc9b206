using System.Security.Cryptography;
using System.Text;
using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Audit;
using FairShot.Features.Notifications;
using FairShot.Features.OneTimeCodes;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Invitations;

/// <summary>Where a request came from, reduced to hashes: enough to count devices and networks, nothing to track a person with.</summary>
public sealed record Visitor(string DeviceHash, string NetworkHash)
{
    public static Visitor From(HttpContext http)
    {
        var agent = http.Request.Headers.UserAgent.ToString();
        var device = http.Request.Cookies.TryGetValue("fs-device", out var id) && id.Length <= 64 ? id : agent;
        var ip = http.Connection.RemoteIpAddress;
        // A /24 (IPv4) or /48 (IPv6) is "one network": a household or office, not one phone.
        var network = ip is null ? "unknown"
            : ip.IsIPv4MappedToIPv6 ? Prefix(ip.MapToIPv4().GetAddressBytes(), 3)
            : Prefix(ip.GetAddressBytes(), ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 3 : 6);
        return new Visitor(Hash("device\n" + device), Hash("network\n" + network));
    }

    private static string Prefix(byte[] bytes, int count) => Convert.ToHexString(bytes, 0, Math.Min(count, bytes.Length));

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}

public sealed record CodeSent(string SentTo);

public sealed record SessionIssued(string SessionToken, DateTime ExpiresAt);

/// <summary>Why a verification failed; a page says each in the reader's language, the API answers 401.</summary>
public enum VerifyFailure
{
    /// <summary>The code or the date of birth is wrong (the answer never says which).</summary>
    NotVerified,
    TooManyTries,
    CodeAlreadyUsed,
}

public sealed record VerificationFailed(VerifyFailure Reason) : UnauthorizedError(Reason switch
{
    VerifyFailure.TooManyTries => "This code has had too many wrong tries. Ask for a new code.",
    VerifyFailure.CodeAlreadyUsed => "This code was already used. Ask for a new code.",
    _ => "The code or the date of birth is not right. Check both, or ask for a new code.",
});

/// <summary>
/// Proving that the holder of a link is its invitee. The code goes only to the contact on file
/// (never to one given in the request); verification needs the code and the date of birth, and
/// answers the same whichever was wrong. Tries, failures and the devices and networks that touch
/// the link are counted in the database: the signals staff use to spot a shared link.
/// </summary>
public sealed class InvitationAccess(FairShotDb db, OneTimeCodeService codes, AuditTrail audit, TimeProvider clock, VisitNotes visits)
{
    /// <summary>Invitation codes to one contact (a household may share one) in 24 hours, whatever the invitation.</summary>
    public const int CodesPerContactPerDay = 50;

    public const string CappedToday = "We have sent as many codes as we can today. Use the last code you received, or try again tomorrow.";

    public static Error? Usability(Invitation? invitation, DateTime now) => invitation switch
    {
        null => new NotFoundError("This invitation link is not valid. Check that you copied the whole link."),
        { State: InvitationState.Used } => new GoneError("This invitation has been used to book an appointment. To see or change it, use the link in your confirmation message."),
        { State: InvitationState.Revoked } => new GoneError("This invitation was withdrawn by the health department. You keep your place in line; call the help line if you have questions."),
        _ when !invitation.IsUsableAt(now) => new GoneError("This invitation has expired. You keep your place in line and will get a new invitation when there are seats."),
        _ => null,
    };

    /// <summary>
    /// Notes that a device on a network looked at or tried the link: counts the visit and notes this
    /// device on this network once. The only write a GET of the link makes; within the caller's
    /// transaction when there is one, otherwise grouped with other notes (<see cref="VisitNotes"/>).
    /// </summary>
    public async Task NoteVisitAsync(Invitation invitation, Visitor visitor, CancellationToken cancellationToken)
    {
        var visit = new InvitationVisit(invitation.Id, visitor.DeviceHash, visitor.NetworkHash, clock.GetUtcNow().UtcDateTime);
        if (db.Database.CurrentTransaction is null && visits.Grouped)
        {
            await visits.NoteAsync(visit, cancellationToken);
            return;
        }
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        await db.Database.ExecuteSqlAsync(VisitNotes.Sql(visit), cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Sends a code for an invitation the caller found usable (<see cref="InvitationLink"/>), unless
    /// the last one still works or went too recently (<see cref="OneTimeCodeService"/>): then nothing
    /// is sent or replaced, and the answer (429) says when the last code went and when to ask again.
    /// </summary>
    public async Task<Result<CodeSent>> SendCodeAsync(Invitation invitation, Visitor visitor, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (Usability(invitation, now) is { } unusable)
        {
            return unusable;
        }
        // One transaction, one commit: the visit, the live-code rule and caps, the new code and its message.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await NoteVisitAsync(invitation, visitor, cancellationToken);
        var person = await db.People.AsNoTracking().SingleAsync(p => p.Id == invitation.PersonId, cancellationToken);
        var issued = await codes.IssueAsync(new CodeRequest(CodePurpose.Invitation, invitation.Id.ToString("N"),
            new CodeMessage(person.Email is not null ? NotificationChannel.Email : NotificationChannel.Sms, person.Email ?? person.Phone!, person.Language, NotificationTemplates.InvitationCode, (w, code, minutes) => w.InvitationCodeMessage(code, minutes)),
            CodesPerContactPerDay), cancellationToken);
        await transaction.CommitAsync(cancellationToken); // sent or not, the visit counts (a device asking is a sharing signal)
        var sentTo = Mask(person.Email, person.Phone);
        return issued.Sent ? new CodeSent(sentTo) : CodeNotSent.For(issued, sentTo, CappedToday);
    }

    /// <summary>Code + date of birth for an invitation the caller found (<see cref="InvitationLink"/>): a session, or why not.</summary>
    public async Task<Result<SessionIssued>> VerifyAsync(Invitation invitation, string? code, string? dateOfBirth, Visitor visitor, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (Usability(invitation, now) is { } unusable)
        {
            return unusable;
        }
        var errors = new ValidationErrors();
        if (code is not { Length: 6 } || !code.All(char.IsAsciiDigit))
        {
            errors.Add("code", "Enter the 6-digit code we sent you.");
        }
        if (!DateOnly.TryParseExact(dateOfBirth?.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var dob))
        {
            errors.Add("dateOfBirth", "Enter your date of birth as year-month-day, like 1948-03-27.");
        }
        if (errors.Any)
        {
            return errors.ToError();
        }
        // One transaction, one commit, whatever the answer: the visit, the try spent, and the
        // failure counted or the code used and the session issued.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var result = await VerifyWithinAsync(invitation, code!, dob, visitor, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private async Task<Result<SessionIssued>> VerifyWithinAsync(Invitation invitation, string code, DateOnly dob, Visitor visitor, DateTime now, CancellationToken cancellationToken)
    {
        await NoteVisitAsync(invitation, visitor, cancellationToken);
        var person = await db.People.AsNoTracking().SingleAsync(p => p.Id == invitation.PersonId, cancellationToken);
        // One try spent, whatever was wrong: parallel guessers share the five tries.
        var attempt = await codes.TryAsync(CodePurpose.Invitation, invitation.Id.ToString("N"), code, cancellationToken);
        var codeRight = attempt.Check == CodeCheck.Right;
        var birthRight = person.DateOfBirth == dob;
        if (!codeRight || !birthRight)
        {
            await db.Invitations.Where(i => i.Id == invitation.Id).ExecuteUpdateAsync(s => s
                .SetProperty(i => i.FailedCodes, i => i.FailedCodes + (codeRight ? 0 : 1))
                .SetProperty(i => i.WrongBirthDates, i => i.WrongBirthDates + (birthRight ? 0 : 1)), cancellationToken);
            return new VerificationFailed(attempt.Check == CodeCheck.OutOfTries ? VerifyFailure.TooManyTries : VerifyFailure.NotVerified);
        }
        if (!await codes.UseAsync(attempt, cancellationToken))
        {
            return new VerificationFailed(VerifyFailure.CodeAlreadyUsed);
        }

        var sessionToken = Invitation.NewToken();
        var session = new InvitationSession(invitation.Id, Invitation.HashToken(sessionToken), person.Email is not null ? "email" : "sms", now);
        db.InvitationSessions.Add(session);
        audit.Record(Actor.Resident, "invitation.verified", "Invitation", invitation.Id.ToString(), new { session = session.Id });
        await db.SaveChangesAsync(cancellationToken);
        return new SessionIssued(sessionToken, session.ExpiresAt);
    }

    /// <summary>"m•••@e•••.org" or "•••-•••-0123": enough to recognise, not enough to learn.</summary>
    public static string Mask(string? email, string? phone)
    {
        if (email is not null)
        {
            var at = email.IndexOf('@', StringComparison.Ordinal);
            var domain = email[(at + 1)..];
            var dot = domain.LastIndexOf('.');
            return $"{email[0]}•••@{domain[0]}•••{(dot > 0 ? domain[dot..] : "")}";
        }
        return phone is { Length: >= 4 } ? "•••-•••-" + phone[^4..] : "•••";
    }
}
