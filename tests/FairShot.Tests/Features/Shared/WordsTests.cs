using System.Reflection;
using FairShot.Domain;
using FairShot.Features.Registration;
using FairShot.Features.Shared;
using FairShot.Features.Shared.Languages;
using FairShot.Features.Status;

namespace FairShot.Tests.Features.Shared;

/// <summary>Features/Shared/Languages and the sign-up form's own logic: every meaning in every language, every field on a screen.</summary>
public sealed class WordsTests
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
    public void Labels_CoverEveryVocabularyCode_InPlainWordsInEveryLanguage(string kind, string code)
    {
        Func<IWords, string, string> label = kind switch
        {
            "occupation" => (t, c) => t.Occupation(c),
            "setting" => (t, c) => t.Setting(c),
            _ => (t, c) => t.Condition(c),
        };

        foreach (var language in Words.All)
        {
            Assert.NotEqual(code, label(language, code)); // a label, not the code
            if (language != Words.English)
            {
                Assert.NotEqual(label(Words.English, code), label(language, code));
            }
        }
    }

    [Theory]
    [InlineData("OccupationLabels")]
    [InlineData("SettingLabels")]
    [InlineData("ConditionLabels")]
    public void LabelTables_HoldNoCodeTheVocabularyDoesNotKnow(string table)
    {
        var vocabulary = table switch
        {
            "OccupationLabels" => Vocabulary.Occupations,
            "SettingLabels" => Vocabulary.Settings,
            _ => Vocabulary.Conditions,
        };
        foreach (var language in Words.All)
        {
            var labels = (IReadOnlyDictionary<string, string>)language.GetType().GetField(table, BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
            Assert.Equal(vocabulary.Order(), labels.Keys.Order());
        }
    }

    /// <summary>Every meaning of every capability, as the words interfaces declare it.</summary>
    private static IEnumerable<MethodInfo> Meanings() =>
        typeof(IWords).GetInterfaces().SelectMany(i => i.GetMethods()).Where(m => m.ReturnType == typeof(string));

    /// <summary>A value of each parameter type the words take: a real one, so a switch over it answers.</summary>
    private static object? Sample(Type type) =>
        type == typeof(int) ? 1
        : type == typeof(bool) ? true
        : type == typeof(DateOnly) ? new DateOnly(2027, 3, 1)
        : type == typeof(DateTime) ? new DateTime(2027, 3, 1, 9, 15, 0)
        : type == typeof(TimeOnly) ? new TimeOnly(9, 15)
        : type.IsEnum ? Enum.GetValues(type).GetValue(0)
        : type == typeof(string) ? "healthcare"
        : throw new NotSupportedException(type.Name);

    [Fact]
    public void EveryLanguage_SaysEveryMeaning_AndNotInEnglish()
    {
        var meanings = Meanings().ToList();
        Assert.True(meanings.Count > 200, "the words interfaces should hold the pages' words");

        var problems = new List<string>();
        foreach (var language in Words.All)
        {
            foreach (var meaning in meanings)
            {
                var args = meaning.GetParameters().Select(p => Sample(p.ParameterType)).ToArray();
                var text = (string?)meaning.Invoke(language, args);
                if (string.IsNullOrWhiteSpace(text))
                {
                    problems.Add($"{language.Lang}: {meaning.DeclaringType!.Name}.{meaning.Name} is empty");
                }
                else if (language != Words.English && !Untranslated.Contains(meaning.Name) && text == (string?)meaning.Invoke(Words.English, args))
                {
                    problems.Add($"{language.Lang}: {meaning.DeclaringType!.Name}.{meaning.Name} is the English text");
                }
            }
        }

        Assert.Empty(problems);
    }

    /// <summary>Meanings whose text is the same in every language on purpose.</summary>
    private static readonly HashSet<string> Untranslated =
    [
        "get_" + nameof(IShellWords.Lang), "get_" + nameof(IShellWords.EnglishName), nameof(IShellWords.Pick), // a language's name and code, not its words
        // These answer a code with its label, and the sample is not their code: checked above and below, code by code.
        nameof(IRegistrationWords.Setting), nameof(IRegistrationWords.Condition), nameof(IStatusWords.Status),
    ];

    [Fact]
    public void Meanings_OfOneCapability_DoNotShareTheirEnglishByAccident()
    {
        var shared = typeof(IWords).GetInterfaces()
            .SelectMany(i => i.GetProperties().Where(p => p.PropertyType == typeof(string) && !Untranslated.Contains(p.GetMethod!.Name)).Select(p => (Capability: i.Name, p.Name, Text: (string)p.GetValue(Words.English)!)))
            .GroupBy(m => (m.Capability, m.Text))
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key.Capability}: {string.Join(", ", g.Select(m => m.Name))} all say \"{g.Key.Text}\"")
            .ToList();

        Assert.Empty(shared);
    }

    [Fact]
    public void Languages_HaveDistinctCodes_AndTheFirstIsEnglish()
    {
        Assert.Equal(Words.All.Count, Words.Codes.Distinct().Count());
        Assert.Same(Words.English, Words.All[0]);
        Assert.Same(Words.English, Words.For("xx"));
        Assert.All(Words.All, l => Assert.Same(l, Words.For(l.Lang)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void StepHeadings_AreTranslated(int step) =>
        Assert.NotEqual(Words.English.StepHeading(step), Words.Spanish.StepHeading(step));

    [Fact]
    public void StatusNames_AreTranslatedForEveryStatus()
    {
        foreach (var status in Enum.GetValues<PersonStatus>().Select(RegistrationService.StatusName))
        {
            Assert.NotEqual(status, Words.English.Status(status));
            Assert.NotEqual(Words.English.Status(status), Words.Spanish.Status(status));
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
        Assert.Equal(english, Words.English.PeopleAhead(count));
        Assert.Equal(spanish, Words.Spanish.PeopleAhead(count));
    }

    [Fact]
    public void LongDate_ReadsTheWayEachLanguageWritesIt()
    {
        Assert.Equal("March 27, 1948", Words.English.LongDate(new DateOnly(1948, 3, 27)));
        Assert.Equal("27 de marzo de 1948", Words.Spanish.LongDate(new DateOnly(1948, 3, 27)));
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
