using FairShot.Domain;
using FairShot.Features.Invitations;
using FairShot.Features.Shared;
using FairShot.Features.Shared.Languages;

namespace FairShot.Tests.Features.Booking;

/// <summary>The booking pages' words (IInvitationWords, IBookingWords, IAppointmentWords): both languages, the same facts as the handlers, times as each language writes them.</summary>
public sealed class BookingTextTests
{
    private static readonly DateTime Now = new(2027, 2, 1, 15, 0, 0, DateTimeKind.Utc);

    public static TheoryData<InvitationProblem> Problems() => new(Enum.GetValues<InvitationProblem>());

    [Theory]
    [MemberData(nameof(Problems))]
    public void GoneMessage_InEnglish_IsUsabilitysOwnMessage_AndIsTranslated(InvitationProblem problem)
    {
        var invitation = InvitationIn(problem);

        var error = InvitationAccess.Usability(invitation, Now);

        Assert.Equal(problem, InvitationProblems.Of(invitation, Now));
        Assert.Equal(error!.Detail, Words.English.GoneMessage(problem));
        Assert.NotEqual(Words.English.GoneMessage(problem), Words.Spanish.GoneMessage(problem));
        Assert.NotEqual(Words.English.GoneHeading(problem), Words.Spanish.GoneHeading(problem));
        Assert.Equal(problem == InvitationProblem.NotFound ? 404 : 410, InvitationProblems.StatusCode(problem));
    }

    [Fact]
    public void Problems_OfAUsableInvitation_IsNone() =>
        Assert.Null(InvitationProblems.Of(InvitationIn(null), Now));

    [Fact]
    public void VerificationMessages_MatchTheHandlersWords()
    {
        Assert.Equal(new VerificationFailed(VerifyFailure.NotVerified).Detail, Words.English.NotVerified);
        Assert.Equal(new VerificationFailed(VerifyFailure.TooManyTries).Detail, Words.English.TooManyTries);
        Assert.Equal(new VerificationFailed(VerifyFailure.CodeAlreadyUsed).Detail, Words.English.CodeAlreadyUsed);
    }

    [Fact]
    public void StateNames_AreTranslatedForEveryAppointmentState()
    {
        foreach (var state in Enum.GetValues<AppointmentState>())
        {
            Assert.NotEqual(Words.English.StateName(state), Words.Spanish.StateName(state));
        }
    }

    [Theory]
    [InlineData(9, 5, "9:05\u00a0AM", "9:05\u00a0a.\u00a0m.")]
    [InlineData(12, 0, "12:00\u00a0PM", "12:00\u00a0p.\u00a0m.")]
    [InlineData(0, 30, "12:30\u00a0AM", "12:30\u00a0a.\u00a0m.")]
    [InlineData(13, 45, "1:45\u00a0PM", "1:45\u00a0p.\u00a0m.")]
    public void Time_IsWrittenTheWayEachLanguageDoesInTheUs(int hour, int minute, string english, string spanish)
    {
        Assert.Equal(english, Words.English.Time(new TimeOnly(hour, minute)));
        Assert.Equal(spanish, Words.Spanish.Time(new TimeOnly(hour, minute)));
    }

    [Fact]
    public void When_ReadsAsASentenceInEachLanguage()
    {
        Assert.Equal("Monday, March 1, 2027 at 9:15\u00a0AM", Words.English.When(new DateTime(2027, 3, 1, 9, 15, 0)));
        Assert.Equal("lunes 1 de marzo de 2027 a las 9:15\u00a0a.\u00a0m.", Words.Spanish.When(new DateTime(2027, 3, 1, 9, 15, 0)));
        Assert.Equal("lunes 1 de marzo de 2027 a la 1:00\u00a0p.\u00a0m.", Words.Spanish.When(new DateTime(2027, 3, 1, 13, 0, 0)));
        // One full stop after "a. m.", not two.
        Assert.Equal("Puede reservar hasta el lunes 1 de marzo de 2027 a las 9:15\u00a0a.\u00a0m.", Words.Spanish.InvitationUntil(new DateTime(2027, 3, 1, 9, 15, 0)));
        Assert.Equal("You can book until Monday, March 1, 2027 at 9:15\u00a0AM.", Words.English.InvitationUntil(new DateTime(2027, 3, 1, 9, 15, 0)));
    }

    [Fact]
    public void DoseTexts_AreTranslated()
    {
        Assert.NotEqual(Words.English.DoseLabel(1), Words.Spanish.DoseLabel(1));
        Assert.NotEqual(Words.English.DoseLabel(2), Words.Spanish.DoseLabel(2));
        Assert.NotEqual(Words.English.CalendarSummary(1), Words.Spanish.CalendarSummary(1));
        Assert.NotEqual(Words.English.SecondDoseNote(21), Words.Spanish.SecondDoseNote(21));
        Assert.NotEqual(Words.English.BookedSentBy(true), Words.Spanish.BookedSentBy(true));
        Assert.NotEqual(Words.English.BookedSentBy(false), Words.Spanish.BookedSentBy(false));
        Assert.Contains("same place", Words.English.OtherDoseBooked(new DateTime(2027, 3, 22, 9, 0, 0), null, "ACDEFGHJKL"), StringComparison.Ordinal);
        Assert.Contains("at South Clinic", Words.English.OtherDoseBooked(new DateTime(2027, 3, 22, 9, 0, 0), "South Clinic", "ACDEFGHJKL"), StringComparison.Ordinal);
    }

    /// <summary>An invitation in the state that gives the problem (null: a usable one).</summary>
    private static Invitation? InvitationIn(InvitationProblem? problem)
    {
        if (problem == InvitationProblem.NotFound)
        {
            return null;
        }
        var issuedAt = problem == InvitationProblem.Expired ? Now.AddHours(-49) : Now.AddHours(-1);
        var (invitation, _) = Invitation.Issue(Guid.CreateVersion7(), Guid.CreateVersion7(), InvitationKind.Wave, 1, "208", Guid.CreateVersion7(), null, null,
            issuedAt, TimeSpan.FromHours(48), Actor.System);
        var state = problem switch
        {
            InvitationProblem.Used => InvitationState.Used,
            InvitationProblem.Revoked => InvitationState.Revoked,
            _ => InvitationState.Outstanding,
        };
        typeof(Invitation).GetProperty(nameof(Invitation.State))!.SetValue(invitation, state); // as the database would hold it
        return invitation;
    }
}
