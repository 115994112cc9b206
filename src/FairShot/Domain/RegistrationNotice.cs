namespace FairShot.Domain;

/// <summary>
/// One row per contact (by <see cref="OneTimeCode.HashSubject"/>, never the contact itself) that
/// registration has dealt with: how many sign-ups named it in the current day, and when it was last
/// sent a notice (already registered, household full). Its row lock is what makes the caps hold
/// across instances: sign-ups naming one contact take turns, and each counts what the ones before
/// it committed.
/// </summary>
public sealed class RegistrationNotice
{
    public const int SubjectMaxLength = 100;

    private RegistrationNotice() { }

    public string Subject { get; private set; } = "";

    /// <summary>When the current day's count of <see cref="Attempts"/> started.</summary>
    public DateTime WindowStartedAt { get; private set; }

    /// <summary>Sign-ups that named this contact since <see cref="WindowStartedAt"/>.</summary>
    public int Attempts { get; private set; }

    /// <summary>The last notice sent to this contact about a sign-up that created nothing.</summary>
    public DateTime? NoticeSentAt { get; private set; }
}
