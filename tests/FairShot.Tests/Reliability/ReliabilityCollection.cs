namespace FairShot.Tests.Reliability;

/// <summary>The reliability tests load the machine on purpose (real processes, bursts, thousands of requests): they run one after another, not alongside each other.</summary>
[CollectionDefinition(Name)]
public sealed class ReliabilityCollection
{
    public const string Name = "Reliability";
}
