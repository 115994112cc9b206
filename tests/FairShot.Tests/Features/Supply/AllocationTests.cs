using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FairShot.Data;
using FairShot.Domain;
using FairShot.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Tests.Features.Supply;

/// <summary>The week's allocation, its proposal per clinic, accepting it as expected shipments, the projection, and their console pages.</summary>
public sealed class AllocationTests(FairShotApp app) : IClassFixture<FairShotApp>
{
    // The suite's clock starts on Monday 2027-02-01; each test uses weeks of its own.
    private async Task<(HttpClient Admin, string ClinicId)> ClinicAsync(HttpClient? admin = null)
    {
        admin ??= await app.CreateStaffClientAsync();
        var clinic = await (await admin.PostAsJsonAsync("/api/v1/admin/clinics",
            new { name = $"Alloc {Guid.NewGuid():N}", address = "1 Depot Rd", timeZone = "America/Chicago" })).JsonAsync(HttpStatusCode.Created);
        return (admin, clinic.GetProperty("id").GetString()!);
    }

    private static async Task DayAsync(HttpClient admin, string clinicId, string date, string cvx = "207") =>
        await (await admin.PostAsJsonAsync($"/api/v1/admin/clinics/{clinicId}/days",
            new { date, opensAt = "09:00", closesAt = "10:00", slotMinutes = 15, capacityPerSlot = 2, cvxCode = cvx })).JsonAsync(HttpStatusCode.Created);

    private static async Task<JsonElement> EnterAsync(HttpClient admin, string weekOf, int doses, string cvx = "207") =>
        await (await admin.PostAsJsonAsync("/api/v1/admin/allocations", new { weekOf, cvxCode = cvx, doses })).JsonAsync();

    private static async Task<JsonElement> WeekAsync(HttpClient admin, string weekOf, string cvx = "207") =>
        (await (await admin.GetAsync($"/api/v1/admin/allocations?weekOf={weekOf}")).JsonAsync()).GetProperty("allocations").EnumerateArray()
        .Single(a => a.GetProperty("cvxCode").GetString() == cvx);

    private static JsonElement Row(JsonElement allocation, string clinicId) =>
        allocation.GetProperty("clinics").EnumerateArray().Single(c => c.GetProperty("clinicId").GetString() == clinicId);

    [Fact]
    public async Task EnterAllocation_NotAMondayUnknownProductNegativeDoses_IsRefusedFieldByField()
    {
        var admin = await app.CreateStaffClientAsync();

        var wrong = await admin.PostAsJsonAsync("/api/v1/admin/allocations", new { weekOf = "2027-03-03", cvxCode = "999", doses = -1 });
        var noWeek = await admin.GetAsync("/api/v1/admin/allocations?weekOf=2027-03-02");

        var problem = await wrong.AssertProblemAsync(HttpStatusCode.BadRequest, "weekOf", "cvxCode", "doses");
        Assert.Contains("use 2027-03-01", problem.GetProperty("errors").GetProperty("weekOf")[0].GetString(), StringComparison.Ordinal);
        await noWeek.AssertProblemAsync(HttpStatusCode.BadRequest, "weekOf");
        Assert.Equal(0, await app.WithDbAsync(db => db.WeeklyAllocations.CountAsync(a => a.WeekOf == new DateOnly(2027, 3, 1))));
    }

