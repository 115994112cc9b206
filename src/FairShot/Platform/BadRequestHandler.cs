using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace FairShot.Platform;

/// <summary>
/// Malformed JSON, wrong types and oversized bodies are the caller's mistake: a 400 ProblemDetails
/// that says where, never a 500. Minimal APIs throw <see cref="BadHttpRequestException"/> for these
/// (ThrowOnBadRequest is on), and this turns them into answers. So is text holding U+0000, which
/// PostgreSQL cannot store (SQLSTATE 22021, found by the reliability fuzz on sign-in, clinic and
/// clinic-day fields): the statement failed, its transaction rolled back, and the caller is told.
/// </summary>
internal sealed class BadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (IsNulInText(exception))
        {
            httpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                Exception = exception,
                ProblemDetails = new ProblemDetails { Status = 400, Title = "The request is not valid.", Detail = "Text may not contain the NUL character (U+0000)." },
            });
        }
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

    private static bool IsNulInText(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.CharacterNotInRepertoire })
            {
                return true;
            }
        }
        return false;
    }
}
