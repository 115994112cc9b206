using System.Reflection;
using FairShot.Domain;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace FairShot.Platform;

/// <summary>
/// Typed failure answers, one type per status, so that an endpoint's signature
/// (<c>Results&lt;Ok&lt;T&gt;, BadRequestProblem, GoneProblem&gt;</c>) spells every answer it can give and the
/// OpenAPI document lists each with its ProblemDetails body. Built from an <see cref="Error"/> in one
/// place (<see cref="ErrorResults"/>).
/// </summary>
public abstract class ProblemResult : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<ProblemDetails>
{
    protected ProblemResult(ProblemDetails problem) => Value = problem;

    public ProblemDetails Value { get; }
    object? IValueHttpResult.Value => Value;
    public abstract int StatusCode { get; }
    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        Value.Status = StatusCode;
        AddHeaders(httpContext.Response.Headers);
        return TypedResults.Problem(Value).ExecuteAsync(httpContext);
    }

    protected virtual void AddHeaders(IHeaderDictionary headers) { }

    protected static void Declare(EndpointBuilder builder, int status, Type body) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(status, body, ["application/problem+json"]));
}

/// <summary>400: input a person can correct, field by field.</summary>
public sealed class BadRequestProblem(HttpValidationProblemDetails problem) : ProblemResult(problem), IEndpointMetadataProvider
{
    public override int StatusCode => StatusCodes.Status400BadRequest;
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, StatusCodes.Status400BadRequest, typeof(HttpValidationProblemDetails));
}

/// <summary>401: the caller has not proved who they are.</summary>
public sealed class UnauthorizedProblem(ProblemDetails problem) : ProblemResult(problem), IEndpointMetadataProvider
{
    public override int StatusCode => StatusCodes.Status401Unauthorized;
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, StatusCodes.Status401Unauthorized, typeof(ProblemDetails));
}

/// <summary>404: nothing by that name (a link we never issued, an unknown code).</summary>
public sealed class NotFoundProblem(ProblemDetails problem) : ProblemResult(problem), IEndpointMetadataProvider
{
    public override int StatusCode => StatusCodes.Status404NotFound;
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, StatusCodes.Status404NotFound, typeof(ProblemDetails));
}

/// <summary>409: the state changed under the request (a slot filled up, a dose already booked).</summary>
public sealed class ConflictProblem(ProblemDetails problem) : ProblemResult(problem), IEndpointMetadataProvider
{
    public override int StatusCode => StatusCodes.Status409Conflict;
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, StatusCodes.Status409Conflict, typeof(ProblemDetails));
}

/// <summary>410: it existed and is no longer usable (a used, expired or withdrawn invitation).</summary>
public sealed class GoneProblem(ProblemDetails problem) : ProblemResult(problem), IEndpointMetadataProvider
{
    public override int StatusCode => StatusCodes.Status410Gone;
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, StatusCodes.Status410Gone, typeof(ProblemDetails));
}

/// <summary>429: a limit on sends or tries was reached; <c>Retry-After</c> (whole seconds) when the wait is known.</summary>
public sealed class TooManyRequestsProblem(ProblemDetails problem, TimeSpan? retryAfter = null) : ProblemResult(problem), IEndpointMetadataProvider
{
    public override int StatusCode => StatusCodes.Status429TooManyRequests;

    public TimeSpan? RetryAfter => retryAfter;

    protected override void AddHeaders(IHeaderDictionary headers)
    {
        if (retryAfter is { } wait)
        {
            headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, StatusCodes.Status429TooManyRequests, typeof(ProblemDetails));
}

public static class ProblemMetadata
{
    /// <summary>
    /// Declares the 429 that the per-address rate limiter answers before the handler runs: it is not
    /// in the handler's signature, so a rate-limited group says so here.
    /// </summary>
    public static TBuilder ProducesRateLimit<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status429TooManyRequests, typeof(ProblemDetails), ["application/problem+json"]));
}
