using System.Net;
using System.Net.Http.Json;
using FairShot.Domain;
using FairShot.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Tests.Features;

/// <summary>
/// Staff belong to clinics: clinic staff act only on their clinics, add leftover-dose seats only on
/// the clinic day itself, and cannot read the county's line. Leftover doses reported at the same
/// moment all become seats.
/// </summary>
public sealed class ClinicScopeTests : FreshAppTest
{
    private async Task<(string Email, string Password, string Id)> StaffAsync(string role, params string[] clinicIds)
    {
        var admin = await Flow.AdminAsync();
        var email = $"staff-{Guid.NewGuid():N}@test.local";
        var created = await (await admin.PostAsJsonAsync("/api/v1/admin/staff", new { email, displayName = "Casey Clinic", roles = new[] { role }, clinicIds }))
            .JsonAsync(HttpStatusCode.Created);
        return (email, created.GetProperty("initialPassword").GetString()!, created.GetProperty("staff").GetProperty("id").GetString()!);
    }

    private async Task<HttpClient> ConsoleAsync(string email, string password)
    {
        var client = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var signedIn = await Forms.PostAsync(client, "/console/login", "/console/login", ("Email", email), ("Password", password));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return client;
    }

    /// <summary>The console's answer to a signed-in user without the right: the "not allowed" page.</summary>
    private static void AssertDenied(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/console/denied", new Uri(new Uri("http://localhost"), response.Headers.Location!).AbsolutePath);
    }

    private async Task<int> SeatsAsync(string dayId) => await App.WithDbAsync(db => db.Slots.Where(s => s.ClinicDayId == Guid.Parse(dayId)).SumAsync(s => s.Capacity));

    [Fact]
    public async Task LeftoverDoses_ByClinicStaffOfAnotherClinic_Is403_OnTheApiAndThePage_AndAddsNoSeat()
    {
        // Today is 2027-02-01 in Chicago (09:00); both clinics open at noon.
        var (mine, myDay, _) = await Flow.ClinicDayAsync(date: "2027-02-01", slots: 2, perSlot: 1, opensAt: "12:00");
        var (_, theirDay, _) = await Flow.ClinicDayAsync(date: "2027-02-01", slots: 2, perSlot: 1, opensAt: "12:00");
        var (email, password, _) = await StaffAsync(StaffRoles.ClinicStaff, mine);
        var nurse = await App.CreateStaffClientAsync(email, password);
        var console = await ConsoleAsync(email, password);

        var theirs = await nurse.PostAsJsonAsync($"/api/v1/admin/clinic-days/{theirDay}/leftover-doses", new { doses = 100 });
        var theirPage = await console.GetAsync($"/console/clinic-days/{theirDay}/leftover");
        var theirDayPage = await console.GetAsync($"/console/clinic-days/{theirDay}");
        var own = await nurse.PostAsJsonAsync($"/api/v1/admin/clinic-days/{myDay}/leftover-doses", new { doses = 3 });

        await theirs.AssertProblemAsync(HttpStatusCode.Forbidden);
        AssertDenied(theirPage);
        AssertDenied(theirDayPage);
        Assert.Equal(2, await SeatsAsync(theirDay));
        Assert.Equal(3, (await own.JsonAsync()).GetProperty("seats").GetInt32());
        Assert.Equal(5, await SeatsAsync(myDay));
        Assert.Equal(HttpStatusCode.OK, (await console.GetAsync($"/console/clinic-days/{myDay}/leftover")).StatusCode);
    }

    [Fact]
    public async Task LeftoverDoses_ForADayThatIsNotTodayAtTheClinic_Is409_EvenForAnAdmin()
    {
        var (_, nextWeek, _) = await Flow.ClinicDayAsync(date: "2027-02-08", slots: 2, perSlot: 1);
        var admin = await Flow.AdminAsync();

        var answer = await (await admin.PostAsJsonAsync($"/api/v1/admin/clinic-days/{nextWeek}/leftover-doses", new { doses = 100 })).AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.Contains("today at", answer.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, await SeatsAsync(nextWeek));
    }

