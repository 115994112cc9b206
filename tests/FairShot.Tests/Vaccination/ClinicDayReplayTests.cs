using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Vaccination;
using FairShot.Tests.Features;
using FairShot.Tests.Features.Records;
using FairShot.Tests.Features.Supply;
using FairShot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FairShot.Tests.Vaccination;

/// <summary>
/// A clinic day played through (the issue's done-when): 1,100 booked, 12 % no-shows marked by the
/// job, 150 walk-ins of whom 30 are in closed phases and refused, the opened vials' leftovers offered
/// to standby, the day closed; every dose is accounted for: administered + wasted + on hand = received.
/// The 968 booked people's doses are recorded in bulk by the ledger's accounting rule (seeded, as the
/// bookings are, to keep the test fast); the walk-ins' and standby's go through the desk's recording.
/// </summary>
public sealed partial class ClinicDayReplayTests : FreshAppTest
{
    [GeneratedRegex(@"/i/([A-Za-z0-9_-]{43})")]
    private static partial Regex LinkPattern();

    private FakeIis _registry = null!;

    /// <summary>The county reports to its registry (a fake IIS on loopback): every dose recorded goes out as a VXU.</summary>
    public override async ValueTask InitializeAsync()
    {
        _registry = await FakeIis.StartAsync();
        RegistryApp.Connect(App, _registry);
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _registry.DisposeAsync();
    }

