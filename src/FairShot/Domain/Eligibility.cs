namespace FairShot.Domain;

/// <summary>What a registrant tells us that eligibility rules look at. Codes are fixed lists so
/// that rules, forms and reports all speak the same words.</summary>
public static class Vocabulary
{
    public static readonly IReadOnlyList<string> Occupations =
    [
        "healthcare", "long-term-care-staff", "law-enforcement", "firefighter", "corrections", "courts",
        "teacher", "childcare", "food-agriculture", "grocery", "transit", "other", "none",
    ];

    public static readonly IReadOnlyList<string> Settings = ["home", "long-term-care", "congregate"];

    /// <summary>High-risk conditions, after the CDC's list of early 2021 (short form).</summary>
    public static readonly IReadOnlyList<string> Conditions =
    [
        "cancer", "chronic-kidney-disease", "copd", "diabetes", "down-syndrome", "heart-condition",
        "immunocompromised", "obesity", "pregnancy", "sickle-cell", "smoking",
    ];
}

/// <summary>An ordered stage of the rollout (1a, 1b, 1c, general). Only open phases are invited.</summary>
public sealed class EligibilityPhase
{
    public const string General = "general";

    private EligibilityPhase() { }

    public EligibilityPhase(string code, int rank, string name, string nameEs, bool isOpen)
    {
        Code = code;
        Rank = rank;
        Name = name;
        NameEs = nameEs;
        IsOpen = isOpen;
    }

    public string Code { get; private set; } = "";
    public int Rank { get; private set; }
    public string Name { get; private set; } = "";
    // The name in Spanish is data, not a word of the app: staff write it with the rules (a page picks
    // the column with its language, IShellWords.Pick).
    public string NameEs { get; private set; } = "";
    public bool IsOpen { get; private set; }

    public void SetOpen(bool open) => IsOpen = open;

}

/// <summary>
/// A priority group inside a phase, with its criteria. A person matches when every criterion the
/// group sets holds: age within the bounds (on the day of evaluation, in the county's zone), an
/// occupation among <see cref="Occupations"/>, a setting among <see cref="Settings"/>, at least one
/// condition among <see cref="Conditions"/>. Empty criteria match everyone. A person belongs to the
/// matching group of lowest <see cref="Rank"/>; ranks are global across phases.
/// </summary>
public sealed class PriorityGroup
{
    private PriorityGroup() { }

    public PriorityGroup(string code, string phaseCode, int rank, string name, string nameEs, int? minAge, int? maxAge,
        IEnumerable<string>? occupations = null, IEnumerable<string>? settings = null, IEnumerable<string>? conditions = null)
    {
        Code = code;
        PhaseCode = phaseCode;
        Rank = rank;
        Name = name;
        NameEs = nameEs;
        MinAge = minAge;
        MaxAge = maxAge;
        Occupations = CodeList.Join(occupations);
        Settings = CodeList.Join(settings);
        Conditions = CodeList.Join(conditions);
    }

    public string Code { get; private set; } = "";
    public string PhaseCode { get; private set; } = "";
    public int Rank { get; private set; }
    public string Name { get; private set; } = "";
    // The name in Spanish is data, not a word of the app: staff write it with the rules (a page picks
    // the column with its language, IShellWords.Pick).
    public string NameEs { get; private set; } = "";
    public int? MinAge { get; private set; }
    public int? MaxAge { get; private set; }

    /// <summary>Codes stored as ",a,b," so that "has code x" is <c>LIKE '%,x,%'</c> on any database.</summary>
    public string Occupations { get; private set; } = "";
    public string Settings { get; private set; } = "";
    public string Conditions { get; private set; } = "";


    public bool Matches(int age, string occupation, string setting, IReadOnlyCollection<string> conditions) =>
        (MinAge is null || age >= MinAge) &&
        (MaxAge is null || age <= MaxAge) &&
        (Occupations.Length == 0 || CodeList.Contains(Occupations, occupation)) &&
        (Settings.Length == 0 || CodeList.Contains(Settings, setting)) &&
        (Conditions.Length == 0 || conditions.Any(c => CodeList.Contains(Conditions, c)));
}

public static class CodeList
{
    public static string Join(IEnumerable<string>? codes)
    {
        var list = (codes ?? []).Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return list.Count == 0 ? "" : "," + string.Join(',', list) + ",";
    }

    public static IReadOnlyList<string> Split(string joined) =>
        joined.Split(',', StringSplitOptions.RemoveEmptyEntries);

    public static bool Contains(string joined, string code) => joined.Contains("," + code + ",", StringComparison.Ordinal);

    /// <summary>
    /// Age in whole years on a date, defined exactly as the database evaluates it
    /// (age &gt;= n when born on or before <c>on - n years</c>), so code and SQL never disagree;
    /// a 29 February birthday counts on 1 March in other years.
    /// </summary>
    public static int AgeOn(DateOnly dateOfBirth, DateOnly on)
    {
        var age = on.Year - dateOfBirth.Year;
        if (dateOfBirth > on.AddYears(-age))
        {
            age--;
        }
        return age;
    }
}

/// <summary>The US rollout of early 2021, as shipped; admins replace it through the API.</summary>
public static class DefaultEligibilityRules
{
    public static IReadOnlyList<EligibilityPhase> Phases =>
    [
        new("1a", 1, "Phase 1a: health care and long-term care", "Fase 1a: atención médica y cuidado a largo plazo", true),
        new("1b", 2, "Phase 1b: people 75 and older, frontline essential workers", "Fase 1b: personas de 75 años o más, trabajadores esenciales de primera línea", false),
        new("1c", 3, "Phase 1c: people 65 to 74, people with high-risk conditions, other essential workers", "Fase 1c: personas de 65 a 74 años, personas con condiciones de alto riesgo, otros trabajadores esenciales", false),
        new(EligibilityPhase.General, 4, "General public", "Público en general", false),
    ];

    public static IReadOnlyList<PriorityGroup> Groups =>
    [
        new("healthcare-workers", "1a", 1, "Health care workers", "Trabajadores de la salud", null, null, occupations: ["healthcare"]),
        new("long-term-care-staff", "1a", 2, "Long-term care staff", "Personal de cuidado a largo plazo", null, null, occupations: ["long-term-care-staff"]),
        new("long-term-care-residents", "1a", 3, "Long-term care residents", "Residentes de cuidado a largo plazo", null, null, settings: ["long-term-care"]),
        new("age-75-plus", "1b", 4, "People 75 and older", "Personas de 75 años o más", 75, null),
        new("frontline-essential", "1b", 5, "Frontline essential workers", "Trabajadores esenciales de primera línea", 16, null,
            occupations: ["law-enforcement", "firefighter", "corrections", "courts", "teacher", "childcare"]),
        new("age-65-74", "1c", 6, "People 65 to 74", "Personas de 65 a 74 años", 65, 74),
        new("high-risk-16-64", "1c", 7, "People 16 to 64 with a high-risk condition", "Personas de 16 a 64 años con una condición de alto riesgo", 16, 64,
            conditions: Vocabulary.Conditions),
        new("other-essential", "1c", 8, "Other essential workers", "Otros trabajadores esenciales", 16, null,
            occupations: ["food-agriculture", "grocery", "transit"]),
        new(EligibilityPhase.General, EligibilityPhase.General, 9, "Everyone else", "Todos los demás", null, null),
    ];
}
