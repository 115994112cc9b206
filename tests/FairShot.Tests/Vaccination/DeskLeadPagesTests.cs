using System.Net;
using System.Net.Http.Json;
using FairShot.Domain;
using FairShot.Tests.Features.Supply;
using FairShot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Tests.Vaccination;

/// <summary>A clinic lead's pages (correct and void a recorded dose) and the staff page's lead boxes: non-leads are refused on GET and POST.</summary>
public sealed class DeskLeadPagesTests(FairShotApp app) : IClassFixture<FairShotApp>
{
    private readonly DeskFlow _desk = new(app);

    private sealed record Recorded(string ClinicId, string DayId, string AdministrationId, DeskFlow.Booked Booked);

    /// <summary>A dose of lot LEAD1 given today by a nurse of the clinic, through the API.</summary>
    private async Task<Recorded> RecordedAsync()
    {
        var (clinicId, dayId, day) = await _desk.DayAsync();
        var admin = await _desk.Flow.AdminAsync();
        await Stock.ReceiveAsync(admin, clinicId, "212", 10, lot: "LEAD1");
        await Stock.ReceiveAsync(admin, clinicId, "212", 10, lot: "LEAD2");
        var booked = await _desk.BookAsync(DeskFlow.Slot(day));
        var nurse = await _desk.NurseAsync(clinicId);
        (await DeskFlow.CheckInAsync(nurse, booked)).EnsureSuccessStatusCode();
        var recorded = await (await DeskFlow.RecordAsync(nurse, booked, lot: "LEAD1")).JsonAsync(HttpStatusCode.Created);
        return new Recorded(clinicId, dayId, recorded.GetProperty("administrationId").GetString()!, booked);
    }

    private async Task<HttpClient> ConsoleOfAsync(string clinicId, bool lead)
    {
        var (email, password, id) = await _desk.StaffAsync(StaffRoles.ClinicStaff, clinicId);
        if (lead)
        {
            var admin = await _desk.Flow.AdminAsync();
            (await admin.PutAsJsonAsync($"/api/v1/admin/staff/{id}/clinics", new { clinicIds = new[] { clinicId }, leadClinicIds = new[] { clinicId } })).EnsureSuccessStatusCode();
        }
        return await _desk.ConsoleAsync(email, password);
    }

    private async Task<Administration> RecordAsync(string id) =>
        await app.WithDbAsync(db => db.Administrations.AsNoTracking().SingleAsync(a => a.Id == Guid.Parse(id)));

    private static string Doses(Recorded r) => $"/console/clinic-days/{r.DayId}/doses/{r.AdministrationId}";

    [Fact]
    public async Task CorrectAndVoidPages_ForClinicStaffWhoAreNotLeads_ShowNoButtons_AndRefuseGetAndPost()
    {
        var r = await RecordedAsync();
        var nurse = await ConsoleOfAsync(r.ClinicId, lead: false);

        var recordPage = await nurse.GetStringAsync(Doses(r));
        var summary = await nurse.GetStringAsync($"/console/clinic-days/{r.DayId}/summary");
        Assert.Contains("Recorded: Given", recordPage, StringComparison.Ordinal);
        Assert.DoesNotContain("Void this record", recordPage, StringComparison.Ordinal);
        Assert.DoesNotContain($"{r.AdministrationId}/correct", recordPage, StringComparison.Ordinal);
        Assert.Contains(Doses(r) + "\"", summary, StringComparison.Ordinal); // listed, to look at
        Assert.DoesNotContain($"{r.AdministrationId}/void", summary, StringComparison.Ordinal);
        DeskFlow.AssertDenied(await nurse.GetAsync(Doses(r) + "/correct"), "correct page");
        DeskFlow.AssertDenied(await nurse.GetAsync(Doses(r) + "/void"), "void page");

        // A form token from a page they may use; the posts name the lead pages.
        var checkIn = $"/console/clinic-days/{r.DayId}/check-in";
        DeskFlow.AssertDenied(await Forms.PostAsync(nurse, checkIn, Doses(r) + "/void", ("Reason", "wrong person"), ("ReturnToStock", "true")), "void post");
        DeskFlow.AssertDenied(await Forms.PostAsync(nurse, checkIn, Doses(r) + "/correct", ("Lot", "LEAD2"), ("Reason", "wrong vial")), "correct post");

        var record = await RecordAsync(r.AdministrationId);
        Assert.Equal((AdministrationState.Recorded, "LEAD1"), (record.State, record.Lot));
        Assert.Equal((9, 10), ((await _desk.LotAsync(r.ClinicId, "LEAD1")).OnHand, (await _desk.LotAsync(r.ClinicId, "LEAD2")).OnHand));
    }