    /// <summary>One dose given per appointment, as the brief's accounting rule says: lot, balance, day, one ledger row each, one transaction.</summary>
    internal static async Task RecordDosesAsync(FairShotApp app, Guid dayId, IReadOnlyCollection<Guid> appointmentIds)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<FairShotDb>();
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var n = appointmentIds.Count;
        var day = await db.ClinicDays.AsNoTracking().SingleAsync(d => d.Id == dayId);
        var lot = await db.StockLots.AsNoTracking().FirstAsync(l => l.ClinicId == day.ClinicId && l.ProductCvx == day.ProductCvx && l.OnHand >= n);
        await using var transaction = await db.Database.BeginTransactionAsync();
        Assert.Equal(1, await db.StockLots.Where(l => l.Id == lot.Id && l.OnHand >= n).ExecuteUpdateAsync(s => s.SetProperty(l => l.OnHand, l => l.OnHand - n)));
        Assert.Equal(1, await db.ClinicDays.Where(d => d.Id == dayId && d.DosesAdministered + n <= d.DosesAllocated)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.DosesAdministered, d => d.DosesAdministered + n)));
        await db.StockBalances.Where(b => b.ClinicId == day.ClinicId && b.ProductCvx == day.ProductCvx).ExecuteUpdateAsync(s => s
            .SetProperty(b => b.Supply, b => b.Supply - n).SetProperty(b => b.Allocated, b => b.Allocated - n).SetProperty(b => b.Administered, b => b.Administered + n));
        var staff = Guid.NewGuid();
        foreach (var appointment in await db.Appointments.Where(a => appointmentIds.Contains(a.Id)).ToListAsync())
        {
            appointment.MarkVaccinated(now, staff);
            db.StockMovements.Add(new StockMovement(day.ClinicId, day.ProductCvx, StockMovementKind.Administered, 1, now, $"staff:{staff}", lotId: lot.Id, clinicDayId: dayId,
                appointmentId: appointment.Id));
        }
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
    }

    private static async Task RecordThroughTheDeskAsync(HttpClient staff, Guid appointmentId, string siteCode) =>
        await (await staff.PostAsJsonAsync("/api/v1/clinic/administrations", new { appointmentId, siteCode, lot = "T208", route = "IM", bodySite = "LD" }))
            .JsonAsync(HttpStatusCode.Created);

    [Fact]
    public async Task AClinicDay_WithNoShowsWalkInsAndStandby_EndsWithEveryDoseAccountedFor()
    {
        // Today 08:00-18:00 in Chicago: 40 slots of 28 seats (1,120), 1,100 booked.
        var (clinicId, dayId, _) = await Flow.ClinicDayAsync(date: "2027-02-01", slots: 40, perSlot: 28, cvx: "208", opensAt: "08:00");
        var day = Guid.Parse(dayId);
        var booked = await App.WithDbAsync(async db =>
        {
            var slots = await db.Slots.AsNoTracking().Where(s => s.ClinicDayId == day).OrderBy(s => s.StartsAt).ToListAsync();
            var groups = await db.PriorityGroups.AsNoTracking().OrderBy(g => g.Rank).ToListAsync();
            var group = groups.First(g => g.Matches(46, "healthcare", "home", []));
            var phase = await db.Phases.AsNoTracking().SingleAsync(p => p.Code == group.PhaseCode);
            var now = App.Clock.GetUtcNow().UtcDateTime;
            var list = new List<(Guid Id, int Slot)>();
            for (var i = 0; i < 1_100; i++)
            {
                var person = Person.Register(new Person.Details($"Booked{i}", "Resident", new DateOnly(1980, 1, 1).AddDays(i), $"booked{i}@example.org", null, "63050", "healthcare",
                    "home", [], "en"), now, RegistrationSource.Self, null);
                person.AssignGroup(phase, group, InvitationFlow.Today);
                db.People.Add(person);
                var appointment = Appointment.ByStaff(person.Id, slots[i / 28], 1, Guid.NewGuid(), "replay", now);
                db.Appointments.Add(appointment);
                list.Add((appointment.Id, i / 28));
            }
            await db.SaveChangesAsync();
            foreach (var g in list.GroupBy(a => a.Slot))
            {
                await db.Slots.Where(s => s.Id == slots[g.Key].Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Booked, g.Count()));
            }
            await db.People.ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, PersonStatus.Booked));
            return list;
        });

        // 12 % do not come, all from slots over by 16:45; everyone else is vaccinated.
        var random = new Random(12);
        var noShows = booked.Where(a => a.Slot < 35).OrderBy(_ => random.Next()).Take(132).Select(a => a.Id).ToHashSet();
        App.Clock.Advance(new TimeSpan(8, 50, 0)); // 17:50
        await RecordDosesAsync(App, day, booked.Select(a => a.Id).Where(id => !noShows.Contains(id)).ToList());
        NoShowRound? round;
        await using (var scope = App.Scope())
        {
            round = await scope.ServiceProvider.GetRequiredService<NoShows>().RunRoundAsync(CancellationToken.None);
        }
        Assert.Equal(132, round!.Marked);

        // 150 walk-ins; every fifth is 80 and not a health worker (phase 1b, closed).
        var admin = await Flow.AdminAsync();
        var walkIns = new List<(Guid Id, string SiteCode)>();
        var refused = 0;
        for (var i = 0; i < 150; i++)
        {
            var closedPhase = i % 5 == 0;
            var response = await admin.PostAsJsonAsync("/api/v1/clinic/walk-ins", new
            {
                clinicDayId = dayId,
                person = new
                {
                    firstName = $"Walk{i}",
                    lastName = "In",
                    dateOfBirth = closedPhase ? "1946-06-06" : "1985-06-06",
                    zipCode = "63050",
                    phone = $"+1573555{i:D4}",
                    occupation = closedPhase ? "none" : "healthcare",
                    setting = "home",
                    language = "en",
                },
            });
            if (closedPhase)
            {
                Assert.Equal("notInOpenPhase", (await response.JsonAsync(HttpStatusCode.Conflict)).GetProperty("reason").GetString());
                refused++;
            }
            else
            {
                var seated = await response.JsonAsync(HttpStatusCode.Created);
                walkIns.Add((Guid.Parse(seated.GetProperty("appointmentId").GetString()!), seated.GetProperty("siteCode").GetString()!));
            }
        }
        Assert.Equal((30, 120), (refused, walkIns.Count));

        // The booked doses came out of 162 vials of six, the last with four left (a bulk record, as the
        // bookings were seeded); the walk-ins' doses are recorded by the vaccinators through the desk,
        // which draws them from that vial first and opens new ones: four are left at the end.
        var start = App.Clock.GetUtcNow().UtcDateTime.AddHours(-1);
        await App.WithDbAsync(async db =>
        {
            for (var v = 0; v < 162; v++)
            {
                await ClinicDoorTests.OpenVialAsync(db, day, v < 161 ? 6 : 2, start, TimeSpan.FromHours(6));
            }
            return await db.OpenedVials.Where(v => v.DosesDrawn == 6).ExecuteUpdateAsync(s => s.SetProperty(v => v.ClosedAt, start));
        });
        foreach (var (id, siteCode) in walkIns)
        {
            await RecordThroughTheDeskAsync(admin, id, siteCode);
        }
        var standby = new List<InvitationFlow.Invitee>();
        for (var i = 0; i < 8; i++)
        {
            var person = await Flow.RegisterAsync();
            (await admin.PutAsJsonAsync($"/api/v1/admin/people/{person.Id}/standby", new { clinicIds = new[] { clinicId } })).EnsureSuccessStatusCode();
            standby.Add(person);
        }
        var vials = await (await admin.GetAsync($"/api/v1/clinic/days/{dayId}/vials")).JsonAsync();
        Assert.Equal(4, vials.GetProperty("leftover").GetInt32());
        var offer = await (await admin.PostAsync($"/api/v1/clinic/days/{dayId}/offer-vial-doses", null)).JsonAsync();
        Assert.Equal((4, 8), (offer.GetProperty("seats").GetInt32(), offer.GetProperty("offered").GetInt32()));

        // Three on standby confirm, come, and are vaccinated from the last vial.
        var now = App.Clock.GetUtcNow().UtcDateTime;
        var closing = await App.WithDbAsync(db => db.Slots.Where(s => s.ClinicDayId == day).OrderByDescending(s => s.StartsAt).Select(s => s.Id).FirstAsync());
        var contenders = await App.WithDbAsync(async db =>
        {
            var list = new List<(string Token, string Session)>();
            foreach (var message in (await db.Outbox.Where(m => m.Template == "standby-offer").ToListAsync()).Take(3))
            {
                var token = LinkPattern().Match(message.Body).Groups[1].Value;
                var invitation = await db.Invitations.SingleAsync(i => i.TokenHash == Invitation.HashToken(token));
                var session = Invitation.NewToken();
                db.InvitationSessions.Add(new InvitationSession(invitation.Id, Invitation.HashToken(session), "email", now));
                list.Add((token, session));
            }
            await db.SaveChangesAsync();
            return list;
        });
        foreach (var (token, session) in contenders)
        {
            var client = App.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", session);
            (await InvitationFlow.BookAsync(client, token, closing.ToString())).StatusCode.ShouldBe(HttpStatusCode.Created);
        }
        var standbyBooked = await App.WithDbAsync(db => db.Appointments.Where(a => a.SlotId == closing).Select(a => a.Id).ToListAsync());
        Assert.Equal(3, standbyBooked.Count);
        App.Clock.Advance(TimeSpan.FromMinutes(35)); // 18:25, in the closing slot
        admin = await Flow.AdminAsync();
        foreach (var seated in await App.WithDbAsync(db => db.Appointments.Where(a => a.SlotId == closing).Select(a => new { a.Id, a.SiteCode }).ToListAsync()))
        {
            await RecordThroughTheDeskAsync(admin, seated.Id, seated.SiteCode);
        }

        // The evening: the job finds nobody left booked, and closing wastes the last vial's dose.
        App.Clock.Advance(TimeSpan.FromHours(1));
        await using (var scope = App.Scope())
        {
            Assert.Equal(0, (await scope.ServiceProvider.GetRequiredService<NoShows>().RunRoundAsync(CancellationToken.None))!.Marked);
        }
        admin = await Flow.AdminAsync(); // a fresh token: the day has gone on
        var closed = await (await admin.PostAsync($"/api/v1/clinic/days/{dayId}/close", null)).JsonAsync();
        Assert.Equal(1, closed.GetProperty("dosesWasted").GetInt32());

        await App.WithDbAsync(async db =>
        {
            var clinic = Guid.Parse(clinicId);
            var received = await db.StockMovements.Where(m => m.ClinicId == clinic && m.ProductCvx == "208" && m.Kind == StockMovementKind.Received).SumAsync(m => m.Doses);
            var balance = await db.StockBalances.AsNoTracking().SingleAsync(b => b.ClinicId == clinic && b.ProductCvx == "208");
            var onHand = await db.StockLots.Where(l => l.ClinicId == clinic && l.ProductCvx == "208").SumAsync(l => l.OnHand);
            Assert.Equal(968 + 120 + 3, balance.Administered);
            Assert.Equal(1, balance.Wasted);
            Assert.Equal(received, balance.Administered + balance.Wasted + onHand);
            Assert.Equal(132, await db.Appointments.CountAsync(a => a.State == AppointmentState.NoShow));
            Assert.Equal(120, await db.Appointments.CountAsync(a => a.Channel == AppointmentChannel.WalkIn && a.State == AppointmentState.Administered));
            Assert.Equal(1_091, await db.ClinicDays.Where(d => d.Id == day).Select(d => d.DosesAdministered).SingleAsync());
            return 0;
        });
        await SupplyTests.LedgerAgreesAsync(App);

        // Every administration recorded that day went to the registry as one VXU, and the registry accepted each.
        while (await App.DispatchRegistryAsync() > 0)
        {
        }
        var administrations = await App.WithDbAsync(db => db.Administrations.AsNoTracking().Where(a => a.ClinicDayId == day).Select(a => a.Id).ToListAsync());
        var messages = await App.WithDbAsync(db => db.RegistryMessages.AsNoTracking().Where(m => m.ClinicDayId == day).ToListAsync());
        Assert.Equal(120 + 3, administrations.Count);
        Assert.Equal(administrations.Order(), messages.Select(m => m.AdministrationId).Order());
        Assert.All(messages, m => Assert.Equal((RegistryMessageState.Accepted, 'A', "AA"), (m.State, m.Action, m.AckCode)));
        Assert.Equal(messages.Select(m => m.ControlId).Order(), _registry.Received.Select(r => r.Split('\r')[0].Split('|')[9]).Order());
    }
}
