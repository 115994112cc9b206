using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FairShot.Domain;
using FairShot.Tests.Features;
using FairShot.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Tests.Vaccination;

/// <summary>The clinic desk as a nurse drives it: booked people, clinic staff, check-in and recording through the API.</summary>
public sealed class DeskFlow(FairShotApp app)
{
    /// <summary>The fake clock's date in Chicago (09:00); days planned from noon so their slots can still be booked.</summary>
    public const string Today = "2027-02-01";

    public InvitationFlow Flow { get; } = new(app);

    public sealed record Booked(string AppointmentId, string ConfirmationCode, string SiteCode, DateOnly DateOfBirth, string PersonId, JsonElement Answer);

    public async Task<(string ClinicId, string DayId, JsonElement Day)> DayAsync(string date = Today, int slots = 2, int perSlot = 5, string cvx = "212", string? clinicId = null) =>
        await Flow.ClinicDayAsync(date: date, slots: slots, perSlot: perSlot, cvx: cvx, clinicId: clinicId, opensAt: "12:00");

    public static string Slot(JsonElement day, int index = 0) => day.GetProperty("slots")[index].GetProperty("id").GetString()!;

    /// <summary>A registered person booked by staff into the slot; the site code read back from the answer.</summary>
    public async Task<Booked> BookAsync(string slotId)
    {
        var person = await Flow.RegisterAsync();
        var admin = await Flow.AdminAsync();
        var answer = await (await admin.PostAsJsonAsync($"/api/v1/admin/people/{person.Id}/appointments", new { slotId, reason = "booked by phone" }))
            .JsonAsync(HttpStatusCode.Created);
        var code = answer.GetProperty("confirmationCode").GetString()!;
        var appointment = await app.WithDbAsync(db => db.Appointments.AsNoTracking().SingleAsync(a => a.ConfirmationCode == code));
        return new Booked(appointment.Id.ToString(), code, appointment.SiteCode, person.DateOfBirth, person.Id, answer);
    }

    public async Task<(string Email, string Password, string Id)> StaffAsync(string role, params string[] clinicIds)
    {
        var admin = await Flow.AdminAsync();
        var email = $"desk-{Guid.NewGuid():N}@test.local";
        var created = await (await admin.PostAsJsonAsync("/api/v1/admin/staff", new { email, displayName = "Nora Nurse", roles = new[] { role }, clinicIds }))
            .JsonAsync(HttpStatusCode.Created);
        return (email, created.GetProperty("initialPassword").GetString()!, created.GetProperty("staff").GetProperty("id").GetString()!);
    }

    public async Task<HttpClient> NurseAsync(params string[] clinicIds)
    {
        var (email, password, _) = await StaffAsync(StaffRoles.ClinicStaff, clinicIds);
        return await app.CreateStaffClientAsync(email, password);
    }

    /// <summary>A console (cookie) session, redirects not followed, as the desk pages are used.</summary>
    public async Task<HttpClient> ConsoleAsync(string email, string password)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var signedIn = await Forms.PostAsync(client, "/console/login", "/console/login", ("Email", email), ("Password", password));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return client;
    }

    /// <summary>The console's refusal of a signed-in user: 403, 404 or the "not allowed" page.</summary>
    public static void AssertDenied(HttpResponseMessage response, string what)
    {
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{what}: {(int)response.StatusCode}");
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            Assert.Equal("/console/denied", new Uri(new Uri("http://localhost"), response.Headers.Location!).AbsolutePath);
        }
    }

    public static async Task<HttpResponseMessage> CheckInAsync(HttpClient staff, Booked booked, DateOnly? dateOfBirth = null, string? clinicDayId = null) =>
        await staff.PostAsJsonAsync("/api/v1/clinic/check-ins",
            new { confirmationCode = booked.ConfirmationCode, dateOfBirth = (dateOfBirth ?? booked.DateOfBirth).ToString("yyyy-MM-dd"), clinicDayId });

    public static async Task<HttpResponseMessage> RecordAsync(HttpClient staff, Booked booked, string? lot = null, string? siteCode = null, string? outcome = null,
        string? reason = null) =>
        await staff.PostAsJsonAsync("/api/v1/clinic/administrations",
            new { appointmentId = booked.AppointmentId, siteCode = siteCode ?? booked.SiteCode, outcome, reason, lot, route = "IM", bodySite = "LD" });

    public async Task<StockLot> LotAsync(string clinicId, string lot) =>
        await app.WithDbAsync(db => db.StockLots.AsNoTracking().SingleAsync(l => l.ClinicId == Guid.Parse(clinicId) && l.Lot == lot));

    public async Task<StockBalance> BalanceAsync(string clinicId, string cvx) =>
        await app.WithDbAsync(db => db.StockBalances.AsNoTracking().SingleAsync(b => b.ClinicId == Guid.Parse(clinicId) && b.ProductCvx == cvx));
}
