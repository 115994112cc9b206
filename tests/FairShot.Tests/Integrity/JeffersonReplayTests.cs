using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using FairShot.Domain;
using FairShot.Tests.Features;
using FairShot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Tests.Integrity;

/// <summary>
/// The shared link (Jefferson County, February 2021), replayed: two clinic days of 1,200 seats;
/// 500 appointments booked through FairShot's own invitations; 1,900 imported from a partner whose
/// booking link was shared: people never registered before (some behind the same e-mail many
/// times) and registrants of a closed phase. The report must name exactly the 1,900, the clean-up
/// must cancel exactly those, tell each in their language, keep the 500, and invite the next people
/// really in line for the 1,900 seats; the call list holds the 500; the audit chain stays valid.
/// </summary>
public sealed class JeffersonReplayTests
{
    private const int Slots = 48, PerSlot = 25, LegitPerDay = 250, ImportedPerDay = 950, Waiting = 2_000;
    private static readonly string[] Dates = ["2027-03-01", "2027-03-02"];

    [Fact]
    public async Task SharedPartnerLink_ReportCancellationCallList_AreExactAndTheNextInLineAreInvited()
    {
        await using var app = new FairShotApp();
        await app.InitializeAsync();
        var flow = new InvitationFlow(app);
        // A thousand import rows or 1,900 cancellations in one request: more than HttpClient's 100 s is allowed, for a loaded machine.
        using var admin = app.CreateClient();
        admin.Timeout = TimeSpan.FromMinutes(15);
        admin.DefaultRequestHeaders.Authorization = (await app.CreateStaffClientAsync()).DefaultRequestHeaders.Authorization;
        var (clinicId, firstDay, _) = await flow.ClinicDayAsync(date: Dates[0], slots: Slots, perSlot: PerSlot, opensAt: "07:00");
        var (_, secondDay, _) = await flow.ClinicDayAsync(date: Dates[1], slots: Slots, perSlot: PerSlot, opensAt: "07:00", clinicId: clinicId);
        var days = new[] { Guid.Parse(firstDay), Guid.Parse(secondDay) };

        var legit = new HashSet<Guid>();
        var closedPhase = new List<Person>();
        await app.WithDbAsync(async db =>
        {
            var start = app.Clock.GetUtcNow().UtcDateTime.AddDays(-20);
            var phase1a = await db.Phases.SingleAsync(p => p.Code == "1a");
            var nurses = await db.PriorityGroups.SingleAsync(g => g.Code == "healthcare-workers");
            var phase1b = await db.Phases.SingleAsync(p => p.Code == "1b");
            var teachers = await db.PriorityGroups.SingleAsync(g => g.Code == "frontline-essential");
            Person Seed(string first, int i, PriorityGroup group, EligibilityPhase phase, string occupation, DateTime at)
            {
                var person = Person.Register(new Person.Details(first, "Resident", new DateOnly(1970, 1, 1).AddDays(i % 7000), $"{first.ToLowerInvariant()}{i}@example.org", null,
                    "63050", occupation, "home", [], i % 3 == 0 ? "es" : "en"), at, RegistrationSource.Self, null);
                person.AssignGroup(phase, group, InvitationFlow.Today);
                db.People.Add(person);
                return person;
            }
            // The 500 who booked properly: their own invitation, redeemed with a code sent to them.
            var wave = Guid.CreateVersion7();
            for (var d = 0; d < days.Length; d++)
            {
                var slots = await db.Slots.Where(s => s.ClinicDayId == days[d]).OrderBy(s => s.StartsAt).ToListAsync();
                for (var i = 0; i < LegitPerDay; i++)
                {
                    var person = Seed("Booked", (d * LegitPerDay) + i, nurses, phase1a, "healthcare", start.AddMinutes(i));
                    var (invitation, _) = Invitation.Issue(person.Id, wave, InvitationKind.Wave, 1, "212", days[d], null, null, start.AddDays(1), TimeSpan.FromDays(2), Actor.System);
                    db.Invitations.Add(invitation);
                    db.Appointments.Add(Appointment.ByInvitation(person.Id, slots[i % Slots], 1, invitation.Id, "email", start.AddDays(1).AddHours(1)));
                    legit.Add(person.Id);
                }
            }
            // The line: eligible people still waiting, registered before anyone else below.
            for (var i = 0; i < Waiting; i++)
            {
                Seed("Waiting", i, nurses, phase1a, "healthcare", start.AddHours(1).AddSeconds(i));
            }
            // Registrants of a closed phase (1b), who got in through the shared link.
            for (var i = 0; i < 600; i++)
            {
                closedPhase.Add(Seed("Teacher", i, teachers, phase1b, "teacher", start.AddHours(2).AddSeconds(i)));
            }
            await db.SaveChangesAsync();
            await db.Invitations.ExecuteUpdateAsync(s => s.SetProperty(i => i.State, InvitationState.Used).SetProperty(i => i.UsedAt, start.AddDays(1).AddHours(1)));
            await db.People.Where(p => p.FirstName == "Booked").ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, PersonStatus.Booked));
            // 250 over 48 slots: the first 10 slots hold 6, the rest 5.
            foreach (var day in days)
            {
                var slots = await db.Slots.Where(s => s.ClinicDayId == day).OrderBy(s => s.StartsAt).Select(s => s.Id).ToListAsync();
                for (var k = 0; k < Slots; k++)
                {
                    var taken = await db.Appointments.CountAsync(a => a.SlotId == slots[k]);
                    await db.Slots.Where(s => s.Id == slots[k]).ExecuteUpdateAsync(s => s.SetProperty(x => x.Booked, taken));
                }
            }
            return 0;
        });

        // The partner's list: 950 a day, filling every seat left. 600 closed-phase registrants
        // (matched by name and date of birth), 1,300 never registered, 300 of them behind 10 e-mails.
        var imported = 0;
        for (var d = 0; d < days.Length; d++)
        {
            var csv = new StringBuilder("firstName,lastName,dateOfBirth,email,phone,zipCode,startsAt,language,portalRef\n");
            var free = Enumerable.Range(0, Slots).SelectMany(k => Enumerable.Repeat(k, PerSlot - (LegitPerDay / Slots) - (k < LegitPerDay % Slots ? 1 : 0))).ToList();
            Assert.Equal(ImportedPerDay, free.Count);
            for (var i = 0; i < ImportedPerDay; i++)
            {
                var n = (d * ImportedPerDay) + i;
                var startsAt = $"{Dates[d]}T{new TimeOnly(7, 0).AddMinutes(15 * free[i]):HH\\:mm}";
                if (n < 600)
                {
                    var p = closedPhase[n];
                    csv.Append(CultureInfo.InvariantCulture, $"{p.FirstName},{p.LastName},{p.DateOfBirth:yyyy-MM-dd},{p.Email},,63050,{startsAt},{p.Language},P{n}\n");
                }
                else
                {
                    var email = n < 900 ? $"shared{n % 10}@example.net" : $"new{n}@example.net";
                    csv.Append(CultureInfo.InvariantCulture, $"New{n},Person,{new DateOnly(1985, 1, 1).AddDays(n):yyyy-MM-dd},{email},,63050,{startsAt},{(n % 4 == 0 ? "es" : "en")},P{n}\n");
                }
            }
            var response = await admin.PostAsync($"/api/v1/admin/imports/appointments?clinicDayId={days[d]}&partner=Portal", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));
            var body = await response.JsonAsync();
            Assert.Equal(0, body.GetProperty("errors").GetArrayLength());
            imported += body.GetProperty("imported").GetInt32();
        }
        Assert.Equal(1_900, imported);
        await app.WithDbAsync(async db =>
        {
            Assert.Equal(2 * Slots * PerSlot, await db.Slots.Where(s => days.Contains(s.ClinicDayId)).SumAsync(s => s.Booked));
            Assert.Equal(0, await db.Slots.CountAsync(s => s.Booked > s.Capacity));
            return 0;
        });
        var importedAppointments = (await app.WithDbAsync(db => db.Appointments.Where(a => a.Channel == AppointmentChannel.Import).Select(a => a.Id).ToListAsync())).ToHashSet();
        var legitAppointments = (await app.WithDbAsync(db => db.Appointments.Where(a => a.Channel == AppointmentChannel.Invitation).Select(a => a.Id).ToListAsync())).ToHashSet();

        // The report: exactly the 1,900, none of the 500.
        var flagged = new List<Guid>();
        foreach (var day in days)
        {
            var report = await (await admin.GetAsync($"/api/v1/admin/integrity?clinicDayId={day}")).JsonAsync();
            var ids = report.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("appointmentId").GetGuid()).ToList();
            Assert.Equal(ImportedPerDay, ids.Count);
            flagged.AddRange(ids);
            Assert.True(report.GetProperty("counts").GetProperty("noValidChain").GetInt32() > 0);
        }
        Assert.True(importedAppointments.SetEquals(flagged));
        Assert.Empty(legitAppointments.Intersect(flagged));

        // The dry run: who, and nothing changes.
        var dry = await (await admin.PostAsJsonAsync("/api/v1/admin/integrity/cancellations", new { appointmentIds = flagged, message = "", dryRun = true })).JsonAsync();
        Assert.Equal(1_900, dry.GetProperty("cancelled").GetInt32());
        Assert.Equal(1_900, dry.GetProperty("appointments").GetArrayLength());
        Assert.Equal(1_900, await app.WithDbAsync(db => db.Appointments.CountAsync(a => a.Channel == AppointmentChannel.Import && a.State == AppointmentState.Booked)));

        // The clean-up.
        var firstInvitation = await app.WithDbAsync(db => db.Invitations.CountAsync());
        var done = await (await admin.PostAsJsonAsync("/api/v1/admin/integrity/cancellations",
            new { appointmentIds = flagged, message = "Questions: call 636-555-0100.", dryRun = false })).JsonAsync();
        Assert.Equal(1_900, done.GetProperty("cancelled").GetInt32());
        Assert.Equal(1_900, done.GetProperty("notified").GetInt32());
        Assert.Equal(1_900, done.GetProperty("invited").GetInt32());
        await app.WithDbAsync(async db =>
        {
            Assert.Equal(1_900, await db.Appointments.CountAsync(a => a.Channel == AppointmentChannel.Import && a.State == AppointmentState.Cancelled));
            Assert.Equal(500, await db.Appointments.CountAsync(a => a.Channel == AppointmentChannel.Invitation && a.State == AppointmentState.Booked));
            Assert.Equal(500, await db.Slots.Where(s => days.Contains(s.ClinicDayId)).SumAsync(s => s.Booked));
            // 1,900 messages, each in the language of the person it went to.
            var messages = await (from m in db.Outbox
                                  where m.Template == "integrity-cancelled"
                                  join p in db.People on m.Recipient equals p.Email
                                  select new { m.Language, PersonLanguage = p.Language, m.Body, m.Recipient }).ToListAsync();
            Assert.Equal(1_900, await db.Outbox.CountAsync(m => m.Template == "integrity-cancelled"));
            Assert.All(messages.Where(m => !m.Recipient.StartsWith("shared", StringComparison.Ordinal)), m => Assert.Equal(m.PersonLanguage, m.Language));
            Assert.Contains(messages, m => m.Language == "es" && m.Body.Contains("Hemos cancelado", StringComparison.Ordinal));
            Assert.Contains(messages, m => m.Language == "en" && m.Body.Contains("636-555-0100", StringComparison.Ordinal));
            // The next in line: the 1,900 who waited longest, in line order.
            var invitedPeople = await db.Invitations.OrderBy(i => i.IssuedAt).Skip(firstInvitation).Select(i => i.PersonId).ToListAsync();
            var line = await db.People.Where(p => p.FirstName == "Waiting").OrderBy(p => p.RegisteredAt).Take(1_900).Select(p => p.Id).ToListAsync();
            Assert.True(line.ToHashSet().SetEquals(invitedPeople));
            return 0;
        });
        foreach (var day in days)
        {
            Assert.Equal(0, (await (await admin.GetAsync($"/api/v1/admin/integrity?clinicDayId={day}")).JsonAsync()).GetProperty("findings").GetArrayLength());
        }

        // The call list: the 500.
        var called = new List<Guid>();
        foreach (var day in days)
        {
            var list = await (await admin.GetAsync($"/api/v1/admin/integrity/call-list?clinicDayId={day}")).JsonAsync();
            Assert.Equal(LegitPerDay, list.GetProperty("total").GetInt32());
            Assert.Equal(LegitPerDay, list.GetProperty("leftToCall").GetInt32());
            called.AddRange(list.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("appointmentId").GetGuid()));
        }
        Assert.True(legitAppointments.SetEquals(called));

        await app.SealAuditLogAsync();
        var verify = await (await admin.GetAsync("/api/v1/admin/audit/verify")).JsonAsync();
        Assert.True(verify.GetProperty("valid").GetBoolean(), verify.ToString());
        Assert.Equal(verify.GetProperty("entries").GetInt64(), verify.GetProperty("sealedEntries").GetInt64());
        Assert.Equal(1_900, await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "appointment.cancelled")));
    }
}
