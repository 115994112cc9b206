using FairShot.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FairShot.Platform;

/// <summary>The one place an expected failure becomes HTTP: 400, 404 or 409 ProblemDetails.</summary>
public static class ErrorResults
{
    public static ProblemHttpResult ToProblem(this Error error)
    {
        var problem = Build(error);
        foreach (var (key, value) in error.Extensions ?? new Dictionary<string, object?>())
        {
            problem.ProblemDetails.Extensions[key] = value;
        }
        return problem;
    }

    private static ProblemHttpResult Build(Error error) => error switch
    {
        ValidationError v => TypedResults.Problem(new HttpValidationProblemDetails(v.Fields.ToDictionary(f => f.Key, f => f.Value))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Some of the information is not valid.",
            Detail = string.Join(" ", v.Fields.SelectMany(f => f.Value.Select(m => $"{f.Key}: {m}"))),
        }),
        NotFoundError n => TypedResults.Problem(new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Not found.", Detail = n.Detail }),
        ConflictError c => TypedResults.Problem(new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "Conflict.", Detail = c.Detail }),
        GoneError g => TypedResults.Problem(new ProblemDetails { Status = StatusCodes.Status410Gone, Title = "No longer usable.", Detail = g.Detail }),
        UnauthorizedError u => TypedResults.Problem(new ProblemDetails { Status = StatusCodes.Status401Unauthorized, Title = "Not verified.", Detail = u.Detail }),
        TooManyRequestsError t => TypedResults.Problem(new ProblemDetails { Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests.", Detail = t.Detail }),
        _ => throw new InvalidOperationException($"No HTTP mapping for {error.GetType().Name}."),
    };

    /// <summary>The ProblemDetails body of an error, with its extensions (e.g. alternatives to a full slot).</summary>
    public static ProblemDetails Details(this Error error)
    {
        return ToProblem(error).ProblemDetails;
    }

    public static BadRequestProblem ToBadRequest(this ValidationError error) => new((HttpValidationProblemDetails)error.Details());
    public static UnauthorizedProblem ToUnauthorized(this Error error) => new(error.Details());
    public static NotFoundProblem ToNotFound(this Error error) => new(error.Details());
    public static ConflictProblem ToConflict(this Error error) => new(error.Details());
    public static GoneProblem ToGone(this Error error) => new(error.Details());
    public static TooManyRequestsProblem ToTooManyRequests(this Error error) => new(error.Details(), (error as TooManyRequestsError)?.RetryAfter);

    /// <summary>An outcome the endpoint's signature does not list: a bug, not an answer.</summary>
    public static InvalidOperationException Unlisted(this Error error) =>
        new($"{error.GetType().Name} is not among the answers this endpoint declares.");

    /// <summary>Puts field messages next to the fields of a Razor Pages form.</summary>
    public static void AddTo(this Error error, Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary modelState, string prefix = "")
    {
        if (error is ValidationError v)
        {
            foreach (var (field, messages) in v.Fields)
            {
                foreach (var message in messages)
                {
                    modelState.AddModelError(prefix + char.ToUpperInvariant(field[0]) + field[1..], message);
                }
            }
        }
        else
        {
            modelState.AddModelError(string.Empty, error.Detail);
        }
    }
}
