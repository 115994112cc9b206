using System.Net;
using System.Net.Http.Json;

namespace FairShot.Tests.Infrastructure;

/// <summary>Seats need doses behind them: tests that plan clinic days receive stock first, as staff would.</summary>
public static class Stock
{
    public const string Expiry = "2099-12-31";

    public static async Task ReceiveAsync(HttpClient staff, string clinicId, string cvx, int doses, string? lot = null, string? arrivesOn = null, string expiresOn = Expiry)
    {
        var response = await staff.PostAsJsonAsync("/api/v1/admin/shipments",
            new { clinicId, cvxCode = cvx, lot = lot ?? $"T{cvx}", expiresOn, doses, arrivesOn });
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Receiving stock failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Plenty of each 2021 product, for tests about something other than supply.</summary>
    public static async Task PlentyAsync(HttpClient staff, string clinicId)
    {
        foreach (var cvx in new[] { "207", "208", "212" })
        {
            await ReceiveAsync(staff, clinicId, cvx, 100_000);
        }
    }
}
