using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FairShot.Domain;
using FairShot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Tests.Integrity;

public sealed class IntegrityTests : FreshAppTest
{
    private const string Header = "firstName,lastName,dateOfBirth,email,phone,zipCode,startsAt\n";

    private async Task<JsonElement> ImportAsync(HttpClient admin, string dayId, string body, string query = "", string type = "text/csv") =>
        await (await admin.PostAsync($"/api/v1/admin/imports/appointments?clinicDayId={dayId}&partner=Portal{query}", new StringContent(body, Encoding.UTF8, type))).JsonAsync();

    [Fact]
    public async Task Import_RowForAFullSlot_IsNamedByLine_AndNothingIsImportedUnlessGoodRowsOnly()
    {
        var admin = await App.CreateStaffClientAsync();
        var (_, dayId, _) = await Flow.ClinicDayAsync(slots: 2, perSlot: 1, opensAt: "09:00");
        var csv = Header
            + "Ann,One,1960-01-01,ann@example.org,,63050,2027-03-01T09:00\n"
            + "Bob,Two,1961-01-01,bob@example.org,,63050,2027-03-01T09:00\n"
            + "Cy,Three,1962-01-01,,not-a-phone,63050,2027-03-01T09:15\n";

        var all = await ImportAsync(admin, dayId, csv);

        Assert.Equal(0, all.GetProperty("imported").GetInt32());
        var lines = all.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("line").GetInt32()).ToList();
        Assert.Equal([3, 4], lines);
        Assert.Contains("full", all.GetProperty("errors")[0].GetProperty("reason").GetString()!, StringComparison.Ordinal);
        Assert.Equal(0, await App.WithDbAsync(db => db.Appointments.CountAsync()));
        Assert.Equal(0, await App.WithDbAsync(db => db.People.CountAsync()));

        var good = await ImportAsync(admin, dayId, csv, "&goodRowsOnly=true");