    [Fact]
    public async Task EnterAllocation_Twice_KeepsOneRowWithTheLastNumber_AndAuditsBoth()
    {
        var admin = await app.CreateStaffClientAsync();

        var first = await EnterAsync(admin, "2027-03-08", 500);
        var second = await EnterAsync(admin, "2027-03-08", 650);

        Assert.Equal(first.GetProperty("id").GetString(), second.GetProperty("id").GetString());
        Assert.Equal(650, (await WeekAsync(admin, "2027-03-08")).GetProperty("doses").GetInt32());
        Assert.Equal(1, await app.WithDbAsync(db => db.WeeklyAllocations.CountAsync(a => a.WeekOf == new DateOnly(2027, 3, 8) && a.ProductCvx == "207")));
        var id = first.GetProperty("id").GetString();
        Assert.Equal(2, await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "allocation.entered" && e.EntityId == id)));
    }

    [Fact]
    public async Task Proposal_SplitsTheWeekInProportionToPlannedDays_AndHoldsBackDoseTwoBookings()
    {
        var (admin, a) = await ClinicAsync();
        var (_, b) = await ClinicAsync(admin);
        await Stock.PlentyAsync(admin, a);
        await Stock.PlentyAsync(admin, b);
        await DayAsync(admin, a, "2027-03-15");
        await DayAsync(admin, a, "2027-03-17");
        await DayAsync(admin, b, "2027-03-16");
        await DayAsync(admin, b, "2027-03-23"); // next week: not counted

        await EnterAsync(admin, "2027-03-15", 301);
        var proposal = await WeekAsync(admin, "2027-03-15");

        Assert.Equal("planned-days", proposal.GetProperty("method").GetString());
        Assert.Equal(301, proposal.GetProperty("firstDoses").GetInt32());
        Assert.Equal(2, Row(proposal, a).GetProperty("plannedDays").GetInt32());
        Assert.Equal(201, Row(proposal, a).GetProperty("doses").GetInt32()); // 200.67 gets the remainder
        Assert.Equal(100, Row(proposal, b).GetProperty("doses").GetInt32());
        Assert.Equal(301, proposal.GetProperty("clinics").EnumerateArray().Sum(c => c.GetProperty("doses").GetInt32()));
        Assert.False(proposal.GetProperty("accepted").GetBoolean());
    }

    [Fact]
    public async Task Proposal_HoldsBackTheSecondDosesDueThatWeek_AtTheClinicHoldingThem_AndSplitsOnlyTheRest()
    {
        // Two people get dose 1 of a two-dose vaccine on 2027-04-05; no day three weeks on, so a dose
        // is held for each, due from 2027-04-26. That week's allocation must keep those two back.
        var flow = new InvitationFlow(app);
        var (admin, a) = await ClinicAsync();
        var (_, b) = await ClinicAsync(admin);
        await Stock.ReceiveAsync(admin, a, "208", 10, lot: "HOLD-208");
        var (_, _, day) = await flow.ClinicDayAsync(date: "2027-04-05", slots: 1, perSlot: 2, cvx: "208", clinicId: a);
        var slotId = day.GetProperty("slots")[0].GetProperty("id").GetString()!;
        foreach (var _ in Enumerable.Range(0, 2))
        {
            var person = await flow.RegisterAsync();
            await (await admin.PostAsJsonAsync($"/api/v1/admin/people/{person.Id}/appointments", new { slotId, reason = "help line" })).JsonAsync(HttpStatusCode.Created);
        }

        await EnterAsync(admin, "2027-04-26", 100, "208");
        var proposal = await WeekAsync(admin, "2027-04-26", "208");

        Assert.Equal(2, proposal.GetProperty("secondDosesHeld").GetInt32());
        Assert.Equal(98, proposal.GetProperty("firstDoses").GetInt32());
        Assert.Equal(2, Row(proposal, a).GetProperty("secondDoses").GetInt32());
        Assert.Equal(0, Row(proposal, b).GetProperty("secondDoses").GetInt32());
        Assert.Equal(Row(proposal, a).GetProperty("firstDoses").GetInt32() + 2, Row(proposal, a).GetProperty("doses").GetInt32());
        Assert.Equal(100, proposal.GetProperty("clinics").EnumerateArray().Sum(c => c.GetProperty("doses").GetInt32()));
        // The week before they are due holds nothing back.
        await EnterAsync(admin, "2027-04-19", 100, "208");
        Assert.Equal(0, (await WeekAsync(admin, "2027-04-19", "208")).GetProperty("secondDosesHeld").GetInt32());
    }

    [Fact]
    public async Task Proposal_NoDayPlanned_SplitsEqually()
    {
        var (admin, _) = await ClinicAsync();
        await EnterAsync(admin, "2027-05-03", 10, cvx: "212");

        var proposal = await WeekAsync(admin, "2027-05-03", cvx: "212");

        Assert.Equal("equal", proposal.GetProperty("method").GetString());
        var doses = proposal.GetProperty("clinics").EnumerateArray().Select(c => c.GetProperty("doses").GetInt32()).ToList();
        Assert.Equal(10, doses.Sum());
        Assert.True(doses.Max() - doses.Min() <= 1);
    }

    [Fact]
    public async Task Accept_ShipsExpectedStockToEveryClinic_OnceOnly_AndABadLineShipsNothing()
    {
        var (admin, a) = await ClinicAsync();
        var (_, b) = await ClinicAsync(admin);
        var allocation = await EnterAsync(admin, "2027-03-22", 100);
        var id = allocation.GetProperty("id").GetString();
        var accept = $"/api/v1/admin/allocations/{id}/accept";

        var tooMany = await admin.PostAsJsonAsync(accept, new { clinics = new object[] { new { clinicId = a, doses = 60 }, new { clinicId = b, doses = 41 } } });
        var unknown = await admin.PostAsJsonAsync(accept, new { clinics = new object[] { new { clinicId = a, doses = 60 }, new { clinicId = Guid.NewGuid(), doses = 10 } } });
        var badExpiry = await admin.PostAsJsonAsync(accept, new { clinics = new object[] { new { clinicId = a, doses = 60 } }, expiresOn = "2027-03-21" });
        await tooMany.AssertProblemAsync(HttpStatusCode.BadRequest, "clinics");
        await unknown.AssertProblemAsync(HttpStatusCode.BadRequest, "clinics");
        await badExpiry.AssertProblemAsync(HttpStatusCode.BadRequest, "expiresOn");
        Assert.Equal(0, await app.WithDbAsync(db => db.StockLots.CountAsync(l => l.Lot == "ALLOC-2027-03-22")));

        var accepted = await (await admin.PostAsJsonAsync(accept, new { clinics = new object[] { new { clinicId = a, doses = 60 }, new { clinicId = b, doses = 40 } } }))
            .JsonAsync(HttpStatusCode.Created);
        var again = await admin.PostAsJsonAsync(accept, new { clinics = new object[] { new { clinicId = a, doses = 1 } } });
        var change = await admin.PostAsJsonAsync("/api/v1/admin/allocations", new { weekOf = "2027-03-22", cvxCode = "207", doses = 200 });

        Assert.Equal("ALLOC-2027-03-22", accepted.GetProperty("lot").GetString());
        Assert.Equal("2027-06-20", accepted.GetProperty("expiresOn").GetString()); // Monday + 90 days
        await again.AssertProblemAsync(HttpStatusCode.Conflict);
        await change.AssertProblemAsync(HttpStatusCode.Conflict);
        var lots = await app.WithDbAsync(db => db.StockLots.Where(l => l.Lot == "ALLOC-2027-03-22").ToListAsync());
        Assert.Equal(2, lots.Count);
        Assert.All(lots, l => Assert.Equal(new DateOnly(2027, 3, 22), l.AvailableFrom));
        Assert.Equal(60, lots.Single(l => l.ClinicId == Guid.Parse(a)).OnHand);
        var stock = (await (await admin.GetAsync($"/api/v1/admin/clinics/{b}/stock")).JsonAsync()).GetProperty("products")[0];
        Assert.Equal(40, stock.GetProperty("expected").GetInt32());
        var week = await WeekAsync(admin, "2027-03-22");
        Assert.True(week.GetProperty("accepted").GetBoolean());
        Assert.Equal(60, Row(week, a).GetProperty("shipped").GetInt32());
        Assert.Equal(1, await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "allocation.accepted" && e.EntityId == id)));
    }

    [Fact]
    public async Task Accept_WhenTheDatabaseRefusesTheSecondClinicsShipment_KeepsNothing_AndCanBeAcceptedAgain()
    {
        var (admin, a) = await ClinicAsync();
        var (_, b) = await ClinicAsync(admin);
        var id = (await EnterAsync(admin, "2027-03-29", 50)).GetProperty("id").GetString();
        var accept = $"/api/v1/admin/allocations/{id}/accept";
        var body = new { clinics = new object[] { new { clinicId = a, doses = 30 }, new { clinicId = b, doses = 20 } } };
        // Whichever clinic ships second (they go in id order), its lot row is refused by the database
        // itself, as a full disk or a lost connection would refuse it.
        var second = new[] { a, b }.Select(c => Guid.Parse(c).ToString("N")).Max(StringComparer.Ordinal)!;
        var refused = Guid.ParseExact(second, "N");
        var sqlite = app.Database.Provider == DatabaseProvider.Sqlite;
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(sqlite
            ? $"CREATE TRIGGER refuse_lot BEFORE INSERT ON StockLots WHEN upper(NEW.ClinicId) = '{refused.ToString().ToUpperInvariant()}' BEGIN SELECT RAISE(ABORT, 'refused for the test'); END;"
            : $"CREATE FUNCTION refuse_lot() RETURNS trigger AS $$ BEGIN IF NEW.\"ClinicId\" = '{refused}'::uuid THEN RAISE EXCEPTION 'refused for the test'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql; "
              + "CREATE TRIGGER refuse_lot BEFORE INSERT ON \"StockLots\" FOR EACH ROW EXECUTE FUNCTION refuse_lot();"));
        HttpResponseMessage failed;
        try
        {
            failed = await admin.PostAsJsonAsync(accept, body);
        }
        finally
        {
            await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(sqlite
                ? "DROP TRIGGER refuse_lot;"
                : "DROP TRIGGER refuse_lot ON \"StockLots\"; DROP FUNCTION refuse_lot();"));
        }

        Assert.False(failed.IsSuccessStatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.StockLots.CountAsync(l => l.Lot == "ALLOC-2027-03-29")));
        Assert.Equal(0, await app.WithDbAsync(db => db.StockMovements.CountAsync(m => m.ClinicId == Guid.Parse(a) || m.ClinicId == Guid.Parse(b))));
        Assert.Equal(0, await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "allocation.accepted" && e.EntityId == id)));
        Assert.False((await WeekAsync(admin, "2027-03-29")).GetProperty("accepted").GetBoolean());

        var accepted = await (await admin.PostAsJsonAsync(accept, body)).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(50, accepted.GetProperty("doses").GetInt32());
        Assert.Equal(2, await app.WithDbAsync(db => db.StockLots.CountAsync(l => l.Lot == "ALLOC-2027-03-29")));
    }

    [Fact]
    public async Task Accept_UnknownAllocation_IsNotFound()
    {
        var (admin, a) = await ClinicAsync();
        var response = await admin.PostAsJsonAsync($"/api/v1/admin/allocations/{Guid.NewGuid()}/accept", new { clinics = new object[] { new { clinicId = a, doses = 1 } } });
        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Projection_CountsWaitingPeoplePerPhase_AndWeeksFromTheAverageAllocation()
    {
        var admin = await app.CreateStaffClientAsync();
        await EnterAsync(admin, "2027-04-05", 1000, cvx: "212");
        var phase = await app.WithDbAsync(db => db.Phases.Where(p => p.IsOpen).OrderBy(p => p.Rank).Select(p => p.Code).FirstAsync());
        var before = await app.WithDbAsync(db => db.People.CountAsync(p => p.Status == PersonStatus.Waiting && p.PhaseCode == phase));

        var projection = await (await admin.GetAsync("/api/v1/admin/supply/projection")).JsonAsync();

        var weeks = await app.WithDbAsync(db => db.WeeklyAllocations.Select(a => a.WeekOf).Distinct().CountAsync());
        var total = await app.WithDbAsync(db => db.WeeklyAllocations.SumAsync(a => a.Doses));
        Assert.Equal("allocations", projection.GetProperty("basis").GetString());
        Assert.Equal((int)Math.Round((double)total / weeks, MidpointRounding.AwayFromZero), projection.GetProperty("weeklySupply").GetInt32());
        var row = projection.GetProperty("phases").EnumerateArray().First(p => p.GetProperty("code").GetString() == phase);
        Assert.True(row.GetProperty("open").GetBoolean());
        Assert.Equal(before, row.GetProperty("waiting").GetInt32());
        Assert.Contains(projection.GetProperty("phases").EnumerateArray(), p => !p.GetProperty("open").GetBoolean()); // the next phase is shown too
    }

    private async Task<HttpClient> ConsoleAsync()
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var signedIn = await Forms.PostAsync(client, "/console/login", "/console/login", ("Email", FairShotApp.AdminEmail), ("Password", FairShotApp.AdminPassword));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return client;
    }

    [Fact]
    public async Task StockPage_ReceiveForm_ShowsFieldMessages_ThenReceives()
    {
        var (_, clinicId) = await ClinicAsync();
        var client = await ConsoleAsync();
        var page = $"/console/clinics/{clinicId}/stock";

        var bad = await Forms.PostAsync(client, page, page + "?handler=Receive", ("Receive.CvxCode", "208"), ("Receive.Lot", "bad lot!"), ("Receive.ExpiresOn", "2099-12-31"), ("Receive.Doses", "0"));
        var good = await Forms.PostAsync(client, page, page + "?handler=Receive", ("Receive.CvxCode", "208"), ("Receive.Lot", "EW0171"), ("Receive.ExpiresOn", "2099-12-31"), ("Receive.Doses", "120"));
        var shown = await client.GetStringAsync(page);

        var html = await bad.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("id=\"Receive.Lot-error\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"Receive.Doses-error\"", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        Assert.Contains("Received 120 doses of lot EW0171.", shown, StringComparison.Ordinal);
        Assert.Contains("EW0171", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AllocationPage_AcceptsTheEditedProposal_AndProjectionPageShowsPhases()
    {
        var (admin, clinicId) = await ClinicAsync();
        var allocation = await EnterAsync(admin, "2027-04-12", 80, cvx: "208");
        var client = await ConsoleAsync();
        var page = "/console/allocations?weekOf=2027-04-12";

        var form = await client.GetStringAsync(page);
        var accepted = await Forms.PostAsync(client, page, $"/console/allocations?handler=Accept&allocationId={allocation.GetProperty("id").GetString()}&weekOf=2027-04-12",
            ($"Shares[{clinicId}]", "80"));
        var projection = await client.GetStringAsync("/console/supply/projection");

        Assert.Contains($"name=\"Shares[{clinicId}]\"", form, StringComparison.Ordinal);
        Assert.Contains("<title id=\"supply-chart-title\">", form, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal(80, await app.WithDbAsync(db => db.StockLots.Where(l => l.Lot == "ALLOC-2027-04-12" && l.ClinicId == Guid.Parse(clinicId)).SumAsync(l => l.OnHand)));
        Assert.Contains("Weeks to offer everyone a first dose", projection, StringComparison.Ordinal);
    }
}
