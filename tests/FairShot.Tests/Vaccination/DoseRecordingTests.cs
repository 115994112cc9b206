using System.Net;
using System.Net.Http.Json;
using FairShot.Domain;
using FairShot.Tests.Features.Supply;
using FairShot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Tests.Vaccination;

/// <summary>Recording at the chair: the site code, one dose from the lot through the ledger, refusals, corrections and voids by leads, the day's summary.</summary>
public sealed class DoseRecordingTests(FairShotApp app) : IClassFixture<FairShotApp>
{
    private readonly DeskFlow _desk = new(app);

    private async Task<int> GivenAsync(string appointmentId) =>
        await app.WithDbAsync(db => db.Administrations.CountAsync(a => a.AppointmentId == Guid.Parse(appointmentId) && a.State != AdministrationState.Voided));

    [Fact]
    public async Task Record_WithoutOrWithAWrongSiteCode_Is400OnSiteCode_AndRecordsNothing()
    {
        var (clinicId, _, day) = await _desk.DayAsync();
        var booked = await _desk.BookAsync(DeskFlow.Slot(day));
        var nurse = await _desk.NurseAsync(clinicId);
        (await DeskFlow.CheckInAsync(nurse, booked)).EnsureSuccessStatusCode();
        var wrong = booked.SiteCode == "0000" ? "0001" : "0000";
        var before = await _desk.BalanceAsync(clinicId, "212");

        await (await DeskFlow.RecordAsync(nurse, booked, siteCode: wrong)).AssertProblemAsync(HttpStatusCode.BadRequest, "siteCode");
        await (await DeskFlow.RecordAsync(nurse, booked, siteCode: "")).AssertProblemAsync(HttpStatusCode.BadRequest, "siteCode");
        await (await DeskFlow.RecordAsync(nurse, booked, outcome: "refused", siteCode: wrong)).AssertProblemAsync(HttpStatusCode.BadRequest, "siteCode");

        Assert.Equal(0, await GivenAsync(booked.AppointmentId));
        Assert.Equal(before.Administered, (await _desk.BalanceAsync(clinicId, "212")).Administered);
        Assert.Equal(AppointmentState.CheckedIn, await app.WithDbAsync(db => db.Appointments.Where(a => a.Id == Guid.Parse(booked.AppointmentId)).Select(a => a.State).SingleAsync()));
    }

