using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace FairShot.Platform;

/// <summary>
/// Malformed JSON, wrong types and oversized bodies are the caller's mistake: a 400 ProblemDetails
/// that says where, never a 500. Minimal APIs throw <see cref="BadHttpRequestException"/> for these
/// (ThrowOnBadRequest is on), and this turns them into answers.
/// </summary>
internal sealed class BadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }
        var detail = bad.InnerException switch
        {
            JsonException json when json.Path is { Length: > 0 } => $"The request body is not valid JSON for this request at '{json.Path}'.",
            JsonException => "The request body is not valid JSON.",
            _ when bad.StatusCode == StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
            _ => "The request could not be read.",
        };
        httpContext.Response.StatusCode = bad.StatusCode is >= 400 and < 500 ? bad.StatusCode : StatusCodes.Status400BadRequest;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = httpContext.Response.StatusCode, Title = "The request is not valid.", Detail = detail },
        });
    }
}
