using System.Collections.Concurrent;
using System.Formats.Tar;
using System.IO.Compression;
using Firely.Fhir.Validation;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;
using R4 = Hl7.Fhir.Model;

namespace FairShot.Tests.Infrastructure;

/// <summary>
/// Validates FHIR R4 resources with Firely's validator (software nobody on the team wrote) against
/// the core R4 specification (Hl7.Fhir.Specification.Data.R4's specification.zip), optionally with
/// the conformance resources of an implementation guide's package (.tgz: its package/*.json
/// StructureDefinitions, ValueSets and CodeSystems are resolved before the core ones) and a profile.
/// A validator takes seconds to build and its caches are not thread-safe, so there is one per
/// package, shared by the tests and used under a lock.
/// </summary>
public static class FhirValidation
{
    private static readonly ConcurrentDictionary<string, Lazy<Entry>> Validators = new();

    private static readonly FhirJsonDeserializer Deserializer = new(new DeserializerSettings());

    /// <summary>The SMART Scheduling Links IG package in shared/fixtures (absent on machines without them).</summary>
    public static string SmartSchedulingLinksPackage =>
        Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../../shared/fixtures/smart-scheduling-links/package.tgz"));

    /// <summary>
    /// Validates a resource against the core spec (its own type's StructureDefinition) or, with
    /// <paramref name="profile"/>, against that profile (canonical URL), resolving it from
    /// <paramref name="packagePath"/> first when given. Returns every issue the validator reports.
    /// </summary>
    public static IReadOnlyList<R4.OperationOutcome.IssueComponent> Validate(R4.Resource resource, string? profile = null, string? packagePath = null)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var entry = For(packagePath);
        var outcome = entry.Validate(resource, profile ?? $"http://hl7.org/fhir/StructureDefinition/{resource.TypeName}");
        return outcome.Issue;
    }

    /// <summary>
    /// Parses <paramref name="json"/> (one resource) and validates it as <see cref="Validate(R4.Resource, string?, string?)"/>
    /// does; what the parser rejects (unknown elements, wrong types, bad JSON) comes back as error issues too.
    /// </summary>
    public static IReadOnlyList<R4.OperationOutcome.IssueComponent> Validate(string json, string? profile = null, string? packagePath = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        var issues = new List<R4.OperationOutcome.IssueComponent>();
        R4.Resource? resource;
        try
        {
            resource = Deserializer.DeserializeResource(json);
        }
        catch (DeserializationFailedException e)
        {
            issues.AddRange(e.ToOperationOutcome().Issue);
            resource = e.PartialResult as R4.Resource;
        }
        catch (System.Text.Json.JsonException e)
        {
            issues.Add(Error($"not JSON: {e.Message}"));
            resource = null;
        }
        if (resource is null)
        {
            issues.Add(Error("no resource could be read"));
            return issues;
        }
        issues.AddRange(Validate(resource, profile, packagePath));
        return issues;
    }

    /// <summary>The issues of severity error or fatal.</summary>
    public static IReadOnlyList<R4.OperationOutcome.IssueComponent> Errors(IEnumerable<R4.OperationOutcome.IssueComponent> issues) =>
        issues.Where(i => i.Severity is R4.OperationOutcome.IssueSeverity.Error or R4.OperationOutcome.IssueSeverity.Fatal).ToList();

    /// <summary>One line per issue (severity, location, text) for an assertion message.</summary>
    public static string Describe(IEnumerable<R4.OperationOutcome.IssueComponent> issues) =>
        string.Join("\n", issues.Select(i =>
            $"{i.Severity}: {string.Join(",", i.Expression ?? [])} {i.Details?.Text ?? i.Diagnostics}".Trim()));

    /// <summary>Asserts the validator reports no error or fatal issue; the assertion message lists them all.</summary>
    public static void AssertValid(R4.Resource resource, string? profile = null, string? packagePath = null)
    {
        var issues = Validate(resource, profile, packagePath);
        var errors = Errors(issues);
        Assert.True(errors.Count == 0, $"{resource.TypeName}/{resource.Id}: {errors.Count} validation error(s):\n{Describe(issues)}");
    }

    /// <summary>Asserts one JSON resource parses and validates with no error or fatal issue.</summary>
    public static void AssertValid(string json, string? profile = null, string? packagePath = null)
    {
        var issues = Validate(json, profile, packagePath);
        var errors = Errors(issues);
        Assert.True(errors.Count == 0, $"{errors.Count} validation error(s):\n{Describe(issues)}\nin {json}");
    }

    private static R4.OperationOutcome.IssueComponent Error(string text) => new()
    {
        Severity = R4.OperationOutcome.IssueSeverity.Error,
        Code = R4.OperationOutcome.IssueType.Structure,
        Details = new R4.CodeableConcept { Text = text },
    };

    private static Entry For(string? packagePath)
    {
        var key = packagePath is null ? "" : Path.GetFullPath(packagePath);
        return Validators.GetOrAdd(key, k => new Lazy<Entry>(() => Entry.Build(k.Length == 0 ? null : k))).Value;
    }

    /// <summary>The package's conformance resources (package/*.json, not its examples or other/).</summary>
    internal static List<R4.Resource> ReadPackage(string packagePath)
    {
        var resources = new List<R4.Resource>();
        using var file = File.OpenRead(packagePath);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            var name = entry.Name.Replace('\\', '/');
            if (entry.DataStream is null || !name.StartsWith("package/", StringComparison.Ordinal)
                || name.IndexOf('/', "package/".Length) >= 0 || !name.EndsWith(".json", StringComparison.Ordinal))
            {
                continue;
            }
            using var reader = new StreamReader(entry.DataStream);
            var json = reader.ReadToEnd();
            R4.Resource resource;
            try
            {
                resource = Deserializer.DeserializeResource(json);
            }
            catch (DeserializationFailedException e) when (e.PartialResult is R4.Resource partial)
            {
                resource = partial;
            }
            catch (Exception e) when (e is DeserializationFailedException or System.Text.Json.JsonException)
            {
                continue; // package.json, .index.json: not resources
            }
            if (resource is R4.StructureDefinition or R4.ValueSet or R4.CodeSystem)
            {
                resources.Add(resource);
            }
        }
        return resources;
    }

    private sealed class Entry
    {
        private readonly Lock gate = new();
        private readonly Validator validator;

        private Entry(Validator validator) => this.validator = validator;

        public static Entry Build(string? packagePath)
        {
            var core = ZipSource.CreateValidationSource(Path.Combine(AppContext.BaseDirectory, "specification.zip"));
            IAsyncResourceResolver source = core;
            if (packagePath is not null)
            {
                var extra = new InMemoryResourceResolver(ReadPackage(packagePath));
                source = new MultiResolver(extra, core);
            }
            // Package profiles may come without snapshots; SnapshotSource makes them from the core spec.
            var resolver = new CachedResolver(new SnapshotSource(source));
            var terminology = LocalTerminologyService.CreateDefaultForCore(resolver);
            return new Entry(new Validator(resolver, terminology));
        }

        public R4.OperationOutcome Validate(R4.Resource resource, string profile)
        {
            lock (gate)
            {
                return validator.Validate(resource, profile);
            }
        }
    }
}
