using System.Text.RegularExpressions;
using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Backfill;
using FairShot.Features.Booking;
using FairShot.Features.Invitations;
using FairShot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FairShot.Tests.Features;

/// <summary>
/// The empty day (Pima County, January 2021), replayed on a fake clock: a clinic day of 1,100 seats
/// with 130 booked at 07:00, 5,000 eligible people waiting, invitees who answer with a chosen
/// probability after a chosen delay. With the fill monitor on, the day fills; with it off, it does not.
/// </summary>
public sealed partial class EmptyDayReplayTests
{
    private const int Seats = 1100, AlreadyBooked = 130, Waiting = 5000;
    private const double AnswerProbability = 0.6;
    private static readonly DateTimeOffset SevenAm = new(2027, 3, 1, 13, 0, 0, TimeSpan.Zero); // 07:00 in Chicago

    [GeneratedRegex(@"/i/([A-Za-z0-9_-]{43})")]
    private static partial Regex LinkPattern();

    private static async Task<(FairShotApp App, Guid DayId)> IncidentAsync()
    {
        var app = new FairShotApp();
        await app.InitializeAsync();
        app.Clock.Set(SevenAm.AddDays(-3));
        var flow = new InvitationFlow(app);
        // 08:00 to 19:00 in 15-minute slots of 25: 44 slots, 1,100 seats.
        var (_, dayId, _) = await flow.ClinicDayAsync(date: "2027-03-01", slots: 44, perSlot: 25, cvx: "212", opensAt: "08:00");
        var day = Guid.Parse(dayId);
        var now = app.Clock.GetUtcNow().UtcDateTime;
        await app.WithDbAsync(async db =>
        {
            var phase = await db.Phases.SingleAsync(p => p.Code == "1a");
            var group = await db.PriorityGroups.SingleAsync(g => g.Code == "healthcare-workers");
            for (var i = 0; i < Waiting; i++)
            {
                var person = Person.Register(new Person.Details($"Wait{i}", "Line", new DateOnly(1960, 1, 1).AddDays(i % 9000), $"w{i}@example.org", null,
                    "63050", "healthcare", "home", [], "en"), now.AddSeconds(i), RegistrationSource.Self, null);
                person.AssignGroup(phase, group, InvitationFlow.Today);
                db.People.Add(person);
            }
            // The 130 booked before the portal failed, by the call centre.
            var slots = await db.Slots.Where(s => s.ClinicDayId == day).OrderBy(s => s.StartsAt).ToListAsync();
            for (var i = 0; i < AlreadyBooked; i++)
            {
                var person = Person.Register(new Person.Details($"Early{i}", "Bird", new DateOnly(1950, 1, 1).AddDays(i), $"e{i}@example.org", null,
                    "63050", "healthcare", "home", [], "en"), now, RegistrationSource.Staff, Guid.Empty);
                person.AssignGroup(phase, group, InvitationFlow.Today);
                db.People.Add(person);
                db.Appointments.Add(Appointment.ByStaff(person.Id, slots[i % slots.Count], 1, Guid.Empty, "Booked before the portal failed.", now));
            }
            await db.SaveChangesAsync();
            foreach (var slot in slots)
            {
                var taken = await db.Appointments.CountAsync(a => a.SlotId == slot.Id);
                await db.Slots.Where(s => s.Id == slot.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Booked, taken));
            }
            return 0;
        });
        app.Clock.Set(SevenAm);
        return (app, day);
    }

    /// <summary>Plays the day minute by minute until the last slot; returns the seats booked.</summary>
    private static async Task<int> PlayDayAsync(FairShotApp app, Guid dayId, bool monitorOn)
    {
        var random = new Random(1021);
        var pending = new PriorityQueue<string, DateTime>();
        var seenUntil = DateTime.MinValue;
        var lastSlotStart = await app.WithDbAsync(db => db.Slots.Where(s => s.ClinicDayId == dayId).MaxAsync(s => s.StartsAt));
        while (app.Clock.GetUtcNow().UtcDateTime < lastSlotStart)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(1));
            var now = app.Clock.GetUtcNow().UtcDateTime;
            await using var scope = app.Scope();
            if (monitorOn)
            {
                await scope.ServiceProvider.GetRequiredService<FillMonitor>().RunRoundAsync(CancellationToken.None);
            }
            var db = scope.ServiceProvider.GetRequiredService<FairShotDb>();
            var sent = await db.Outbox.AsNoTracking().Where(m => m.Template == "invitation" && m.CreatedAt > seenUntil).Select(m => m.Body).ToListAsync();
            seenUntil = now;
            foreach (var body in sent)
            {
                if (random.NextDouble() < AnswerProbability)
                {
                    pending.Enqueue(LinkPattern().Match(body).Groups[1].Value, now.AddMinutes(random.Next(5, 41)));
                }
            }
            while (pending.TryPeek(out var token, out var due) && due <= now)
            {
                pending.Dequeue();
                await AnswerAsync(scope.ServiceProvider, db, token, dayId, now);
            }
        }
        return await app.WithDbAsync(db => db.Slots.Where(s => s.ClinicDayId == dayId).SumAsync(s => s.Booked));
    }

    /// <summary>An invitee who proved who they are (session made directly) books the earliest seat they can reach.</summary>
    private static async Task AnswerAsync(IServiceProvider services, FairShotDb db, string token, Guid dayId, DateTime now)
    {
        var hash = Invitation.HashToken(token);
        var invitation = await db.Invitations.AsNoTracking().SingleAsync(i => i.TokenHash == hash);
        if (!invitation.IsUsableAt(now))
        {
            return; // answered too late
        }
        var session = Invitation.NewToken();
        db.InvitationSessions.Add(new InvitationSession(invitation.Id, Invitation.HashToken(session), "email", now));
        await db.SaveChangesAsync();
        var reachable = now + FillMonitor.TravelTime;
        var slot = await db.Slots.AsNoTracking().Where(s => s.ClinicDayId == dayId && s.StartsAt >= reachable && s.Booked < s.Capacity)
            .OrderBy(s => s.StartsAt).Select(s => (Guid?)s.Id).FirstOrDefaultAsync();
        var booking = services.GetRequiredService<BookAppointment>();
        var link = await InvitationLink.ResolveAsync(db, services.GetRequiredService<TimeProvider>(), token, session, CancellationToken.None);
        for (var attempt = 0; slot is not null && attempt < 5; attempt++)
        {
            var result = await booking.BookAsync(link, new BookRequest(slot), Guid.NewGuid().ToString(), CancellationToken.None);
            if (result.Succeeded || result.Error is not SlotFull full || full.Alternatives.Count == 0)
            {
                return;
            }
            slot = full.Alternatives[0].Id;
        }
    }

    [Fact]
    public async Task WithTheMonitorOn_TheDayIsAtLeast95PercentBooked_FromInvitationsOfEligiblePeople_AndNoSlotIsOverCapacity()
    {
        var (app, dayId) = await IncidentAsync();
        await using var _ = app;
        var admin = await app.CreateStaffClientAsync();
        (await admin.PutAsync($"/api/v1/admin/clinic-days/{dayId}/autofill", System.Net.Http.Json.JsonContent.Create(new { enabled = true, startDaysAhead = 2 })))
            .EnsureSuccessStatusCode();

        var booked = await PlayDayAsync(app, dayId, monitorOn: true);

        Assert.True(booked >= Seats * 0.95, $"only {booked} of {Seats} seats booked");
        var slots = await app.WithDbAsync(db => db.Slots.Where(s => s.ClinicDayId == dayId).ToListAsync());
        Assert.All(slots, s => Assert.InRange(s.Booked, 0, s.Capacity));
        var appointments = await app.WithDbAsync(db => db.Appointments.Where(a => a.ClinicDayId == dayId && a.State == AppointmentState.Booked).ToListAsync());
        Assert.Equal(booked, appointments.Count);
        var viaInvitation = appointments.Where(a => a.InvitationId != null).ToList();
        Assert.Equal(booked - AlreadyBooked, viaInvitation.Count);
        // Every invitation-made appointment traces to that person's own invitation, for this day, in an open phase.
        var invitations = await app.WithDbAsync(db => db.Invitations.AsNoTracking().ToDictionaryAsync(i => i.Id));
        var openPhases = await app.WithDbAsync(db => db.Phases.Where(p => p.IsOpen).Select(p => p.Code).ToListAsync());
        var phases = await app.WithDbAsync(db => db.People.ToDictionaryAsync(p => p.Id, p => p.PhaseCode));
        Assert.All(viaInvitation, a =>
        {
            var invitation = invitations[a.InvitationId!.Value];
            Assert.Equal(a.PersonId, invitation.PersonId);
            Assert.Equal(dayId, invitation.ClinicDayId);
            Assert.Contains(phases[a.PersonId], openPhases);
        });
        var fill = await app.WithDbAsync(db => db.FillSnapshots.Where(f => f.ClinicDayId == dayId && f.Issued > 0).CountAsync());
        Assert.True(fill > 0);
    }

    [Fact]
    public async Task WithTheMonitorOff_TheDayStaysAt130()
    {
        var (app, dayId) = await IncidentAsync();
        await using var _ = app;

        var booked = await PlayDayAsync(app, dayId, monitorOn: true); // the monitor runs, but autofill is off for this day and the county

        Assert.Equal(AlreadyBooked, booked);
        Assert.Equal(0, await app.WithDbAsync(db => db.Invitations.CountAsync()));
    }
}
