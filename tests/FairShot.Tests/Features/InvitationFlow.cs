using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using FairShot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Tests.Features;

/// <summary>Drives the invitation path through the API the way an invitee (or an attacker) would.</summary>
public sealed partial class InvitationFlow(FairShotApp app)
{
    public static readonly DateOnly Today = new(2027, 2, 1);

    [GeneratedRegex(@"/i/([A-Za-z0-9_-]{43})")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"\b(\d{6})\b")]
    private static partial Regex CodePattern();

    public sealed record Invitee(string Email, DateOnly DateOfBirth, string Id);

    public async Task<HttpClient> AdminAsync() => await app.CreateStaffClientAsync();

    public async Task<(string ClinicId, string DayId, JsonElement Day)> ClinicDayAsync(string date = "2027-03-01", int slots = 4, int perSlot = 5, string cvx = "212", string? clinicId = null, string opensAt = "09:00")
    {
        var admin = await AdminAsync();
        if (clinicId is null)
        {
            clinicId = (await (await admin.PostAsJsonAsync("/api/v1/admin/clinics", new { name = $"Clinic {Guid.NewGuid():N}", address = "1 Main St, Hillsboro, MO", timeZone = "America/Chicago" }))
                .JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
            await Stock.PlentyAsync(admin, clinicId);
        }
        var closes = TimeOnly.Parse(opensAt, System.Globalization.CultureInfo.InvariantCulture).AddMinutes(15 * slots).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        var day = await (await admin.PostAsJsonAsync($"/api/v1/admin/clinics/{clinicId}/days",
            new { date, opensAt, closesAt = closes, slotMinutes = 15, capacityPerSlot = perSlot, cvxCode = cvx })).JsonAsync(HttpStatusCode.Created);
        return (clinicId, day.GetProperty("id").GetString()!, day);
    }

    /// <summary>A nurse (phase 1a, open) with her own e-mail.</summary>
    public async Task<Invitee> RegisterAsync(string occupation = "healthcare", string language = "en", int age = 40)
    {
        var email = $"{Guid.NewGuid():N}@example.org";
        var dob = Today.AddYears(-age).AddDays(-Random.Shared.Next(1, 300));
        var created = await (await app.CreateClient().PostAsJsonAsync("/api/v1/registrations", new
        {
            firstName = "Inv" + Guid.NewGuid().ToString("N")[..6],
            lastName = "Itee",
            dateOfBirth = dob.ToString("yyyy-MM-dd"),
            email,
            zipCode = "63050",
            occupation,
            setting = "home",
            language,
        })).JsonAsync(HttpStatusCode.Created);
        return new Invitee(email, dob, created.GetProperty("id").GetString()!);
    }

    public async Task<JsonElement> WaveAsync(string dayId, object? body = null, HttpStatusCode expected = HttpStatusCode.Created) =>
        await (await (await AdminAsync()).PostAsJsonAsync($"/api/v1/admin/clinic-days/{dayId}/invitations", body ?? new { count = 50 })).JsonAsync(expected);

    public async Task<string> LinkTokenAsync(string email) =>
        LinkPattern().Match((await app.WithDbAsync(db => db.Outbox.Where(m => m.Recipient == email && m.Template == "invitation")
            .OrderByDescending(m => m.CreatedAt).FirstAsync())).Body).Groups[1].Value;

    public async Task<string> LatestCodeAsync(string email) =>
        CodePattern().Match((await app.WithDbAsync(db => db.Outbox.Where(m => m.Recipient == email && m.Template == "invitation-code")
            .OrderByDescending(m => m.CreatedAt).FirstAsync())).Body).Groups[1].Value;

    public async Task<HttpResponseMessage> RequestCodeAsync(string token, HttpClient? client = null) =>
        await (client ?? app.CreateClient()).PostAsync($"/api/v1/invitations/{token}/code", null);

    public async Task<HttpResponseMessage> VerifyAsync(string token, string code, DateOnly dob, HttpClient? client = null) =>
        await (client ?? app.CreateClient()).PostAsJsonAsync($"/api/v1/invitations/{token}/verify", new { code, dateOfBirth = dob.ToString("yyyy-MM-dd") });

    /// <summary>Link, code, verification: a client holding the invitee's session.</summary>
    public async Task<(string Token, HttpClient Client)> VerifiedAsync(Invitee invitee)
    {
        var token = await LinkTokenAsync(invitee.Email);
        (await RequestCodeAsync(token)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var session = await (await VerifyAsync(token, await LatestCodeAsync(invitee.Email), invitee.DateOfBirth)).JsonAsync();
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", session.GetProperty("sessionToken").GetString());
        return (token, client);
    }

    public static async Task<HttpResponseMessage> BookAsync(HttpClient client, string token, string slotId, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/invitations/{token}/appointments") { Content = JsonContent.Create(new { slotId }) };
        request.Headers.Add("Idempotency-Key", key ?? Guid.NewGuid().ToString());
        return await client.SendAsync(request);
    }
}
