using System.Text.Json;
using FairShot.Tests.Infrastructure;

namespace FairShot.Tests.Platform;

/// <summary>
/// The API document is the contract a county's or a partner's client is generated from: every
/// answer a resident endpoint can give must be in it, each failure with its ProblemDetails body.
/// The table below is the specification; an endpoint that answers a status its signature does not
/// list, or a new resident endpoint not in the table, fails here.
/// </summary>
public sealed class OpenApiTests(FairShotApp app) : IClassFixture<FairShotApp>
{
    private static readonly Dictionary<string, int[]> ResidentAnswers = new()
    {
        ["POST /api/v1/registrations"] = [201, 400, 429],
        ["POST /api/v1/registrations/status/code"] = [202, 400, 429],
        ["POST /api/v1/registrations/status"] = [200, 400, 429],
        ["POST /api/v1/invitations/{token}/code"] = [202, 404, 410, 429],
        ["POST /api/v1/invitations/{token}/verify"] = [200, 400, 401, 404, 410, 429],
        ["GET /api/v1/invitations/{token}/slots"] = [200, 401, 404, 410, 429],
        ["POST /api/v1/invitations/{token}/appointments"] = [201, 400, 401, 404, 409, 410, 429],
        ["POST /api/v1/appointments/{confirmationCode}/code"] = [202, 404, 429],
        ["POST /api/v1/appointments/{confirmationCode}/verify"] = [200, 400, 401, 404, 429],
        ["GET /api/v1/appointments/{confirmationCode}"] = [200, 401, 404, 429],
        ["POST /api/v1/appointments/{confirmationCode}/cancel"] = [200, 401, 404, 409, 429],
        ["GET /api/v1/appointments/{confirmationCode}/slots"] = [200, 401, 404, 409, 429],
        ["POST /api/v1/appointments/{confirmationCode}/move"] = [200, 400, 401, 404, 409, 429],
    };

    private async Task<Dictionary<string, JsonElement>> ResidentOperationsAsync()
    {
        var doc = await (await app.CreateClient().GetAsync("/openapi/v1.json")).JsonAsync();
        var operations = new Dictionary<string, JsonElement>();
        foreach (var path in doc.GetProperty("paths").EnumerateObject())
        {
            var route = path.Name.TrimEnd('/');
            if (!route.StartsWith("/api/v1/registrations", StringComparison.Ordinal) && !route.StartsWith("/api/v1/invitations", StringComparison.Ordinal)
                && !route.StartsWith("/api/v1/appointments", StringComparison.Ordinal))
            {
                continue;
            }
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "patch" or "delete"))
            {
                operations[$"{operation.Name.ToUpperInvariant()} {route}"] = operation.Value;
            }
        }
        return operations;
    }

    [Fact]
    public async Task ResidentEndpoints_DeclareEveryAnswerTheyGive()
    {
        var operations = await ResidentOperationsAsync();

        Assert.Equal(ResidentAnswers.Keys.Order(), operations.Keys.Order());
        foreach (var (name, expected) in ResidentAnswers)
        {
            var declared = operations[name].GetProperty("responses").EnumerateObject().Select(r => int.Parse(r.Name)).Order().ToArray();
            Assert.True(expected.Order().SequenceEqual(declared), $"{name} declares [{string.Join(", ", declared)}], answers [{string.Join(", ", expected.Order())}]");
        }
    }

    [Fact]
    public async Task ResidentFailures_CarryAProblemDetailsBody()
    {
        foreach (var (name, operation) in await ResidentOperationsAsync())
        {
            foreach (var response in operation.GetProperty("responses").EnumerateObject().Where(r => r.Name[0] == '4'))
            {
                Assert.True(response.Value.TryGetProperty("content", out var content) && content.TryGetProperty("application/problem+json", out var body)
                    && body.TryGetProperty("schema", out _), $"{name} {response.Name} has no application/problem+json body");
            }
        }
    }

    [Fact]
    public async Task InvitationEndpoints_NameTheTokenInTheirPath()
    {
        foreach (var (name, operation) in (await ResidentOperationsAsync()).Where(o => o.Key.Contains("{token}", StringComparison.Ordinal)))
        {
            Assert.True(operation.TryGetProperty("parameters", out var parameters)
                && parameters.EnumerateArray().Any(p => p.GetProperty("name").GetString() == "token" && p.GetProperty("in").GetString() == "path"),
                $"{name} does not declare its token");
        }
    }
}
