using System.Net;
using FairShot.Domain;
using FairShot.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Tests.Vaccination;

/// <summary>The clinic desk's console pages (queue, check-in, record, summary) answer only the day's clinic's staff.</summary>
public sealed class DeskPagesTests(FairShotApp app) : IClassFixture<FairShotApp>
{
    private readonly DeskFlow _desk = new(app);

    private async Task<HttpClient> ConsoleAsync(params string[] clinicIds)
    {
        var (email, password, _) = await _desk.StaffAsync(StaffRoles.ClinicStaff, clinicIds);
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var signedIn = await Forms.PostAsync(client, "/console/login", "/console/login", ("Email", email), ("Password", password));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return client;
    }

    private static void AssertDenied(HttpResponseMessage response, string page)
    {
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{page}: {(int)response.StatusCode}");
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            Assert.Equal("/console/denied", new Uri(new Uri("http://localhost"), response.Headers.Location!).AbsolutePath);
        }
    }

    [Fact]
    public async Task DeskPages_ForClinicStaffOfAnotherClinic_AreDenied_AndTheirCheckInChangesNothing()
    {
        var (clinicId, dayId, day) = await _desk.DayAsync();
        var (otherClinicId, otherDay, _) = await _desk.DayAsync();
        var booked = await _desk.BookAsync(DeskFlow.Slot(day));
        var theirs = await ConsoleAsync(otherClinicId);
        var mine = await ConsoleAsync(clinicId);

        foreach (var page in new[] { "queue", "check-in", $"record/{booked.AppointmentId}", "summary" })
        {
            AssertDenied(await theirs.GetAsync($"/console/clinic-days/{dayId}/{page}"), page);
        }
        // Their form token comes from their own (allowed) check-in page; the post names this day.
        var posted = await Forms.PostAsync(theirs, $"/console/clinic-days/{otherDay}/check-in", $"/console/clinic-days/{dayId}/check-in",
            ("ConfirmationCode", booked.ConfirmationCode), ("DateOfBirth", booked.DateOfBirth.ToString("yyyy-MM-dd")));
        AssertDenied(posted, "check-in post");
        var state = await app.WithDbAsync(db => db.Appointments.AsNoTracking().Where(a => a.Id == Guid.Parse(booked.AppointmentId)).Select(a => a.State).SingleAsync());
        Assert.Equal(AppointmentState.Booked, state);

        foreach (var page in new[] { "queue", "check-in", $"record/{booked.AppointmentId}", "summary" })
        {
            Assert.Equal(HttpStatusCode.OK, (await mine.GetAsync($"/console/clinic-days/{dayId}/{page}")).StatusCode);
        }
    }
}
