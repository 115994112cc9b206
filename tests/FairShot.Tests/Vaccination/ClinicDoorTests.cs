using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Supply;
using FairShot.Features.Vaccination;
using FairShot.Tests.Features;
using FairShot.Tests.Features.Supply;
using FairShot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FairShot.Tests.Vaccination;

/// <summary>The clinic door: no-shows, walk-ins, opened vials and closing the day. The fixture's clock starts at 09:00 in Chicago on 2027-02-01.</summary>
public sealed class ClinicDoorTests : FreshAppTest
{
    private static readonly DateTime Now = FakeTimeProvider.DefaultStart.UtcDateTime;

    /// <summary>A registrant put in their group as registration would, and booked by staff into a slot (seat taken, status booked).</summary>
    internal static async Task<Appointment> BookAsync(FairShotDb db, Guid slotId, int dose = 1, Guid? previous = null, Guid? personId = null, string occupation = "healthcare")
    {
        if (personId is null)
        {
            var person = Person.Register(new Person.Details("Door" + Guid.NewGuid().ToString("N")[..8], "Test", new DateOnly(1980, 5, 5), $"{Guid.NewGuid():N}@example.org", null,
                "63050", occupation, "home", [], "en"), Now, RegistrationSource.Staff, null);
            var groups = await db.PriorityGroups.AsNoTracking().OrderBy(g => g.Rank).ToListAsync();
            var group = groups.First(g => g.Matches(46, occupation, "home", []));
            person.AssignGroup(await db.Phases.AsNoTracking().SingleAsync(p => p.Code == group.PhaseCode), group, InvitationFlow.Today);
            db.People.Add(person);
            personId = person.Id;
        }
        var slot = await db.Slots.AsNoTracking().SingleAsync(s => s.Id == slotId);
        var appointment = Appointment.ByStaff(personId.Value, slot, dose, Guid.NewGuid(), "test booking", Now, previous);
        db.Appointments.Add(appointment);
        await db.SaveChangesAsync();
        await db.Slots.Where(s => s.Id == slotId).ExecuteUpdateAsync(s => s.SetProperty(x => x.Booked, x => x.Booked + 1));
        await db.People.Where(p => p.Id == personId).ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, PersonStatus.Booked));
        return appointment;
    }

    private async Task<List<Guid>> SlotsAsync(string dayId) =>
        await App.WithDbAsync(db => db.Slots.Where(s => s.ClinicDayId == Guid.Parse(dayId)).OrderBy(s => s.StartsAt).Select(s => s.Id).ToListAsync());

    private async Task<NoShowRound?[]> RunNoShowsOnTwoInstancesAsync()
    {
        await using var a = App.Scope();
        await using var b = App.Scope();
        return await Task.WhenAll(a.ServiceProvider.GetRequiredService<NoShows>().RunRoundAsync(CancellationToken.None),
            b.ServiceProvider.GetRequiredService<NoShows>().RunRoundAsync(CancellationToken.None));
    }

    [Fact]
    public async Task NoShowJob_OnTwoInstances_RunsOnceAfterTheGrace_AndGivesBackSeatDoseTwoBookingAndHold()
    {
        // Today 08:00-09:00 in Chicago, four 15-minute slots; dose 2 three weeks later.
        var (clinicId, dayId, _) = await Flow.ClinicDayAsync(date: "2027-02-01", slots: 4, perSlot: 5, cvx: "208", opensAt: "08:00");
        var (_, laterDayId, _) = await Flow.ClinicDayAsync(date: "2027-02-22", slots: 4, perSlot: 5, cvx: "208", opensAt: "08:00", clinicId: clinicId);
        var slots = await SlotsAsync(dayId);
        var laterSlots = await SlotsAsync(laterDayId);
        var (first, second, held, stays) = await App.WithDbAsync(async db =>
        {
            var first = await BookAsync(db, slots[0]);
            var second = await BookAsync(db, laterSlots[0], 2, first.Id, first.PersonId);
            var held = await BookAsync(db, slots[3]);
            await using var scope = App.Scope();
            var ledger = scope.ServiceProvider.GetRequiredService<SupplyLedger>();
            Assert.True(await ledger.HoldSecondDoseAsync(Guid.Parse(clinicId), "208", held.Id, Actor.System, CancellationToken.None));
            scope.ServiceProvider.GetRequiredService<FairShotDb>().SecondDoseReservations.Add(
                new SecondDoseReservation(held.PersonId, held.Id, "208", new DateOnly(2027, 2, 22), new DateOnly(2027, 3, 1), Now, Guid.Parse(clinicId)));
            await scope.ServiceProvider.GetRequiredService<FairShotDb>().SaveChangesAsync();
            var stays = await BookAsync(db, slots[0]);
            var tracked = await db.Appointments.SingleAsync(a => a.Id == stays.Id);
            tracked.CheckIn(Now, Guid.NewGuid());
            await db.SaveChangesAsync();
            return (first, second, held, stays);
        });

        // 09:00: the first slot ended at 08:15, 45 minutes ago; the grace is 60.
        var early = await RunNoShowsOnTwoInstancesAsync();
        Assert.Equal(0, early.Single(r => r is not null)!.Marked);
        Assert.Equal(AppointmentState.Booked, await App.WithDbAsync(db => db.Appointments.Where(a => a.Id == first.Id).Select(a => a.State).SingleAsync()));

        App.Clock.Advance(TimeSpan.FromMinutes(16)); // 09:16: 61 minutes after 08:15
        var rounds = await RunNoShowsOnTwoInstancesAsync();
        Assert.Single(rounds, r => r is null); // the other instance had this minute
        Assert.Equal(new NoShowRound(1, 1, 0), rounds.Single(r => r is not null));
        await App.WithDbAsync(async db =>
        {
            var a = await db.Appointments.AsNoTracking().SingleAsync(x => x.Id == first.Id);
            Assert.Equal(AppointmentState.NoShow, a.State);
            Assert.Equal(App.Clock.GetUtcNow().UtcDateTime, a.NoShowAt);
            Assert.Equal(AppointmentState.Cancelled, await db.Appointments.Where(x => x.Id == second.Id).Select(x => x.State).SingleAsync());
            Assert.Equal(1, await db.Slots.Where(s => s.Id == slots[0]).Select(s => s.Booked).SingleAsync()); // only the one checked in
            Assert.Equal(0, await db.Slots.Where(s => s.Id == laterSlots[0]).Select(s => s.Booked).SingleAsync());
            Assert.Equal(PersonStatus.Waiting, await db.People.Where(p => p.Id == first.PersonId).Select(p => p.Status).SingleAsync());
            Assert.Equal(AppointmentState.CheckedIn, await db.Appointments.Where(x => x.Id == stays.Id).Select(x => x.State).SingleAsync());
            return 0;
        });

        // The county stops re-inviting; the last slot (ended 09:00) passes its grace at 10:00.
        var admin = await Flow.AdminAsync();
        (await admin.PutAsJsonAsync("/api/v1/admin/settings/no-shows", new { graceMinutes = 60, reinvite = false })).EnsureSuccessStatusCode();
        (await admin.PutAsJsonAsync("/api/v1/admin/settings/no-shows", new { graceMinutes = -1, reinvite = false })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        App.Clock.Advance(TimeSpan.FromMinutes(45));
        rounds = await RunNoShowsOnTwoInstancesAsync();
        Assert.Equal(new NoShowRound(1, 0, 1), rounds.Single(r => r is not null));
        await App.WithDbAsync(async db =>
        {
            Assert.Equal(ReservationState.Cancelled, await db.SecondDoseReservations.Where(r => r.FirstDoseAppointmentId == held.Id).Select(r => r.State).SingleAsync());
            Assert.Equal(0, await db.StockBalances.Where(b => b.ClinicId == Guid.Parse(clinicId) && b.ProductCvx == "208").Select(b => b.Reserved).SingleAsync());
            Assert.Equal(PersonStatus.Withdrawn, await db.People.Where(p => p.Id == held.PersonId).Select(p => p.Status).SingleAsync());
            Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == "appointment.no-show"));
            return 0;
        });
        await SupplyTests.LedgerAgreesAsync(App);
    }

    [Fact]
    public async Task CheckIn_ANoShowBackTheSameDay_TakesTheSeatAgain_AndLeavesTheLine()
    {
        var (clinicId, dayId, _) = await Flow.ClinicDayAsync(date: "2027-02-01", slots: 4, perSlot: 1, opensAt: "08:00");
        var slots = await SlotsAsync(dayId);
        var late = await App.WithDbAsync(db => BookAsync(db, slots[0]));
        App.Clock.Advance(TimeSpan.FromMinutes(16)); // 09:16: the 08:00 slot ended 61 minutes ago
        Assert.Equal(1, (await RunNoShowsOnTwoInstancesAsync()).Single(r => r is not null)!.Marked);
        Assert.Equal(0, await App.WithDbAsync(db => db.Slots.Where(s => s.Id == slots[0]).Select(s => s.Booked).SingleAsync()));
        var nurse = await new DeskFlow(App).NurseAsync(clinicId);

        var checkedIn = await (await nurse.PostAsJsonAsync("/api/v1/clinic/check-ins", new { confirmationCode = late.ConfirmationCode, dateOfBirth = "1980-05-05" })).JsonAsync();

        Assert.Equal("checkedIn", checkedIn.GetProperty("state").GetString());
        await App.WithDbAsync(async db =>
        {
            Assert.Equal(1, await db.Slots.Where(s => s.Id == slots[0]).Select(s => s.Booked).SingleAsync());
            Assert.Equal(PersonStatus.Booked, await db.People.Where(p => p.Id == late.PersonId).Select(p => p.Status).SingleAsync());
            var entry = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Action == "appointment.checkedIn" && e.EntityId == late.Id.ToString());
            Assert.Contains("\"seatTaken\":true", entry.Summary, StringComparison.Ordinal);
            return 0;
        });
    }

    private static object Answers(string first, string occupation = "healthcare", int birthYear = 1980, string zip = "63050", string? email = null) => new
    {
        firstName = first,
        lastName = "Walker",
        dateOfBirth = $"{birthYear}-04-04",
        zipCode = zip,
        email = email ?? $"{Guid.NewGuid():N}@example.org",
        occupation,
        setting = "home",
        conditions = Array.Empty<string>(),
        language = "en",
    };

    private static async Task<HttpResponseMessage> WalkInAsync(HttpClient staff, string dayId, object person) =>
        await staff.PostAsJsonAsync("/api/v1/clinic/walk-ins", new { clinicDayId = dayId, person });

    [Fact]
    public async Task WalkIn_OutsideTheOpenPhases_IsRefusedAndWritesNothing_InsideIsCheckedInAsWalkIn_AndAnExistingRegistrantIsNotDuplicated()
    {
        var (_, dayId, _) = await Flow.ClinicDayAsync(date: "2027-02-01", slots: 4, perSlot: 2, opensAt: "08:30"); // 09:00-09:15 under way
        var admin = await Flow.AdminAsync();

        var refused = await (await WalkInAsync(admin, dayId, Answers("Elder", occupation: "none", birthYear: 1945))).JsonAsync(HttpStatusCode.Conflict);
        Assert.Equal("notInOpenPhase", refused.GetProperty("reason").GetString());
        Assert.Equal(0, await App.WithDbAsync(db => db.People.CountAsync()));
        (await admin.PostAsJsonAsync("/api/v1/clinic/walk-ins", new { personId = Guid.NewGuid() })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var bad = await (await WalkInAsync(admin, dayId, new { firstName = "X" })).JsonAsync(HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("person.lastName", out _));

        var seated = await (await WalkInAsync(admin, dayId, Answers("Nurse"))).JsonAsync(HttpStatusCode.Created);
        Assert.Equal("checkedIn", seated.GetProperty("state").GetString());
        Assert.Equal(1, seated.GetProperty("doseNumber").GetInt32());
        Assert.Matches("^[0-9]{4}$", seated.GetProperty("siteCode").GetString());
        var id = Guid.Parse(seated.GetProperty("appointmentId").GetString()!);
        await App.WithDbAsync(async db =>
        {
            var a = await db.Appointments.AsNoTracking().SingleAsync(x => x.Id == id);
            Assert.Equal(AppointmentChannel.WalkIn, a.Channel);
            Assert.Equal(AppointmentState.CheckedIn, a.State);
            Assert.NotNull(a.BookedByStaffId);
            Assert.Equal(a.BookedByStaffId, a.CheckedInByStaffId);
            var p = await db.People.AsNoTracking().SingleAsync();
            Assert.Equal(RegistrationSource.WalkIn, p.Source);
            Assert.Equal(PersonStatus.Booked, p.Status);
            Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == "appointment.walk-in"));
            return 0;
        });

        // The same name and date of birth under another e-mail: the same person, who already has a seat.
        var again = await (await WalkInAsync(admin, dayId, Answers("Nurse"))).JsonAsync(HttpStatusCode.Conflict);
        Assert.Equal("alreadyBooked", again.GetProperty("reason").GetString());
        Assert.Equal(1, await App.WithDbAsync(db => db.People.CountAsync()));
    }

    [Fact]
    public async Task WalkIn_OnAnEarmarkedDay_SeatsOnlyThoseTheEarmarkAdmits()
    {
        var (_, dayId, _) = await Flow.ClinicDayAsync(date: "2027-02-01", slots: 4, perSlot: 2, opensAt: "08:30");
        await App.WithDbAsync(async db =>
        {
            var earmark = new Earmark("rural 63051", [], ["63051"], Now);
            db.Earmarks.Add(earmark);
            await db.SaveChangesAsync();
            return await db.ClinicDays.Where(d => d.Id == Guid.Parse(dayId)).ExecuteUpdateAsync(s => s.SetProperty(d => d.EarmarkId, earmark.Id));
        });
        var admin = await Flow.AdminAsync();

        var outside = await (await WalkInAsync(admin, dayId, Answers("Town", zip: "63050"))).JsonAsync(HttpStatusCode.Conflict);
        Assert.Equal("outsideEarmark", outside.GetProperty("reason").GetString());
        await (await WalkInAsync(admin, dayId, Answers("Farm", zip: "63051"))).JsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task WalkIn_WhenLaterSeatsAreHeldByStandbyOffers_LeavesThemToStandby_AndAddsASeatWithADose()
    {
        // 09:00-09:15 (one seat, under way) and 09:15-09:30 (one seat).
        var (clinicId, dayId, _) = await Flow.ClinicDayAsync(date: "2027-02-01", slots: 2, perSlot: 1, opensAt: "09:00");
        var slots = await SlotsAsync(dayId);
        var admin = await Flow.AdminAsync();
        await (await WalkInAsync(admin, dayId, Answers("First"))).JsonAsync(HttpStatusCode.Created); // the seat under way
        var standby = await Flow.RegisterAsync();
        (await admin.PutAsJsonAsync($"/api/v1/admin/people/{standby.Id}/standby", new { clinicIds = new[] { clinicId } })).EnsureSuccessStatusCode();
        var offer = await (await admin.PostAsJsonAsync($"/api/v1/admin/clinic-days/{dayId}/standby-offers", new { seats = 1 })).JsonAsync();
        Assert.Equal(1, offer.GetProperty("offered").GetInt32());

        var second = await (await WalkInAsync(admin, dayId, Answers("Second"))).JsonAsync(HttpStatusCode.Created);

        await App.WithDbAsync(async db =>
        {
            var s = await db.Slots.AsNoTracking().Where(x => x.ClinicDayId == Guid.Parse(dayId)).OrderBy(x => x.StartsAt).ToListAsync();
            Assert.Equal(0, s[1].Booked); // the standby offer's seat is still there for them
            Assert.Equal((2, 2), (s[0].Capacity, s[0].Booked));
            Assert.Equal(slots[0], await db.Appointments.Where(a => a.Id == Guid.Parse(second.GetProperty("appointmentId").GetString()!)).Select(a => a.SlotId).SingleAsync());
            Assert.Equal(3, await db.ClinicDays.Where(d => d.Id == Guid.Parse(dayId)).Select(d => d.DosesAllocated).SingleAsync());
            return 0;
        });
        await SupplyTests.LedgerAgreesAsync(App);
    }

    [Fact]
    public async Task WalkIn_WithNoSeatAndNoFreeDose_IsRefused_AndAnEndedSlotsFreeSeatIsUsedFirst()
    {
        var admin = await Flow.AdminAsync();
        var clinicId = (await (await admin.PostAsJsonAsync("/api/v1/admin/clinics", new { name = "Small clinic", address = "2 Main St, Hillsboro, MO", timeZone = "America/Chicago" }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        await Stock.ReceiveAsync(admin, clinicId, "212", 3);
        // 08:45-09:00 (ended, one free seat), 09:00-09:15 (under way), 09:15-09:30: three seats, three doses.
        var (_, dayId, _) = await Flow.ClinicDayAsync(date: "2027-02-01", slots: 3, perSlot: 1, opensAt: "08:45", clinicId: clinicId);

        foreach (var name in new[] { "One", "Two", "Three" })
        {
            await (await WalkInAsync(admin, dayId, Answers(name))).JsonAsync(HttpStatusCode.Created);
        }
        var refused = await (await WalkInAsync(admin, dayId, Answers("Four"))).JsonAsync(HttpStatusCode.Conflict);

        Assert.Equal("noDoseLeft", refused.GetProperty("reason").GetString());
        Assert.Equal(3, await App.WithDbAsync(db => db.Appointments.CountAsync()));
        Assert.Equal(0, await App.WithDbAsync(db => db.Slots.Where(s => s.ClinicDayId == Guid.Parse(dayId)).OrderBy(s => s.StartsAt).Select(s => s.Capacity).FirstAsync()));
        await SupplyTests.LedgerAgreesAsync(App);
    }

    /// <summary>An opened vial of the day's lot, as the desk records one, with doses drawn.</summary>
    internal static async Task<Guid> OpenVialAsync(FairShotDb db, Guid dayId, int drawn, DateTime openedAt, TimeSpan usable)
    {
        var day = await db.ClinicDays.AsNoTracking().SingleAsync(d => d.Id == dayId);
        var lot = await db.StockLots.AsNoTracking().FirstAsync(l => l.ClinicId == day.ClinicId && l.ProductCvx == day.ProductCvx && l.OnHand > 0);
        var product = await db.Products.AsNoTracking().SingleAsync(p => p.CvxCode == day.ProductCvx);
        var vial = new OpenedVial(day.Id, lot.Id, day.ProductCvx, product.DosesPerVial, openedAt, openedAt + usable);
        db.OpenedVials.Add(vial);
        await db.SaveChangesAsync();
        await db.OpenedVials.Where(v => v.Id == vial.Id).ExecuteUpdateAsync(s => s.SetProperty(v => v.DosesDrawn, drawn));
        return vial.Id;
    }

    [Fact]
    public async Task ClosingTheDay_RecordsTheOpenVialsLeftoversAsWastedOnce_ThroughTheLedger()
    {
        var (clinicId, dayId, _) = await Flow.ClinicDayAsync(date: "2027-02-01", slots: 4, perSlot: 2, cvx: "208", opensAt: "08:00");
        await App.WithDbAsync(async db =>
        {
            await OpenVialAsync(db, Guid.Parse(dayId), 2, Now.AddHours(-1), TimeSpan.FromHours(6)); // 4 left
            return await OpenVialAsync(db, Guid.Parse(dayId), 5, Now.AddHours(-7), TimeSpan.FromHours(6)); // 1 left, past its time
        });
        var admin = await Flow.AdminAsync();
        var onHandBefore = await App.WithDbAsync(db => db.StockLots.Where(l => l.ClinicId == Guid.Parse(clinicId) && l.ProductCvx == "208").SumAsync(l => l.OnHand));

        var vials = await (await admin.GetAsync($"/api/v1/clinic/days/{dayId}/vials")).JsonAsync();
        Assert.Equal(2, vials.GetProperty("vials").GetArrayLength());
        Assert.Equal(5, vials.GetProperty("dosesLeft").GetInt32());
        Assert.Equal(4, vials.GetProperty("usableDosesLeft").GetInt32());

        var closed = await (await admin.PostAsync($"/api/v1/clinic/days/{dayId}/close", null)).JsonAsync();
        var again = await (await admin.PostAsync($"/api/v1/clinic/days/{dayId}/close", null)).JsonAsync();

        Assert.Equal(5, closed.GetProperty("dosesWasted").GetInt32());
        Assert.Equal(0, again.GetProperty("dosesWasted").GetInt32());
        await App.WithDbAsync(async db =>
        {
            var balance = await db.StockBalances.AsNoTracking().SingleAsync(b => b.ClinicId == Guid.Parse(clinicId) && b.ProductCvx == "208");
            Assert.Equal(5, balance.Wasted);
            Assert.Equal(onHandBefore - 5, await db.StockLots.Where(l => l.ClinicId == Guid.Parse(clinicId) && l.ProductCvx == "208").SumAsync(l => l.OnHand));
            var rows = await db.StockMovements.AsNoTracking().Where(m => m.Kind == StockMovementKind.Wasted).ToListAsync();
            Assert.All(rows, m => Assert.Equal(WastageReason.OpenVialUnused, m.Wastage));
            Assert.Equal(5, rows.Sum(m => m.Doses));
            Assert.All(await db.OpenedVials.AsNoTracking().ToListAsync(), v => Assert.NotNull(v.ClosedAt));
            return 0;
        });
        Assert.Equal(0, (await (await admin.GetAsync($"/api/v1/clinic/days/{dayId}/vials")).JsonAsync()).GetProperty("dosesLeft").GetInt32());
        await SupplyTests.LedgerAgreesAsync(App);
    }

    [Fact]
    public async Task OfferingVialDoses_OffersOnlyWhatTheDayDoesNotNeed_ToStandby()
    {
        var (clinicId, dayId, _) = await Flow.ClinicDayAsync(date: "2027-02-01", slots: 4, perSlot: 1, cvx: "208", opensAt: "08:00"); // over at 09:00
        var admin = await Flow.AdminAsync();
        (await admin.PostAsync($"/api/v1/clinic/days/{dayId}/offer-vial-doses", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict); // no vial: the typed form
        await App.WithDbAsync(db => OpenVialAsync(db, Guid.Parse(dayId), 3, Now.AddHours(-1), TimeSpan.FromHours(6))); // 3 left
        // Someone checked in late and not yet vaccinated still needs one of them.
        var slots = await SlotsAsync(dayId);
        await App.WithDbAsync(async db =>
        {
            var late = await BookAsync(db, slots[3]);
            var tracked = await db.Appointments.SingleAsync(a => a.Id == late.Id);
            tracked.CheckIn(Now, Guid.NewGuid());
            return await db.SaveChangesAsync();
        });
        for (var i = 0; i < 3; i++)
        {
            var person = await Flow.RegisterAsync();
            (await admin.PutAsJsonAsync($"/api/v1/admin/people/{person.Id}/standby", new { clinicIds = new[] { clinicId } })).EnsureSuccessStatusCode();
        }

        var offer = await (await admin.PostAsync($"/api/v1/clinic/days/{dayId}/offer-vial-doses", null)).JsonAsync();

        Assert.Equal(2, offer.GetProperty("seats").GetInt32());
        Assert.Equal(3, offer.GetProperty("offered").GetInt32()); // 4 per seat wanted, 3 on standby
        await SupplyTests.LedgerAgreesAsync(App);
    }

    [Fact]
    public async Task CountedLeftoverDoses_NeverMoreThanTheRecordedVialsHold_AndEverySeatAddedHasADose()
    {
        var admin = await Flow.AdminAsync();
        var clinicId = (await (await admin.PostAsJsonAsync("/api/v1/admin/clinics", new { name = "Counted clinic", address = "3 Main St, Hillsboro, MO", timeZone = "America/Chicago" }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        await Stock.ReceiveAsync(admin, clinicId, "208", 20);
        // Noon to one: four seats, four doses allocated; sixteen more on hand.
        var (_, dayId, _) = await Flow.ClinicDayAsync(date: "2027-02-01", slots: 4, perSlot: 1, cvx: "208", opensAt: "12:00", clinicId: clinicId);
        var leftover = $"/api/v1/admin/clinic-days/{dayId}/leftover-doses";

        // No vial recorded: the count is taken as typed, and each seat gets a dose of the day.
        var typed = await (await admin.PostAsJsonAsync(leftover, new { doses = 3 })).JsonAsync();
        Assert.Equal(3, typed.GetProperty("seats").GetInt32());
        var day = await App.WithDbAsync(db => db.ClinicDays.AsNoTracking().Include(d => d.Slots).SingleAsync(d => d.Id == Guid.Parse(dayId)));
        Assert.Equal(7, day.Slots.Sum(s => s.Capacity));
        Assert.Equal(7, day.DosesAllocated);

        // A vial recorded with 4 doses left (6 per vial, 2 drawn): 5 counted is more than it holds.
        await App.WithDbAsync(db => OpenVialAsync(db, Guid.Parse(dayId), 2, Now.AddHours(-1), TimeSpan.FromHours(6)));
        var tooMany = await (await admin.PostAsJsonAsync(leftover, new { doses = 5 })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("hold 4 usable doses", tooMany.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(7, await App.WithDbAsync(db => db.Slots.Where(s => s.ClinicDayId == Guid.Parse(dayId)).SumAsync(s => s.Capacity)));
        await SupplyTests.LedgerAgreesAsync(App);
    }

    [Fact]
    public async Task WalkIn_DoseOneOfATwoDoseProduct_HoldsADoseForDoseTwo_AndWithNoneToHoldIsRefused()
    {
        var admin = await Flow.AdminAsync();
        var clinicId = (await (await admin.PostAsJsonAsync("/api/v1/admin/clinics", new { name = "Two-dose clinic", address = "4 Main St, Hillsboro, MO", timeZone = "America/Chicago" }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        await Stock.ReceiveAsync(admin, clinicId, "208", 3);
        // 08:45-09:30, three seats backed by the clinic's three doses: none left to hold for a dose 2.
        var (_, dayId, _) = await Flow.ClinicDayAsync(date: "2027-02-01", slots: 3, perSlot: 1, cvx: "208", opensAt: "08:45", clinicId: clinicId);

        var refused = await (await WalkInAsync(admin, dayId, Answers("Hold"))).JsonAsync(HttpStatusCode.Conflict);
        Assert.Equal("noDoseLeft", refused.GetProperty("reason").GetString());
        Assert.Contains("second dose", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await App.WithDbAsync(db => db.Appointments.CountAsync()));

        await Stock.ReceiveAsync(admin, clinicId, "208", 2, lot: "HOLD2");
        var walkedIn = await (await WalkInAsync(admin, dayId, Answers("Hold"))).JsonAsync(HttpStatusCode.Created);

        await App.WithDbAsync(async db =>
        {
            var reservation = await db.SecondDoseReservations.AsNoTracking().SingleAsync(r => r.FirstDoseAppointmentId == Guid.Parse(walkedIn.GetProperty("appointmentId").GetString()!));
            Assert.Equal((ReservationState.Waiting, Guid.Parse(clinicId), new DateOnly(2027, 2, 22)), (reservation.State, reservation.HeldAtClinicId!.Value, reservation.EarliestDate));
            Assert.Equal(1, await db.StockBalances.Where(b => b.ClinicId == Guid.Parse(clinicId) && b.ProductCvx == "208").Select(b => b.Reserved).SingleAsync());
            return 0;
        });
        await SupplyTests.LedgerAgreesAsync(App);
    }
}