    [Fact]
    public async Task Record_AGivenDose_TakesExactlyOneDoseFromTheLot_DrawsAVial_AndTheLedgerAgrees()
    {
        var (clinicId, dayId, day) = await _desk.DayAsync();
        var admin = await _desk.Flow.AdminAsync();
        await Stock.ReceiveAsync(admin, clinicId, "212", 10, lot: "ONE1");
        var booked = await _desk.BookAsync(DeskFlow.Slot(day));
        var nurse = await _desk.NurseAsync(clinicId);
        (await DeskFlow.CheckInAsync(nurse, booked)).EnsureSuccessStatusCode();
        var balance = await _desk.BalanceAsync(clinicId, "212");

        var recorded = await (await DeskFlow.RecordAsync(nurse, booked, lot: "one1")).JsonAsync(HttpStatusCode.Created);
        var again = await DeskFlow.RecordAsync(nurse, booked, lot: "ONE1");

        Assert.Equal("given", recorded.GetProperty("outcome").GetString());
        Assert.Equal("ONE1", recorded.GetProperty("lot").GetString());
        Assert.Equal("JSN", recorded.GetProperty("mvx").GetString());
        Assert.Equal("none", recorded.GetProperty("nextDose").GetProperty("kind").GetString());
        Assert.Equal("Nora Nurse", recorded.GetProperty("vaccinator").GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(9, (await _desk.LotAsync(clinicId, "ONE1")).OnHand);
        var after = await _desk.BalanceAsync(clinicId, "212");
        Assert.Equal(balance.Supply - 1, after.Supply);
        Assert.Equal(balance.Allocated - 1, after.Allocated);
        Assert.Equal(balance.Administered + 1, after.Administered);
        var clinicDay = await app.WithDbAsync(db => db.ClinicDays.AsNoTracking().SingleAsync(d => d.Id == Guid.Parse(dayId)));
        Assert.Equal(1, clinicDay.DosesAdministered);
        var vial = await app.WithDbAsync(db => db.OpenedVials.AsNoTracking().SingleAsync(v => v.ClinicDayId == Guid.Parse(dayId)));
        Assert.Equal((5, 1), (vial.DosesPerVial, vial.DosesDrawn));
        Assert.Equal(PersonStatus.Vaccinated, await app.WithDbAsync(db => db.People.Where(p => p.Id == Guid.Parse(booked.PersonId)).Select(p => p.Status).SingleAsync()));
        await SupplyTests.LedgerAgreesAsync(app);
    }

    [Fact]
    public async Task Record_WhenTheDaysDosesAreAllGiven_AllocatesAFreeDose_AndAnExpiredOrAbsentLotIs409()
    {
        var (clinicId, dayId, day) = await _desk.DayAsync(slots: 1, perSlot: 1);
        var admin = await _desk.Flow.AdminAsync();
        await Stock.ReceiveAsync(admin, clinicId, "212", 5, lot: "OLD1");
        await app.WithDbAsync(db => db.StockLots.Where(l => l.ClinicId == Guid.Parse(clinicId) && l.Lot == "OLD1")
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresOn, new DateOnly(2027, 1, 31))));
        var first = await _desk.BookAsync(DeskFlow.Slot(day));
        var nurse = await _desk.NurseAsync(clinicId);
        await (await DeskFlow.RecordAsync(nurse, first)).JsonAsync(HttpStatusCode.Created);
        // A second person at the door once the day's one dose is given (as a walk-in would be).
        var (_, _, nextDay) = await _desk.DayAsync(date: "2027-02-02", clinicId: clinicId);
        var extra = await _desk.BookAsync(DeskFlow.Slot(nextDay));
        await app.WithDbAsync(db => db.Appointments.Where(a => a.Id == Guid.Parse(extra.AppointmentId))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.ClinicDayId, Guid.Parse(dayId))));

        var expired = await (await DeskFlow.RecordAsync(nurse, extra, lot: "OLD1")).AssertProblemAsync(HttpStatusCode.Conflict);
        var absent = await (await DeskFlow.RecordAsync(nurse, extra, lot: "NOPE9")).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await DeskFlow.RecordAsync(nurse, extra)).JsonAsync(HttpStatusCode.Created);

        Assert.Equal("lotExpired", expired.GetProperty("reason").GetString());
        Assert.Equal("lotNotHere", absent.GetProperty("reason").GetString());
        Assert.Equal(5, (await _desk.LotAsync(clinicId, "OLD1")).OnHand);
        var clinicDay = await app.WithDbAsync(db => db.ClinicDays.AsNoTracking().SingleAsync(d => d.Id == Guid.Parse(dayId)));
        Assert.Equal((2, 2), (clinicDay.DosesAllocated, clinicDay.DosesAdministered));
        await SupplyTests.LedgerAgreesAsync(app);
    }

    [Fact]
    public async Task Record_ARefusalOfDoseOne_UsesNoDose_ReleasesTheDoseTwoHold_AndPutsThePersonBackInLine()
    {
        var (clinicId, _, day) = await _desk.DayAsync(cvx: "208");
        var booked = await _desk.BookAsync(DeskFlow.Slot(day));
        Assert.True(booked.Answer.TryGetProperty("secondDose", out var second) && second.ValueKind != System.Text.Json.JsonValueKind.Null);
        var held = await _desk.BalanceAsync(clinicId, "208");
        Assert.Equal(1, held.Reserved);
        var nurse = await _desk.NurseAsync(clinicId);
        (await DeskFlow.CheckInAsync(nurse, booked)).EnsureSuccessStatusCode();

        var refused = await (await DeskFlow.RecordAsync(nurse, booked, outcome: "refused")).JsonAsync(HttpStatusCode.Created);

        Assert.Equal("refused", refused.GetProperty("outcome").GetString());
        var after = await _desk.BalanceAsync(clinicId, "208");
        Assert.Equal((held.Supply, held.Allocated, held.Administered, 0), (after.Supply, after.Allocated, after.Administered, after.Reserved));
        Assert.Equal(ReservationState.Cancelled, await app.WithDbAsync(db => db.SecondDoseReservations
            .Where(r => r.FirstDoseAppointmentId == Guid.Parse(booked.AppointmentId)).Select(r => r.State).SingleAsync()));
        Assert.Equal(PersonStatus.Waiting, await app.WithDbAsync(db => db.People.Where(p => p.Id == Guid.Parse(booked.PersonId)).Select(p => p.Status).SingleAsync()));
        Assert.Equal(0, await app.WithDbAsync(db => db.StockMovements.CountAsync(m => m.AppointmentId == Guid.Parse(booked.AppointmentId) && m.Kind == StockMovementKind.Administered)));
        await SupplyTests.LedgerAgreesAsync(app);
    }

    [Fact]
    public async Task Void_OfARefusedDoseOne_HoldsADoseForDoseTwoAgain_AndWithNoneToHoldChangesNothing()
    {
        var (clinicId, _, day) = await _desk.DayAsync(cvx: "208");
        var admin = await _desk.Flow.AdminAsync();
        var first = await _desk.BookAsync(DeskFlow.Slot(day));
        var second = await _desk.BookAsync(DeskFlow.Slot(day));
        var nurse = await _desk.NurseAsync(clinicId);
        var ids = new List<string>();
        foreach (var booked in new[] { first, second })
        {
            (await DeskFlow.CheckInAsync(nurse, booked)).EnsureSuccessStatusCode();
            ids.Add((await (await DeskFlow.RecordAsync(nurse, booked, outcome: "refused")).JsonAsync(HttpStatusCode.Created)).GetProperty("administrationId").GetString()!);
        }
        var released = await _desk.BalanceAsync(clinicId, "208");

        await (await admin.PostAsJsonAsync($"/api/v1/clinic/administrations/{ids[0]}/void", new { reason = "recorded for the wrong person" })).JsonAsync();

        var held = await _desk.BalanceAsync(clinicId, "208");
        Assert.Equal(released.Reserved + 1, held.Reserved);
        var reservation = await app.WithDbAsync(db => db.SecondDoseReservations.AsNoTracking()
            .SingleAsync(r => r.FirstDoseAppointmentId == Guid.Parse(first.AppointmentId) && r.State == ReservationState.Waiting));
        Assert.Equal(DateOnly.Parse(DeskFlow.Today, System.Globalization.CultureInfo.InvariantCulture).AddDays(21), reservation.EarliestDate);
        Assert.Equal(PersonStatus.Booked, await app.WithDbAsync(db => db.People.Where(p => p.Id == Guid.Parse(first.PersonId)).Select(p => p.Status).SingleAsync()));
        // Dose 1 can now be given, with its second dose held.
        (await DeskFlow.RecordAsync(nurse, first)).EnsureSuccessStatusCode();
        await SupplyTests.LedgerAgreesAsync(app);

        // Every other dose of the clinic promised: the second void cannot hold one and writes nothing.
        var free = await _desk.BalanceAsync(clinicId, "208");
        await app.WithDbAsync(db => db.StockBalances.Where(b => b.ClinicId == free.ClinicId && b.ProductCvx == "208")
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.Reserved, b => b.Supply + b.Uncovered - b.Allocated)));
        var full = await _desk.BalanceAsync(clinicId, "208");
        var refusal = await (await admin.PostAsJsonAsync($"/api/v1/clinic/administrations/{ids[1]}/void", new { reason = "recorded for the wrong person" }))
            .JsonAsync(HttpStatusCode.Conflict);
        Assert.Equal("noDoseLeft", refusal.GetProperty("reason").GetString());
        var record = await app.WithDbAsync(db => db.Administrations.AsNoTracking().SingleAsync(a => a.Id == Guid.Parse(ids[1])));
        Assert.False(record.IsVoided);
        Assert.Equal(full.Reserved, (await _desk.BalanceAsync(clinicId, "208")).Reserved);
        Assert.Equal(PersonStatus.Waiting, await app.WithDbAsync(db => db.People.Where(p => p.Id == Guid.Parse(second.PersonId)).Select(p => p.Status).SingleAsync()));

        // The class shares one database, and the other tests prove the whole ledger agrees: put the balance back.
        await app.WithDbAsync(db => db.StockBalances.Where(b => b.ClinicId == free.ClinicId && b.ProductCvx == "208")
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.Reserved, free.Reserved)));
        await SupplyTests.LedgerAgreesAsync(app);
    }

    [Fact]
    public async Task CorrectAndVoid_ByStaffWhoIsNotALead_Is403_AndByTheLead_MovesTheLedger_AndIsAudited()
    {
        var (clinicId, dayId, day) = await _desk.DayAsync();
        var admin = await _desk.Flow.AdminAsync();
        await Stock.ReceiveAsync(admin, clinicId, "212", 10, lot: "AAA1");
        await Stock.ReceiveAsync(admin, clinicId, "212", 10, lot: "BBB2");
        var booked = await _desk.BookAsync(DeskFlow.Slot(day));
        var wasted = await _desk.BookAsync(DeskFlow.Slot(day));
        var nurse = await _desk.NurseAsync(clinicId);
        var (leadEmail, leadPassword, leadId) = await _desk.StaffAsync(StaffRoles.ClinicStaff, clinicId);
        await (await admin.PutAsJsonAsync($"/api/v1/admin/staff/{leadId}/clinics", new { clinicIds = new[] { clinicId }, leadClinicIds = new[] { Guid.NewGuid() } }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "leadClinicIds");
        var leads = await (await admin.PutAsJsonAsync($"/api/v1/admin/staff/{leadId}/clinics", new { clinicIds = new[] { clinicId }, leadClinicIds = new[] { clinicId } })).JsonAsync();
        Assert.Equal(clinicId, leads.GetProperty("leadClinicIds")[0].GetString());
        var lead = await app.CreateStaffClientAsync(leadEmail, leadPassword);
        var id = (await (await DeskFlow.RecordAsync(nurse, booked, lot: "AAA1")).JsonAsync(HttpStatusCode.Created)).GetProperty("administrationId").GetString();
        var wastedId = (await (await DeskFlow.RecordAsync(nurse, wasted, lot: "AAA1")).JsonAsync(HttpStatusCode.Created)).GetProperty("administrationId").GetString();

        Assert.Equal(HttpStatusCode.Forbidden, (await nurse.PostAsJsonAsync($"/api/v1/clinic/administrations/{id}/correction", new { lot = "BBB2", reason = "wrong vial" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await nurse.PostAsJsonAsync($"/api/v1/clinic/administrations/{id}/void", new { reason = "error", returnToStock = true })).StatusCode);
        await (await lead.PostAsJsonAsync($"/api/v1/clinic/administrations/{id}/correction", new { lot = "BBB2" })).AssertProblemAsync(HttpStatusCode.BadRequest, "reason");
        var corrected = await (await lead.PostAsJsonAsync($"/api/v1/clinic/administrations/{id}/correction", new { lot = "BBB2", bodySite = "RD", reason = "wrong vial noted" })).JsonAsync();

        Assert.Equal(("BBB2", "RD"), (corrected.GetProperty("lot").GetString(), corrected.GetProperty("bodySite").GetString()));
        Assert.Equal((9, 9), ((await _desk.LotAsync(clinicId, "AAA1")).OnHand, (await _desk.LotAsync(clinicId, "BBB2")).OnHand));
        await SupplyTests.LedgerAgreesAsync(app);

        var before = await _desk.BalanceAsync(clinicId, "212");
        var voided = await (await lead.PostAsJsonAsync($"/api/v1/clinic/administrations/{id}/void", new { reason = "recorded for the wrong person", returnToStock = true })).JsonAsync();
        await (await admin.PostAsJsonAsync($"/api/v1/clinic/administrations/{wastedId}/void", new { reason = "vial dropped after drawing" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "returnToStock");
        await (await admin.PostAsJsonAsync($"/api/v1/clinic/administrations/{wastedId}/void", new { reason = "recorded twice", returnToStock = false })).JsonAsync();

        Assert.Equal("voided", voided.GetProperty("state").GetString());
        Assert.Equal(10, (await _desk.LotAsync(clinicId, "BBB2")).OnHand);
        Assert.Equal(9, (await _desk.LotAsync(clinicId, "AAA1")).OnHand);
        var after = await _desk.BalanceAsync(clinicId, "212");
        Assert.Equal((before.Supply + 1, before.Administered - 2, before.Wasted + 1), (after.Supply, after.Administered, after.Wasted));
        Assert.Equal(0, await app.WithDbAsync(db => db.ClinicDays.Where(d => d.Id == Guid.Parse(dayId)).Select(d => d.DosesAdministered).SingleAsync()));
        Assert.Equal(AppointmentState.CheckedIn, await app.WithDbAsync(db => db.Appointments.Where(a => a.Id == Guid.Parse(booked.AppointmentId)).Select(a => a.State).SingleAsync()));
        var audit = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.EntityId == id).Select(e => new { e.Action, e.Summary }).ToListAsync());
        Assert.Contains(audit, e => e.Action == "administration.corrected" && e.Summary.Contains("AAA1", StringComparison.Ordinal) && e.Summary.Contains("BBB2", StringComparison.Ordinal));
        Assert.Contains(audit, e => e.Action == "administration.voided" && e.Summary.Contains("wrong person", StringComparison.Ordinal));
        await SupplyTests.LedgerAgreesAsync(app);
        // The voided appointment can be recorded again, from the lot now on hand.
        await (await DeskFlow.RecordAsync(nurse, booked, lot: "BBB2")).JsonAsync(HttpStatusCode.Created);
        await SupplyTests.LedgerAgreesAsync(app);
    }

    [Fact]
    public async Task Record_AfterFiveWrongSiteCodes_IsRefusedEvenWithTheRightCode_AndEachTryIsAuditedWithoutTheCode()
    {
        var (clinicId, _, day) = await _desk.DayAsync();
        var booked = await _desk.BookAsync(DeskFlow.Slot(day));
        var nurse = await _desk.NurseAsync(clinicId);
        (await DeskFlow.CheckInAsync(nurse, booked)).EnsureSuccessStatusCode();
        var wrong = booked.SiteCode == "0000" ? "0001" : "0000";

        for (var i = 0; i < 5; i++)
        {
            await (await DeskFlow.RecordAsync(nurse, booked, siteCode: wrong)).AssertProblemAsync(HttpStatusCode.BadRequest, "siteCode");
        }
        var locked = await DeskFlow.RecordAsync(nurse, booked);

        Assert.Equal(HttpStatusCode.Conflict, locked.StatusCode);
        Assert.Contains("tooManyAttempts", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await GivenAsync(booked.AppointmentId));
        var tries = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.Action == "administration.siteCodeMismatch" && e.EntityId == booked.AppointmentId).Select(e => e.Summary).ToListAsync());
        Assert.Equal(5, tries.Count);
        Assert.All(tries, t => Assert.DoesNotContain(wrong, t, StringComparison.Ordinal));
    }

    [Fact]
    public async Task VoidReturnedToStock_PutsTheDoseBackInItsVial_AndALotCorrectionMovesItToTheRightLotsVial()
    {
        var (clinicId, dayId, day) = await _desk.DayAsync();
        var admin = await _desk.Flow.AdminAsync();
        await Stock.ReceiveAsync(admin, clinicId, "212", 10, lot: "VIA1");
        await Stock.ReceiveAsync(admin, clinicId, "212", 10, lot: "VIB2");
        var first = await _desk.BookAsync(DeskFlow.Slot(day));
        var second = await _desk.BookAsync(DeskFlow.Slot(day));
        var nurse = await _desk.NurseAsync(clinicId);
        (await DeskFlow.CheckInAsync(nurse, first)).EnsureSuccessStatusCode();
        (await DeskFlow.CheckInAsync(nurse, second)).EnsureSuccessStatusCode();
        var firstId = (await (await DeskFlow.RecordAsync(nurse, first, lot: "VIA1")).JsonAsync(HttpStatusCode.Created)).GetProperty("administrationId").GetString();
        var secondId = (await (await DeskFlow.RecordAsync(nurse, second, lot: "VIA1")).JsonAsync(HttpStatusCode.Created)).GetProperty("administrationId").GetString();
        Task<List<(string Lot, int Drawn)>> VialsAsync() => app.WithDbAsync(async db =>
            (await (from v in db.OpenedVials.AsNoTracking()
                    join l in db.StockLots.AsNoTracking() on v.StockLotId equals l.Id
                    where v.ClinicDayId == Guid.Parse(dayId)
                    select new { l.Lot, v.DosesDrawn }).ToListAsync()).OrderBy(v => v.Lot, StringComparer.Ordinal).Select(v => (v.Lot, v.DosesDrawn)).ToList());
        Assert.Equal([("VIA1", 2)], await VialsAsync());

        await (await admin.PostAsJsonAsync($"/api/v1/clinic/administrations/{firstId}/void", new { reason = "recorded for the wrong person", returnToStock = true })).JsonAsync();
        Assert.Equal([("VIA1", 1)], await VialsAsync());

        await (await admin.PostAsJsonAsync($"/api/v1/clinic/administrations/{secondId}/correction", new { lot = "VIB2", reason = "wrong vial noted" })).JsonAsync();
        Assert.Equal([("VIA1", 0), ("VIB2", 1)], await VialsAsync());
        await SupplyTests.LedgerAgreesAsync(app);
    }

    [Fact]
    public async Task Summary_CountsTheDay_PerHourToo()
    {
        var (clinicId, dayId, day) = await _desk.DayAsync(slots: 4, perSlot: 3);
        var nurse = await _desk.NurseAsync(clinicId);
        var given = await _desk.BookAsync(DeskFlow.Slot(day, 0));
        var refused = await _desk.BookAsync(DeskFlow.Slot(day, 0));
        var waiting = await _desk.BookAsync(DeskFlow.Slot(day, 3));
        var cancelled = await _desk.BookAsync(DeskFlow.Slot(day, 3));
        await app.WithDbAsync(db => db.Appointments.Where(a => a.Id == Guid.Parse(cancelled.AppointmentId))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.State, AppointmentState.Cancelled)));
        (await DeskFlow.CheckInAsync(nurse, given)).EnsureSuccessStatusCode();
        (await DeskFlow.CheckInAsync(nurse, refused)).EnsureSuccessStatusCode();
        await (await DeskFlow.RecordAsync(nurse, given)).JsonAsync(HttpStatusCode.Created);
        await (await DeskFlow.RecordAsync(nurse, refused, outcome: "notGiven", reason: "contraindication")).JsonAsync(HttpStatusCode.Created);

        var summary = await (await nurse.GetAsync($"/api/v1/clinic/days/{dayId}/summary")).JsonAsync();

        var t = summary.GetProperty("totals");
        Assert.Equal((3, 2, 1, 0, 1, 1), (t.GetProperty("booked").GetInt32(), t.GetProperty("checkedIn").GetInt32(), t.GetProperty("vaccinated").GetInt32(),
            t.GetProperty("refused").GetInt32(), t.GetProperty("notGiven").GetInt32(), t.GetProperty("cancelled").GetInt32()));
        Assert.Equal((12, 1, 4), (t.GetProperty("dosesAllocated").GetInt32(), t.GetProperty("dosesAdministered").GetInt32(), t.GetProperty("dosesLeftInOpenedVials").GetInt32()));
        var hours = summary.GetProperty("perHour").EnumerateArray().ToList();
        Assert.Equal(["12:00"], hours.Select(h => h.GetProperty("hour").GetString()));
        Assert.Equal((3, 1), (hours[0].GetProperty("booked").GetInt32(), hours[0].GetProperty("vaccinated").GetInt32()));
        _ = waiting;
    }
}