    [Fact]
    public async Task LeftoverDoses_EightAtOnceForTheSameDay_NoneFails_AndEveryDoseBecomesOneSeat()
    {
        var (clinicId, dayId, _) = await Flow.ClinicDayAsync(date: "2027-02-01", slots: 2, perSlot: 1, opensAt: "12:00");
        var admin = await Flow.AdminAsync();
        for (var i = 0; i < 6; i++)
        {
            var person = await Flow.RegisterAsync();
            (await admin.PutAsJsonAsync($"/api/v1/admin/people/{person.Id}/standby", new { clinicIds = new[] { clinicId } })).EnsureSuccessStatusCode();
        }

        var answers = await Task.WhenAll(Enumerable.Range(1, 8).Select(async doses =>
            (Doses: doses, (await admin.PostAsJsonAsync($"/api/v1/admin/clinic-days/{dayId}/leftover-doses", new { doses })).StatusCode)));

        Assert.DoesNotContain(answers, a => (int)a.StatusCode >= 500);
        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        var added = answers.Where(a => a.StatusCode == HttpStatusCode.OK).Sum(a => a.Doses);
        Assert.True(added > 0);
        Assert.Equal(2 + added, await SeatsAsync(dayId));
        // Leftover doses reported for a day go into one closing slot after its planned hours.
        Assert.Equal(3, await App.WithDbAsync(db => db.Slots.CountAsync(s => s.ClinicDayId == Guid.Parse(dayId))));
    }