    [Fact]
    public async Task VoidPage_ByALead_NeedsAReasonAndWhereTheDoseWent_ThenVoidsIt_CountsItWasted_AndChecksThePersonInAgain()
    {
        var r = await RecordedAsync();
        var lead = await ConsoleOfAsync(r.ClinicId, lead: true);
        Assert.Contains("Void this record", await lead.GetStringAsync(Doses(r)), StringComparison.Ordinal);
        Assert.Contains($"{r.AdministrationId}/void", await lead.GetStringAsync($"/console/clinic-days/{r.DayId}/summary"), StringComparison.Ordinal);
        var before = await _desk.BalanceAsync(r.ClinicId, "212");

        var incomplete = await Forms.PostAsync(lead, Doses(r) + "/void", Doses(r) + "/void", ("Reason", " "));
        var html = await incomplete.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, incomplete.StatusCode);
        Assert.Contains("href=\"#Reason\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"#ReturnToStock\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"ReturnToStock\"", html, StringComparison.Ordinal);
        Assert.Equal(AdministrationState.Recorded, (await RecordAsync(r.AdministrationId)).State);

        var voided = await Forms.PostAsync(lead, Doses(r) + "/void", Doses(r) + "/void", ("Reason", "recorded for the wrong person"), ("ReturnToStock", "false"));

        Assert.Equal(HttpStatusCode.Redirect, voided.StatusCode);
        Assert.Equal(Doses(r) + "?changed=voided", voided.Headers.Location!.OriginalString);
        Assert.Contains("Voided record", await lead.GetStringAsync(voided.Headers.Location.OriginalString), StringComparison.Ordinal);
        var record = await RecordAsync(r.AdministrationId);
        Assert.Equal((AdministrationState.Voided, "recorded for the wrong person"), (record.State, record.ChangeReason));
        Assert.Equal(AppointmentState.CheckedIn, await app.WithDbAsync(db => db.Appointments.Where(a => a.Id == Guid.Parse(r.Booked.AppointmentId)).Select(a => a.State).SingleAsync()));
        Assert.Equal(9, (await _desk.LotAsync(r.ClinicId, "LEAD1")).OnHand); // wasted, not back on hand
        var after = await _desk.BalanceAsync(r.ClinicId, "212");
        Assert.Equal((before.Administered - 1, before.Wasted + 1), (after.Administered, after.Wasted));
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "administration.voided" && e.EntityId == r.AdministrationId)));
        await SupplyTests.LedgerAgreesAsync(app);
        var again = await Forms.PostAsync(lead, $"/console/clinic-days/{r.DayId}/check-in", Doses(r) + "/void", ("Reason", "again"), ("ReturnToStock", "true"));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("already voided", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(9, (await _desk.LotAsync(r.ClinicId, "LEAD1")).OnHand);
    }

    [Fact]
    public async Task CorrectPage_ByALead_SendsOnlyWhatChanged_MovesTheDoseToTheNewLot_AndRefusesANoChange()
    {
        var r = await RecordedAsync();
        var lead = await ConsoleOfAsync(r.ClinicId, lead: true);
        var form = await lead.GetStringAsync(Doses(r) + "/correct");
        Assert.Contains("LEAD2", form, StringComparison.Ordinal);

        var unchanged = await Forms.PostAsync(lead, Doses(r) + "/correct", Doses(r) + "/correct",
            ("Lot", "LEAD1"), ("Route", "IM"), ("BodySite", "LD"), ("Time", ""), ("Reason", "nothing"));
        Assert.Equal(HttpStatusCode.OK, unchanged.StatusCode);
        Assert.Contains("Nothing differs from the record", await unchanged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(AdministrationState.Recorded, (await RecordAsync(r.AdministrationId)).State);

        var corrected = await Forms.PostAsync(lead, Doses(r) + "/correct", Doses(r) + "/correct",
            ("Lot", "LEAD2"), ("Route", "IM"), ("BodySite", "RD"), ("Time", ""), ("Reason", "wrong vial noted"));

        Assert.Equal(HttpStatusCode.Redirect, corrected.StatusCode);
        Assert.Equal(Doses(r) + "?changed=corrected", corrected.Headers.Location!.OriginalString);
        var record = await RecordAsync(r.AdministrationId);
        Assert.Equal((AdministrationState.Corrected, "LEAD2", "RD", "IM"), (record.State, record.Lot, record.BodySite, record.Route));
        Assert.Equal((10, 9), ((await _desk.LotAsync(r.ClinicId, "LEAD1")).OnHand, (await _desk.LotAsync(r.ClinicId, "LEAD2")).OnHand));
        await SupplyTests.LedgerAgreesAsync(app);
    }

    [Fact]
    public async Task StaffPage_LeadBoxWithoutItsClinicBox_IsRefusedNamingTheClinic_AndWithIt_SetsIsLead_Audited()
    {
        var (clinicA, _, _) = await _desk.DayAsync();
        var (clinicB, _, _) = await _desk.DayAsync();
        var (_, _, id) = await _desk.StaffAsync(StaffRoles.ClinicStaff);
        var nameB = await app.WithDbAsync(db => db.Clinics.Where(c => c.Id == Guid.Parse(clinicB)).Select(c => c.Name).SingleAsync());
        var admin = await _desk.ConsoleAsync(FairShotApp.AdminEmail, FairShotApp.AdminPassword);
        var action = $"/console/staff?handler=Clinics&id={id}";
        Assert.Contains($"id=\"Lead-{id}-{clinicA}\"", await admin.GetStringAsync("/console/staff"), StringComparison.Ordinal);

        var refused = await Forms.PostAsync(admin, "/console/staff", action, ("ClinicIds", clinicA), ("LeadClinicIds", clinicB));
        var html = System.Net.WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains($"Nora Nurse can lead only a clinic they belong to. Tick {nameB} too, or untick lead", html, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.StaffClinics.CountAsync(s => s.StaffUserId == Guid.Parse(id))));

        var saved = await Forms.PostAsync(admin, "/console/staff", action, ("ClinicIds", clinicA), ("ClinicIds", clinicB), ("LeadClinicIds", clinicB));
        Assert.Equal($"/console/staff?assigned={id}", saved.Headers.Location?.OriginalString);
        Assert.Contains($"{nameB} (lead)", System.Net.WebUtility.HtmlDecode(await admin.GetStringAsync(saved.Headers.Location!.OriginalString)), StringComparison.Ordinal);
        var leads = await app.WithDbAsync(db => db.StaffClinics.AsNoTracking().Where(s => s.StaffUserId == Guid.Parse(id)).ToDictionaryAsync(s => s.ClinicId, s => s.IsLead));
        Assert.Equal(new Dictionary<Guid, bool> { [Guid.Parse(clinicA)] = false, [Guid.Parse(clinicB)] = true }, leads);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "staff.clinics-set" && e.EntityId == id && e.Summary.Contains(clinicB))));

        // The box unticked: no longer a lead (the form always says who leads).
        await Forms.PostAsync(admin, "/console/staff", action, ("ClinicIds", clinicA), ("ClinicIds", clinicB));
        Assert.False(await app.WithDbAsync(db => db.StaffClinics.AnyAsync(s => s.StaffUserId == Guid.Parse(id) && s.IsLead)));
    }
}
