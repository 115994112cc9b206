using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FairShot.Data;
using FairShot.Domain;
using FairShot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Tests.Features.Supply;

/// <summary>Doses as the limit on seats: shipments, transfers, wastage, allocation and second-dose holds.</summary>
public sealed class SupplyTests(FairShotApp app) : IClassFixture<FairShotApp>
{
    private async Task<(HttpClient Admin, string ClinicId)> ClinicAsync(string? name = null)
    {
        var admin = await app.CreateStaffClientAsync();
        var clinic = await (await admin.PostAsJsonAsync("/api/v1/admin/clinics",
            new { name = name ?? $"Supply {Guid.NewGuid():N}", address = "1 Depot Rd", timeZone = "America/Chicago" })).JsonAsync(HttpStatusCode.Created);
        return (admin, clinic.GetProperty("id").GetString()!);
    }

    private static object Day(string date, int slots, int perSlot, string cvx = "212", string? earmarkId = null) => new
    {
        date,
        opensAt = "09:00",
        closesAt = TimeOnly.Parse("09:00", System.Globalization.CultureInfo.InvariantCulture).AddMinutes(15 * slots).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
        slotMinutes = 15,
        capacityPerSlot = perSlot,
        cvxCode = cvx,
        earmarkId,
    };

    private static async Task<JsonElement> StockAsync(HttpClient admin, string clinicId, string cvx) =>
        (await (await admin.GetAsync($"/api/v1/admin/clinics/{clinicId}/stock")).JsonAsync()).GetProperty("products").EnumerateArray()
        .Single(p => p.GetProperty("cvxCode").GetString() == cvx);

    [Fact]
    public async Task ADayOfMoreSeatsThanDoses_IsCutToTheDoses_SpreadOverTheDay_AndSaysSo()
    {
        var (admin, clinicId) = await ClinicAsync();
        await Stock.ReceiveAsync(admin, clinicId, "212", 100, lot: "CUT-1");

        var day = await (await admin.PostAsJsonAsync($"/api/v1/admin/clinics/{clinicId}/days", Day("2027-03-01", 12, 25))).JsonAsync(HttpStatusCode.Created);

        Assert.Equal(100, day.GetProperty("capacity").GetInt32());
        Assert.Equal(100, day.GetProperty("dosesAllocated").GetInt32());
        Assert.Contains("100 doses", day.GetProperty("warnings")[0].GetString());
        var slots = day.GetProperty("slots").EnumerateArray().Select(s => s.GetProperty("capacity").GetInt32()).ToList();
        Assert.Equal(12, slots.Count); // every hour keeps some seats
        Assert.True(slots.Max() - slots.Min() <= 1);
        var stock = await StockAsync(admin, clinicId, "212");
        Assert.Equal(100, stock.GetProperty("onHand").GetInt32());
        Assert.Equal(100, stock.GetProperty("allocated").GetInt32());
        Assert.Equal(0, stock.GetProperty("available").GetInt32());

        // Nothing left: the next day is refused rather than given seats without doses.
        var next = await admin.PostAsJsonAsync($"/api/v1/admin/clinics/{clinicId}/days", Day("2027-03-02", 4, 5));
        var problem = await next.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("Receive a shipment", problem.GetProperty("detail").GetString());
        Assert.Equal(0, await app.WithDbAsync(db => db.ClinicDays.CountAsync(d => d.ClinicId == Guid.Parse(clinicId) && d.Date == new DateOnly(2027, 3, 2))));
    }

    [Fact]
    public async Task AnExpectedShipment_BacksOnlyDaysOnOrAfterItsArrival_AndAnExpiredLotBacksNone()
    {
        var (admin, clinicId) = await ClinicAsync();
        await Stock.ReceiveAsync(admin, clinicId, "212", 40, lot: "LATE-1", arrivesOn: "2027-03-10");
        await Stock.ReceiveAsync(admin, clinicId, "212", 30, lot: "SHORT-1", expiresOn: "2027-03-05");

        var before = await (await admin.PostAsJsonAsync($"/api/v1/admin/clinics/{clinicId}/days", Day("2027-03-03", 10, 10))).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(30, before.GetProperty("capacity").GetInt32()); // only the lot that is there and not yet expired
        var afterExpiry = await admin.PostAsJsonAsync($"/api/v1/admin/clinics/{clinicId}/days", Day("2027-03-07", 10, 10));
        await afterExpiry.AssertProblemAsync(HttpStatusCode.Conflict); // SHORT-1 expired on the 5th, LATE-1 not there yet
        var after = await (await admin.PostAsJsonAsync($"/api/v1/admin/clinics/{clinicId}/days", Day("2027-03-10", 10, 10))).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(40, after.GetProperty("capacity").GetInt32());

        var stock = await StockAsync(admin, clinicId, "212");
        Assert.Equal(30, stock.GetProperty("onHand").GetInt32());
        Assert.Equal(40, stock.GetProperty("expected").GetInt32());
        Assert.Equal(70, stock.GetProperty("allocated").GetInt32());
    }

