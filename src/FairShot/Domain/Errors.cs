namespace FairShot.Domain;

/// <summary>
/// An expected failure, returned as a value and turned into HTTP in exactly one place
/// (<see cref="FairShot.Platform.ErrorResults"/>). Exceptions are kept for broken invariants.
/// </summary>
public abstract record Error(string Detail)
{
    /// <summary>Extra members for the ProblemDetails answer (for example alternatives to a full slot).</summary>
    public virtual IReadOnlyDictionary<string, object?>? Extensions => null;
}

/// <summary>Input a person can correct; each entry names the field and says why.</summary>
public sealed record ValidationError(IReadOnlyDictionary<string, string[]> Fields)
    : Error("One or more fields need attention.")
{
    public static ValidationError For(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });
}

public sealed record NotFoundError(string Detail) : Error(Detail);

public record ConflictError(string Detail) : Error(Detail);

/// <summary>Something that existed and is no longer usable (a used, expired or revoked invitation): 410.</summary>
public sealed record GoneError(string Detail) : Error(Detail);

/// <summary>The caller has not proved who they are (no or a wrong session, a failed verification): 401.</summary>
public record UnauthorizedError(string Detail) : Error(Detail);

/// <summary>A limit on sends or tries was reached: 429, with a <c>Retry-After</c> when <paramref name="RetryAfter"/> says how long to wait.</summary>
public record TooManyRequestsError(string Detail, TimeSpan? RetryAfter = null) : Error(Detail);

/// <summary>A value or the reason there is none.</summary>
public readonly struct Result<T>
{
    private Result(T? value, Error? error) => (Value, Error) = (value, error);

    public T? Value { get; }
    public Error? Error { get; }
    public bool Succeeded => Error is null;

    public static implicit operator Result<T>(T value) => new(value, null);
    public static implicit operator Result<T>(Error error) => new(default, error);
}

/// <summary>Collects field messages so a form can show every problem at once, not the first.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _fields = new(StringComparer.Ordinal);

    public bool Any => _fields.Count > 0;

    public void Add(string field, string message)
    {
        if (!_fields.TryGetValue(field, out var list))
        {
            _fields[field] = list = [];
        }
        list.Add(message);
    }

    public ValidationError ToError() => new(_fields.ToDictionary(f => f.Key, f => f.Value.ToArray()));
}