        Assert.Equal(1, good.GetProperty("imported").GetInt32());
        var appointment = await App.WithDbAsync(db => db.Appointments.SingleAsync());
        Assert.Equal(AppointmentChannel.Import, appointment.Channel);
        Assert.Equal("Portal", appointment.ImportPartner);
        Assert.Equal(good.GetProperty("batchId").GetGuid(), appointment.ImportBatchId);
        Assert.Equal(RegistrationSource.Import, (await App.WithDbAsync(db => db.People.SingleAsync())).Source);
        Assert.Equal(0, await App.WithDbAsync(db => db.Slots.CountAsync(s => s.Booked > s.Capacity)));
        Assert.Equal(1, (await App.WithDbAsync(db => db.ImportBatches.SingleAsync())).Imported);
    }

    [Fact]
    public async Task Import_FhirBundleOfARegistrant_MatchesThem_AndTheReportFindsAValidChain()
    {
        var admin = await App.CreateStaffClientAsync();
        var (_, dayId, _) = await Flow.ClinicDayAsync();
        var invitee = await Flow.RegisterAsync();
        var person = await App.WithDbAsync(db => db.People.SingleAsync());
        App.Clock.Advance(TimeSpan.FromMinutes(5));
        var bundle = JsonSerializer.Serialize(new
        {
            resourceType = "Bundle",
            type = "collection",
            entry = new object[]
            {
                new { fullUrl = "urn:uuid:p1", resource = new { resourceType = "Patient", id = "p1", name = new[] { new { family = person.LastName, given = new[] { person.FirstName } } },
                    birthDate = person.DateOfBirth.ToString("yyyy-MM-dd"), telecom = new[] { new { system = "email", value = invitee.Email } }, address = new[] { new { postalCode = "63050" } } } },
                new { resource = new { resourceType = "Appointment", status = "booked", start = "2027-03-01T09:15:00-06:00",
                    participant = new[] { new { actor = new { reference = "Patient/p1" } } } } },
            },
        });

        var result = await ImportAsync(admin, dayId, bundle, type: "application/fhir+json");

        Assert.Equal(1, result.GetProperty("imported").GetInt32());
        Assert.Equal(1, result.GetProperty("matched").GetInt32());
        var appointment = await App.WithDbAsync(db => db.Appointments.SingleAsync());
        Assert.Equal(person.Id, appointment.PersonId);
        var report = await (await admin.GetAsync($"/api/v1/admin/integrity?clinicDayId={dayId}")).JsonAsync();
        Assert.Equal(0, report.GetProperty("findings").GetArrayLength());
    }

    [Fact]
    public async Task Report_StaffBookingBeforeThePhaseOpened_IsPhaseNotOpen_ThoughItIsOpenNow()
    {
        var admin = await App.CreateStaffClientAsync();
        var (_, dayId, _) = await Flow.ClinicDayAsync();
        var teacher = await Flow.RegisterAsync(occupation: "teacher");
        var slot = await App.WithDbAsync(db => db.Slots.FirstAsync(s => s.ClinicDayId == Guid.Parse(dayId)));
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"/api/v1/admin/people/{teacher.Id}/appointments", new { slotId = slot.Id, reason = "called the help line" })).StatusCode);
        // Minutes, not hours: the staff token would run out under the test clock.
        App.Clock.Advance(TimeSpan.FromMinutes(5));
        (await admin.PostAsync("/api/v1/admin/phases/1b/open", null)).EnsureSuccessStatusCode();

        var report = await (await admin.GetAsync($"/api/v1/admin/integrity?clinicDayId={dayId}")).JsonAsync();

        var finding = Assert.Single(report.GetProperty("findings").EnumerateArray());
        Assert.Equal(["phaseNotOpen"], finding.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!).ToList());
        Assert.Equal(1, report.GetProperty("counts").GetProperty("phaseNotOpen").GetInt32());
    }

    [Fact]
    public async Task CallList_BySchedulers_CancelledByPerson_CancelsTheAppointment_AndLeavesNoneToCall()
    {
        var admin = await App.CreateStaffClientAsync();
        var (_, dayId, _) = await Flow.ClinicDayAsync();
        var nurse = await Flow.RegisterAsync();
        var slot = await App.WithDbAsync(db => db.Slots.FirstAsync(s => s.ClinicDayId == Guid.Parse(dayId)));
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"/api/v1/admin/people/{nurse.Id}/appointments", new { slotId = slot.Id, reason = "called the help line" })).StatusCode);
        // The call list is for admins and schedulers (docs/api.md): the admin group's own policy must not stack on it.
        var scheduler = await StaffAsync(StaffRoles.Scheduler);
        var caller = await StaffAsync(StaffRoles.ClinicStaff);
        Assert.Equal(HttpStatusCode.Forbidden, (await caller.GetAsync($"/api/v1/admin/integrity/call-list?clinicDayId={dayId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await scheduler.GetAsync($"/api/v1/admin/integrity?clinicDayId={dayId}")).StatusCode);
        var list = await (await scheduler.GetAsync($"/api/v1/admin/integrity/call-list?clinicDayId={dayId}")).JsonAsync();
        Assert.Equal(1, list.GetProperty("leftToCall").GetInt32());
        var appointmentId = list.GetProperty("entries")[0].GetProperty("appointmentId").GetGuid();

        var after = await (await scheduler.PostAsJsonAsync($"/api/v1/admin/integrity/call-list?clinicDayId={dayId}", new { appointmentId, outcome = "cancelledByPerson" })).JsonAsync();

        Assert.Equal(0, after.GetProperty("leftToCall").GetInt32());
        Assert.Equal("cancelledByPerson", after.GetProperty("entries")[0].GetProperty("outcome").GetString());
        Assert.Equal(AppointmentState.Cancelled, (await App.WithDbAsync(db => db.Appointments.SingleAsync())).State);
        Assert.Equal(0, (await App.WithDbAsync(db => db.Slots.SingleAsync(s => s.Id == slot.Id))).Booked);
    }

    private async Task<HttpClient> StaffAsync(string role)
    {
        var admin = await App.CreateStaffClientAsync();
        var email = $"staff-{Guid.NewGuid():N}@test.local";
        var created = await (await admin.PostAsJsonAsync("/api/v1/admin/staff", new { email, displayName = "Sam Staff", roles = new[] { role } })).JsonAsync(HttpStatusCode.Created);
        return await App.CreateStaffClientAsync(email, created.GetProperty("initialPassword").GetString()!);
    }

    [Fact]
    public async Task Story_OfAnInviteeWhoBooked_TellsRegisteredInvitedVerifiedBooked_InOrder_WithWhoDidIt()
    {
        var (_, dayId, _) = await Flow.ClinicDayAsync();
        var invitee = await Flow.RegisterAsync();
        await Flow.WaveAsync(dayId, new { count = 1 });
        var (token, client) = await Flow.VerifiedAsync(invitee);
        var slot = await App.WithDbAsync(db => db.Slots.FirstAsync(s => s.ClinicDayId == Guid.Parse(dayId)));
        Assert.Equal(HttpStatusCode.Created, (await Features.InvitationFlow.BookAsync(client, token, slot.Id.ToString())).StatusCode);
        var admin = await App.CreateStaffClientAsync();

        var story = await (await admin.GetAsync($"/api/v1/admin/people/{invitee.Id}/story")).JsonAsync();

        var what = story.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("what").GetString()!).ToList();
        var order = new[] { "registered", "invited", "code sent", "verified (code and date of birth)", "booked" }.Select(w => what.IndexOf(w)).ToList();
        Assert.DoesNotContain(-1, order);
        Assert.Equal(order.Order().ToList(), order);
        var invited = story.GetProperty("events").EnumerateArray().First(e => e.GetProperty("what").GetString() == "invited");
        Assert.StartsWith("staff: ", invited.GetProperty("by").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(invitee.Email, story.ToString(), StringComparison.Ordinal);
    }
}