    [Fact]
    public async Task ShipmentsTransfersAndWastage_WithBadInput_Are400_NamingTheField_AndWriteNothing()
    {
        var (admin, clinicId) = await ClinicAsync();
        var movements = await app.WithDbAsync(db => db.StockMovements.CountAsync());

        await (await admin.PostAsJsonAsync("/api/v1/admin/shipments", new { clinicId, cvxCode = "999", lot = "", expiresOn = "soon", doses = 0 }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "cvxCode", "lot", "expiresOn", "doses");
        await (await admin.PostAsJsonAsync("/api/v1/admin/shipments", new { clinicId, cvxCode = "212", lot = "OLD-1", expiresOn = "2026-01-01", doses = 5 }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "expiresOn");
        await (await admin.PostAsJsonAsync("/api/v1/admin/transfers", new { fromClinicId = clinicId, toClinicId = clinicId, cvxCode = "212", lot = "X", doses = 1 }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "toClinicId");
        await (await admin.PostAsJsonAsync($"/api/v1/admin/clinics/{clinicId}/wastage", new { cvxCode = "212", lot = "X", doses = 1, reason = "dropped" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "reason");
        await (await admin.PostAsJsonAsync($"/api/v1/admin/clinics/{clinicId}/wastage", new { cvxCode = "212", lot = "X", doses = 1, reason = "other" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "reasonText");
        await (await admin.PostAsJsonAsync($"/api/v1/admin/clinics/{clinicId}/wastage", new { cvxCode = "212", lot = "NOPE", doses = 1, reason = "broken" }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        (await admin.GetAsync($"/api/v1/admin/clinics/{Guid.NewGuid()}/stock")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        Assert.Equal(movements, await app.WithDbAsync(db => db.StockMovements.CountAsync()));
    }

    [Fact]
    public async Task ATransfer_MovesTheLotAllOrNothing_AndCannotTakeDosesBehindSeats()
    {
        var (admin, from) = await ClinicAsync();
        var (_, to) = await ClinicAsync();
        await Stock.ReceiveAsync(admin, from, "212", 50, lot: "MOVE-1");
        await admin.PostAsJsonAsync($"/api/v1/admin/clinics/{from}/days", Day("2027-03-01", 2, 10)); // 20 doses behind seats

        await (await admin.PostAsJsonAsync("/api/v1/admin/transfers", new { fromClinicId = from, toClinicId = to, cvxCode = "212", lot = "MOVE-1", doses = 60 }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        await (await admin.PostAsJsonAsync("/api/v1/admin/transfers", new { fromClinicId = from, toClinicId = to, cvxCode = "212", lot = "MOVE-1", doses = 31 }))
            .AssertProblemAsync(HttpStatusCode.Conflict); // 31 would uncover the day's seats
        await (await admin.PostAsJsonAsync("/api/v1/admin/transfers", new { fromClinicId = from, toClinicId = to, cvxCode = "212", lot = "MOVE-1", doses = 30 }))
            .JsonAsync(HttpStatusCode.Created);

        Assert.Equal(20, (await StockAsync(admin, from, "212")).GetProperty("onHand").GetInt32());
        var arrived = await StockAsync(admin, to, "212");
        Assert.Equal(30, arrived.GetProperty("onHand").GetInt32());
        Assert.Equal("MOVE-1", arrived.GetProperty("lots")[0].GetProperty("lot").GetString());
        Assert.Equal(Stock.Expiry, arrived.GetProperty("lots")[0].GetProperty("expiresOn").GetString());
    }

    [Fact]
    public async Task ABrokenBox_TakesFreeSeatsFirst_LatestDayFirst_ThenNamesTheBookingsNotCovered()
    {
        var flow = new InvitationFlow(app);
        var (admin, clinicId) = await ClinicAsync();
        await Stock.ReceiveAsync(admin, clinicId, "212", 30, lot: "BOX-1");
        var (_, early, _) = await flow.ClinicDayAsync(date: "2027-03-01", slots: 2, perSlot: 5, cvx: "212", clinicId: clinicId);
        var (_, late, _) = await flow.ClinicDayAsync(date: "2027-03-02", slots: 2, perSlot: 5, cvx: "212", clinicId: clinicId);
        // Eight people booked on the early day (staff bookings, for brevity).
        var slot = await app.WithDbAsync(db => db.Slots.Where(s => s.ClinicDayId == Guid.Parse(early)).OrderBy(s => s.StartsAt).Select(s => s.Id).ToListAsync());
        for (var i = 0; i < 8; i++)
        {
            var person = await flow.RegisterAsync();
            (await admin.PostAsJsonAsync($"/api/v1/admin/people/{person.Id}/appointments", new { slotId = slot[i / 5], reason = "phoned the help line" }))
                .StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        // 25 of the 30 doses break: 10 free seats on the later day go, then the 2 free on the early one, then 3 bookings are short.
        var wasted = await (await admin.PostAsJsonAsync($"/api/v1/admin/clinics/{clinicId}/wastage", new { cvxCode = "212", lot = "BOX-1", doses = 25, reason = "broken" }))
            .JsonAsync(HttpStatusCode.Created);

        var days = await app.WithDbAsync(db => db.ClinicDays.Where(d => d.ClinicId == Guid.Parse(clinicId)).Include(d => d.Slots).OrderBy(d => d.Date).ToListAsync());
        Assert.Equal(8, days[0].Capacity);
        Assert.Equal(0, days[1].Capacity);
        Assert.All(days, d => Assert.True(d.Capacity <= d.DosesAllocated));
        Assert.Equal(3, wasted.GetProperty("uncoveredBookings").GetArrayLength());
        var stock = await StockAsync(admin, clinicId, "212");
        Assert.Equal(5, stock.GetProperty("onHand").GetInt32());
        Assert.Equal(25, stock.GetProperty("wasted").GetInt32());
        Assert.Equal(3, stock.GetProperty("uncovered").GetInt32());

        // A new shipment covers the shortfall first.
        await Stock.ReceiveAsync(admin, clinicId, "212", 10, lot: "BOX-2");
        Assert.Equal(0, (await StockAsync(admin, clinicId, "212")).GetProperty("uncovered").GetInt32());
        await LedgerAgreesAsync(app);
    }

    [Fact]
    public async Task BookingDoseOne_WithoutADoseTwoSeat_HoldsADose_AndWithNoneToHoldIsRefused()
    {
        var flow = new InvitationFlow(app);
        var (admin, clinicId) = await ClinicAsync();
        await Stock.ReceiveAsync(admin, clinicId, "208", 3, lot: "PFR-1");
        var (_, dayId, day) = await flow.ClinicDayAsync(date: "2027-03-01", slots: 1, perSlot: 2, cvx: "208", clinicId: clinicId);
        var slotId = day.GetProperty("slots")[0].GetProperty("id").GetString()!;

        var first = await flow.RegisterAsync();
        var booked = await (await admin.PostAsJsonAsync($"/api/v1/admin/people/{first.Id}/appointments", new { slotId, reason = "help line" })).JsonAsync(HttpStatusCode.Created);
        Assert.Equal("2027-03-22", booked.GetProperty("secondDose").GetProperty("reservedFrom").GetString());
        var stock = await StockAsync(admin, clinicId, "208");
        Assert.Equal(1, stock.GetProperty("reservedForSecondDoses").GetInt32());
        Assert.Equal(2, stock.GetProperty("allocated").GetInt32());

        // 3 doses: 2 behind seats, 1 held for the first person's dose 2. The second person cannot be promised a dose 2.
        var second = await flow.RegisterAsync();
        var refused = await (await admin.PostAsJsonAsync($"/api/v1/admin/people/{second.Id}/appointments", new { slotId, reason = "help line" }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("second dose", refused.GetProperty("detail").GetString());
        Assert.Equal(1, await app.WithDbAsync(db => db.Appointments.CountAsync(a => a.ClinicDayId == Guid.Parse(dayId))));

        // A wave cannot spend the held dose either: a new day for this clinic gets nothing.
        await (await admin.PostAsJsonAsync($"/api/v1/admin/clinics/{clinicId}/days", Day("2027-03-02", 1, 1, "208"))).AssertProblemAsync(HttpStatusCode.Conflict);

        var appointmentId = await app.WithDbAsync(db => db.Appointments.Where(a => a.ClinicDayId == Guid.Parse(dayId)).Select(a => a.Id).SingleAsync());
        var reservation = await app.WithDbAsync(db => db.SecondDoseReservations.SingleAsync(r => r.FirstDoseAppointmentId == appointmentId));
        Assert.Equal(Guid.Parse(clinicId), reservation.HeldAtClinicId);
        await LedgerAgreesAsync(app);
    }

    [Fact]
    public async Task AnEarmarkedTransfer_BacksOnlyADayBuiltOnIt()
    {
        var (admin, hub) = await ClinicAsync();
        var (_, rural) = await ClinicAsync();
        await Stock.ReceiveAsync(admin, hub, "212", 800, lot: "RURAL-1");
        var moved = await (await admin.PostAsJsonAsync("/api/v1/admin/transfers", new
        {
            fromClinicId = hub,
            toClinicId = rural,
            cvxCode = "212",
            lot = "RURAL-1",
            doses = 800,
            earmark = new { label = "75 and older, rural", groupCodes = Array.Empty<string>(), zipCodes = new[] { "63050", "63010" } },
        })).JsonAsync(HttpStatusCode.Created);
        var earmarkId = moved.GetProperty("earmarkId").GetString();

        // A day for everyone at the rural clinic finds no doses; a day built on the earmark gets them.
        await (await admin.PostAsJsonAsync($"/api/v1/admin/clinics/{rural}/days", Day("2027-03-01", 4, 5))).AssertProblemAsync(HttpStatusCode.Conflict);
        var day = await (await admin.PostAsJsonAsync($"/api/v1/admin/clinics/{rural}/days", Day("2027-03-01", 4, 5, earmarkId: earmarkId))).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(20, day.GetProperty("capacity").GetInt32());
        Assert.Equal(earmarkId, day.GetProperty("earmarkId").GetString());
    }

    [Fact]
    public async Task Products_AreData_SeededWith2021Values_AndStaffCanAddAndCorrectThem()
    {
        var admin = await app.CreateStaffClientAsync();
        var products = await (await admin.GetAsync("/api/v1/admin/products")).JsonAsync();
        var pfizer = products.EnumerateArray().Single(p => p.GetProperty("cvxCode").GetString() == "208");
        Assert.Equal("PFR", pfizer.GetProperty("mvxCode").GetString());
        Assert.Equal("59267-1000-01", pfizer.GetProperty("ndcUnitOfUse").GetString());
        Assert.Equal(21, pfizer.GetProperty("minimumIntervalDays").GetInt32());
        Assert.Equal(6, pfizer.GetProperty("dosesPerVial").GetInt32());
        Assert.Contains(products.EnumerateArray(), p => p.GetProperty("cvxCode").GetString() == "211");

        await (await admin.PostAsJsonAsync("/api/v1/admin/products", new
        {
            cvxCode = "210",
            name = "AstraZeneca",
            manufacturer = "AstraZeneca",
            mvxCode = "ASZ",
            ndcUnitOfUse = "0310-1222-10",
            dosesPerVial = 10,
            dosesInSeries = 2,
            minimumIntervalDays = 56,
            recommendedIntervalDays = 28,
            openVialHours = 6
        }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "ndcUnitOfUse", "recommendedIntervalDays");
        var created = await (await admin.PostAsJsonAsync("/api/v1/admin/products", new
        {
            cvxCode = "210",
            name = "AstraZeneca COVID-19 Vaccine",
            manufacturer = "AstraZeneca",
            mvxCode = "ASZ",
            ndcUnitOfUse = "00310-1222-10",
            dosesPerVial = 10,
            dosesInSeries = 2,
            minimumIntervalDays = 56,
            recommendedIntervalDays = 56,
            openVialHours = 6
        }))
            .JsonAsync(HttpStatusCode.Created);
        Assert.Equal("210", created.GetProperty("cvxCode").GetString());
        var changed = await (await admin.PutAsJsonAsync("/api/v1/admin/products/210", new
        {
            name = "AstraZeneca COVID-19 Vaccine",
            manufacturer = "AstraZeneca",
            mvxCode = "ASZ",
            ndcUnitOfUse = "00310-1222-10",
            dosesPerVial = 8,
            dosesInSeries = 2,
            minimumIntervalDays = 56,
            recommendedIntervalDays = 84,
            openVialHours = 6
        }))
            .JsonAsync();
        Assert.Equal(84, changed.GetProperty("recommendedIntervalDays").GetInt32());
        (await admin.PutAsJsonAsync("/api/v1/admin/products/999", new { name = "x" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public void SeededProducts_AgreeWithTheCdcTables_InTheSharedFixtures()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "../../../../../../shared/fixtures/cvx/covid19-cvx.csv");
        Assert.SkipUnless(File.Exists(path), "shared/fixtures is not present on this machine");
        var rows = File.ReadAllLines(path).Skip(1).Select(ParseCsvLine).ToDictionary(r => r[0]);
        foreach (var product in VaccineProduct.Defaults)
        {
            var row = rows[product.CvxCode];
            Assert.Equal(row[4], product.MvxCode);
            Assert.Equal(int.Parse(row[7], System.Globalization.CultureInfo.InvariantCulture), product.DosesInSeries);
            Assert.Equal(row[8].Length == 0 ? null : int.Parse(row[8], System.Globalization.CultureInfo.InvariantCulture), product.MinimumIntervalDays);
        }
    }

    private static string[] ParseCsvLine(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var ch in line)
        {
            if (ch == '"')
            {
                quoted = !quoted;
            }
            else if (ch == ',' && !quoted)
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(ch);
            }
        }
        fields.Add(current.ToString());
        return [.. fields];
    }

    /// <summary>Balances equal the ledger; a day's seats are backed by its doses until the day is over (before <paramref name="today"/>, the suite's first day unless said).</summary>
    internal static async Task LedgerAgreesAsync(FairShotApp app, DateOnly? today = null) => await app.WithDbAsync(async db =>
    {
        var movements = await db.StockMovements.AsNoTracking().ToListAsync();
        foreach (var b in await db.StockBalances.AsNoTracking().ToListAsync())
        {
            var mine = movements.Where(m => m.ClinicId == b.ClinicId && m.ProductCvx == b.ProductCvx).ToList();
            int Sum(StockMovementKind kind) => mine.Where(m => m.Kind == kind).Sum(m => m.Doses);
            Assert.Equal(Sum(StockMovementKind.Received), b.Received);
            Assert.Equal(Sum(StockMovementKind.TransferredIn), b.TransferredIn);
            Assert.Equal(Sum(StockMovementKind.TransferredOut), b.TransferredOut);
            Assert.Equal(Sum(StockMovementKind.Wasted), b.Wasted);
            // A voided or re-lotted dose comes back as Returned: administered is what was given minus that.
            Assert.Equal(Sum(StockMovementKind.Administered) - Sum(StockMovementKind.Returned), b.Administered);
            Assert.Equal(b.Received + b.TransferredIn - b.TransferredOut - b.Wasted - b.Administered, b.Supply);
            Assert.Equal(Sum(StockMovementKind.Allocated) - Sum(StockMovementKind.Released) - Sum(StockMovementKind.Administered) + Sum(StockMovementKind.Returned), b.Allocated);
            Assert.Equal(Sum(StockMovementKind.HeldForSecondDose) - Sum(StockMovementKind.SecondDoseHoldReleased), b.Reserved);
            var lots = await db.StockLots.AsNoTracking().Where(l => l.ClinicId == b.ClinicId && l.ProductCvx == b.ProductCvx).ToListAsync();
            Assert.Equal(b.Supply, lots.Sum(l => l.OnHand));
            foreach (var lot in lots)
            {
                var into = mine.Where(m => m.LotId == lot.Id && m.Kind is StockMovementKind.Received or StockMovementKind.TransferredIn or StockMovementKind.Returned).Sum(m => m.Doses);
                var outOf = mine.Where(m => m.LotId == lot.Id && m.Kind is StockMovementKind.TransferredOut or StockMovementKind.Wasted or StockMovementKind.Administered).Sum(m => m.Doses);
                Assert.Equal(into - outOf, lot.OnHand);
            }
            var days = await db.ClinicDays.AsNoTracking().Include(d => d.Slots).Where(d => d.ClinicId == b.ClinicId && d.ProductCvx == b.ProductCvx).ToListAsync();
            Assert.Equal(b.Allocated, days.Sum(d => d.DosesAllocated - d.DosesAdministered));
            Assert.All(days, d => Assert.True(d.Capacity <= d.DosesAllocated || d.Date < (today ?? new DateOnly(2027, 2, 1))));
            Assert.True(b.Allocated + b.Reserved <= b.Supply + b.Uncovered);
        }
        return 0;
    });
}
