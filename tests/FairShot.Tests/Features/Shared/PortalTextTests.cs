using System.Reflection;
using FairShot.Domain;
using FairShot.Features.Registration;
using FairShot.Features.Shared;

namespace FairShot.Tests.Features.Shared;

/// <summary>Features/Portal/PortalText and the sign-up form's own logic: every word in both languages, every field on a screen.</summary>
public sealed class PortalTextTests
{
    public static TheoryData<string, string> VocabularyCodes()
    {
        var data = new TheoryData<string, string>();
        foreach (var code in Vocabulary.Occupations)
        {
            data.Add("occupation", code);
        }
        foreach (var code in Vocabulary.Settings)
        {
            data.Add("setting", code);
        }
        foreach (var code in Vocabulary.Conditions)
        {
            data.Add("condition", code);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(VocabularyCodes))]
    public void Labels_CoverEveryVocabularyCode_InPlainEnglishAndSpanish(string kind, string code)
    {
        Func<PortalText, string, string> label = kind switch
        {
            "occupation" => (t, c) => t.Occupation(c),
            "setting" => (t, c) => t.Setting(c),
            _ => (t, c) => t.Condition(c),
        };

        var english = label(PortalText.English, code);
        var spanish = label(PortalText.Spanish, code);

        Assert.NotEqual(code, english); // a label, not the code
        Assert.NotEqual(code, spanish);
        Assert.NotEqual(english, spanish);
    }

    [Fact]
    public void LabelTables_HoldNoCodeTheVocabularyDoesNotKnow()
    {
        Assert.Equal(Vocabulary.Occupations.Order(), PortalText.OccupationLabels.Keys.Order());
        Assert.Equal(Vocabulary.Settings.Order(), PortalText.SettingLabels.Keys.Order());
        Assert.Equal(Vocabulary.Conditions.Order(), PortalText.ConditionLabels.Keys.Order());
    }

    [Fact]
    public void EveryText_HasAnEnglishAndADifferentSpanishVersion()
    {
        var texts = typeof(PortalText).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.PropertyType == typeof(string) && p.Name is not (nameof(PortalText.Lang) or nameof(PortalText.OtherLang)))
            .ToList();
        Assert.True(texts.Count > 50, "PortalText should hold the pages' words");

        var untranslated = texts
            .Where(p => string.IsNullOrWhiteSpace((string?)p.GetValue(PortalText.English)) || p.GetValue(PortalText.English)!.Equals(p.GetValue(PortalText.Spanish)))
            .Select(p => p.Name)
            .ToList();

        Assert.Empty(untranslated);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void StepHeadings_AreTranslated(int step) =>
        Assert.NotEqual(PortalText.English.StepHeading(step), PortalText.Spanish.StepHeading(step));

    [Fact]
    public void StatusNames_AreTranslatedForEveryStatus()
    {
        foreach (var status in Enum.GetValues<PersonStatus>().Select(RegistrationService.StatusName))
        {
            Assert.NotEqual(status, PortalText.English.Status(status));
            Assert.NotEqual(PortalText.English.Status(status), PortalText.Spanish.Status(status));
        }
    }

    [Theory]
    [InlineData(0, "No one is ahead of you.", "No hay nadie antes que usted.")]
    [InlineData(1, "1 person is ahead of you.", "Hay 1 persona antes que usted.")]
    [InlineData(7, "7 people are ahead of you.", "Hay 7 personas antes que usted.")]
    [InlineData(47, "About 47 people are ahead of you.", "Hay unas 47 personas antes que usted.")]
    [InlineData(1234, "About 1,200 people are ahead of you.", "Hay unas 1,200 personas antes que usted.")]
    [InlineData(98765, "About 99,000 people are ahead of you.", "Hay unas 99,000 personas antes que usted.")]
    public void PeopleAhead_IsRoundedToTwoFigures(int count, string english, string spanish)
    {
        Assert.Equal(english, PortalText.English.PeopleAhead(count));
        Assert.Equal(spanish, PortalText.Spanish.PeopleAhead(count));
    }

    [Fact]
    public void LongDate_ReadsTheWayEachLanguageWritesIt()
    {
        Assert.Equal("March 27, 1948", PortalText.English.LongDate(new DateOnly(1948, 3, 27)));
        Assert.Equal("27 de marzo de 1948", PortalText.Spanish.LongDate(new DateOnly(1948, 3, 27)));
    }

    [Theory]
    [InlineData("3", "27", "1948", "1948-03-27", null)]
    [InlineData("03", "7", " 1948 ", "1948-03-07", null)]
    [InlineData(null, null, null, null, BirthDateProblem.Missing)]
    [InlineData("3", null, "1948", null, BirthDateProblem.Incomplete)]
    [InlineData("3", "27", "48", null, BirthDateProblem.YearDigits)]
    [InlineData("2", "30", "1948", null, BirthDateProblem.NotADate)]
    [InlineData("2", "29", "1948", "1948-02-29", null)]
    [InlineData("13", "1", "1948", null, BirthDateProblem.NotADate)]
    [InlineData("x", "1", "1948", null, BirthDateProblem.NotADate)]
    public void BirthDate_FromThreeBoxes_IsADateOrSaysWhatIsWrong(string? month, string? day, string? year, string? expected, BirthDateProblem? problem)
    {
        var (date, found) = BirthDateParts.Compose(month, day, year);

        Assert.Equal(expected, date?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(problem, found);
    }

    [Fact]
    public void EveryFieldTheHandlerCanName_IsAskedOnASignUpScreen()
    {
        var empty = new RegisterRequest(null, null, null, null, null, null, null, null, ["not-a-condition"], "es");

        var fields = ((ValidationError)RegistrationInput.Validate(empty, new DateOnly(2027, 2, 1)).Error!).Fields.Keys;

        Assert.NotEmpty(fields);
        Assert.All(fields, f => Assert.InRange(SignUpModel.StepOf(f), 1, SignUpModel.LastStep - 1));
        Assert.Equal(1, SignUpModel.StepOf("dateOfBirth"));
        Assert.Equal(3, SignUpModel.StepOf("zipCode"));
    }
}