    [Fact]
    public async Task Line_ForClinicStaff_Is403_OnTheApiAndThePage_WhileOthersStillReadIt()
    {
        var (clinicId, _, _) = await Flow.ClinicDayAsync();
        await Flow.RegisterAsync();
        var (email, password, _) = await StaffAsync(StaffRoles.ClinicStaff, clinicId);
        var (agentEmail, agentPassword, _) = await StaffAsync(StaffRoles.CallCentre);
        var console = await ConsoleAsync(email, password);

        var api = await (await App.CreateStaffClientAsync(email, password)).GetAsync("/api/v1/admin/line");
        var page = await console.GetAsync("/console/line");
        var person = await App.WithDbAsync(db => db.People.Select(p => p.Id).FirstAsync());
        var registration = await console.GetAsync($"/console/registrations/{person}");
        var home = await console.GetStringAsync("/console");

        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        AssertDenied(page);
        AssertDenied(registration);
        Assert.DoesNotContain("href=\"/console/line\"", home, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await (await App.CreateStaffClientAsync(agentEmail, agentPassword)).GetAsync("/api/v1/admin/line")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await Flow.AdminAsync()).GetAsync("/api/v1/admin/line")).StatusCode);
    }

    [Fact]
    public async Task Clinics_ForClinicStaff_ListOnlyTheirs_AndAnotherClinicAndItsDaysAre403()
    {
        var (mine, myDay, _) = await Flow.ClinicDayAsync();
        var (theirs, theirDay, _) = await Flow.ClinicDayAsync();
        var (email, password, _) = await StaffAsync(StaffRoles.ClinicStaff, mine);
        var nurse = await App.CreateStaffClientAsync(email, password);
        var console = await ConsoleAsync(email, password);

        var listed = (await (await nurse.GetAsync("/api/v1/admin/clinics")).JsonAsync()).EnumerateArray().Select(c => c.GetProperty("id").GetString()).ToList();
        var home = await console.GetStringAsync("/console");

        Assert.Equal([mine], listed);
        Assert.Equal(HttpStatusCode.OK, (await nurse.GetAsync($"/api/v1/admin/clinics/{mine}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await nurse.GetAsync($"/api/v1/admin/clinic-days/{myDay}")).StatusCode);
        await (await nurse.GetAsync($"/api/v1/admin/clinics/{theirs}")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await nurse.GetAsync($"/api/v1/admin/clinic-days/{theirDay}")).AssertProblemAsync(HttpStatusCode.Forbidden);
        AssertDenied(await console.GetAsync($"/console/clinics/{theirs}"));
        Assert.Contains(myDay, home, StringComparison.Ordinal);
        Assert.DoesNotContain(theirDay, home, StringComparison.Ordinal);
        Assert.Equal(2, (await (await (await Flow.AdminAsync()).GetAsync("/api/v1/admin/clinics")).JsonAsync()).GetArrayLength());
    }

    [Fact]
    public async Task StaffClinics_AreSetByAnAdmin_OnCreateAndWithPut_TakeEffectAtOnce_AndNobodyElseMaySetThem()
    {
        var (first, firstDay, _) = await Flow.ClinicDayAsync();
        var (second, secondDay, _) = await Flow.ClinicDayAsync();
        var (email, password, id) = await StaffAsync(StaffRoles.ClinicStaff, first);
        var (schedulerEmail, schedulerPassword, _) = await StaffAsync(StaffRoles.Scheduler);
        var nurse = await App.CreateStaffClientAsync(email, password);
        var admin = await Flow.AdminAsync();
        (await nurse.GetAsync($"/api/v1/admin/clinic-days/{secondDay}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var set = await (await admin.PutAsJsonAsync($"/api/v1/admin/staff/{id}/clinics", new { clinicIds = new[] { second } })).JsonAsync();

        Assert.Equal([second], set.GetProperty("clinicIds").EnumerateArray().Select(c => c.GetString()));
        (await nurse.GetAsync($"/api/v1/admin/clinic-days/{secondDay}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await nurse.GetAsync($"/api/v1/admin/clinic-days/{firstDay}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var scheduler = await App.CreateStaffClientAsync(schedulerEmail, schedulerPassword);
        (await scheduler.PutAsJsonAsync($"/api/v1/admin/staff/{id}/clinics", new { clinicIds = new[] { first } })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await nurse.PutAsJsonAsync($"/api/v1/admin/staff/{id}/clinics", new { clinicIds = new[] { first } })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        await (await admin.PutAsJsonAsync($"/api/v1/admin/staff/{id}/clinics", new { clinicIds = new[] { Guid.NewGuid() } })).AssertProblemAsync(HttpStatusCode.BadRequest, "clinicIds");
        await (await admin.PostAsJsonAsync("/api/v1/admin/staff", new { email = "x@test.local", displayName = "X", roles = new[] { "ClinicStaff" }, clinicIds = new[] { Guid.NewGuid() } }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "clinicIds");
        var listed = (await (await admin.GetAsync("/api/v1/admin/staff")).JsonAsync()).EnumerateArray().Single(s => s.GetProperty("id").GetString() == id);
        Assert.Equal([second], listed.GetProperty("clinicIds").EnumerateArray().Select(c => c.GetString()));
        await App.SealAuditLogAsync();
        var audit = await (await admin.GetAsync($"/api/v1/admin/audit?entityType=Staff&entityId={id}")).JsonAsync();
        Assert.Equal(["staff.clinics-set", "staff.created"], audit.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()));
    }

    [Fact]
    public async Task StaffPage_AnAdminAssignsClinics_WithTheCheckboxesInAPersonsRow()
    {
        var (clinicId, _, _) = await Flow.ClinicDayAsync();
        var (_, _, id) = await StaffAsync(StaffRoles.ClinicStaff);
        var admin = await ConsoleAsync(FairShotApp.AdminEmail, FairShotApp.AdminPassword);

        var saved = await Forms.PostAsync(admin, "/console/staff", $"/console/staff?handler=Clinics&id={id}", ("ClinicIds", clinicId));
        var page = await admin.GetStringAsync(saved.Headers.Location!.OriginalString);

        Assert.Equal($"/console/staff?assigned={id}", saved.Headers.Location?.OriginalString);
        Assert.Contains("Casey Clinic's clinics: Clinic ", page, StringComparison.Ordinal);
        Assert.Equal(Guid.Parse(clinicId), await App.WithDbAsync(db => db.StaffClinics.Where(s => s.StaffUserId == Guid.Parse(id)).Select(s => s.ClinicId).SingleAsync()));
    }
}
