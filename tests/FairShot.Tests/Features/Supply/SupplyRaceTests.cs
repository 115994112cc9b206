using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FairShot.Domain;
using FairShot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Tests.Features.Supply;

/// <summary>Issue 11's proofs under concurrency: doses bound seats, transfers and plans never spend a dose twice.</summary>
public sealed class SupplyRaceTests(FairShotApp app) : IClassFixture<FairShotApp>
{
    private async Task<string> ClinicAsync(HttpClient admin) =>
        (await (await admin.PostAsJsonAsync("/api/v1/admin/clinics",
            new { name = $"Race {Guid.NewGuid():N}", address = "1 Depot Rd", timeZone = "America/Chicago" })).JsonAsync(HttpStatusCode.Created))
        .GetProperty("id").GetString()!;

    private static object Day(string date, int slots, int perSlot, string cvx = "212") => new
    {
        date,
        opensAt = "09:00",
        closesAt = new TimeOnly(9, 0).AddMinutes(15 * slots).ToString("HH:mm", CultureInfo.InvariantCulture),
        slotMinutes = 15,
        capacityPerSlot = perSlot,
        cvxCode = cvx,
    };

    private async Task<HttpClient> StaffAsync() => await app.CreateStaffClientAsync();

    [Fact]
    public async Task HundredAndFiftyInvitees_RaceForADayOfThreeHundredSeatsBackedByAHundredDoses_ExactlyAHundredBook()
    {
        var admin = await StaffAsync();
        var clinicId = await ClinicAsync(admin);
        await Stock.ReceiveAsync(admin, clinicId, "212", 100, lot: "RACE-A");
        var day = await (await admin.PostAsJsonAsync($"/api/v1/admin/clinics/{clinicId}/days", Day("2027-03-01", 12, 25))).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(100, day.GetProperty("capacity").GetInt32());
        Assert.Equal(100, day.GetProperty("dosesAllocated").GetInt32());
        Assert.NotEmpty(day.GetProperty("warnings").EnumerateArray());
        var dayId = Guid.Parse(day.GetProperty("id").GetString()!);

        var now = app.Clock.GetUtcNow().UtcDateTime;
        var tag = Guid.NewGuid().ToString("N")[..8];
        var invitees = await app.WithDbAsync(async db =>
        {
            var phase = await db.Phases.SingleAsync(p => p.Code == "1a");
            var group = await db.PriorityGroups.SingleAsync(g => g.Code == "healthcare-workers");
            var list = new List<(string Token, string Session)>();
            for (var i = 0; i < 150; i++)
            {
                var person = Person.Register(new Person.Details($"Dose{i}", "Racer", new DateOnly(1970, 1, 1).AddDays(i), $"dose{i}-{tag}@example.org", null,
                    "63050", "healthcare", "home", [], "en"), now, RegistrationSource.Self, null);
                person.AssignGroup(phase, group, InvitationFlow.Today);
                db.People.Add(person);
                var (invitation, token) = Invitation.Issue(person.Id, Guid.Empty, InvitationKind.Wave, 1, "212", dayId, null, null, now, TimeSpan.FromHours(48), Actor.System);
                db.Invitations.Add(invitation);
                var session = Invitation.NewToken();
                db.InvitationSessions.Add(new InvitationSession(invitation.Id, Invitation.HashToken(session), "email", now));
                list.Add((token, session));
            }
            await db.SaveChangesAsync();
            return list;
        });
        var slotIds = day.GetProperty("slots").EnumerateArray().Select(s => s.GetProperty("id").GetString()!).ToList();

        var outcomes = await Task.WhenAll(invitees.Select(async (invitee, i) =>
        {
            var client = app.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", invitee.Session);
            var slot = slotIds[i % slotIds.Count];
            for (var attempt = 0; attempt < 20; attempt++)
            {
                var response = await InvitationFlow.BookAsync(client, invitee.Token, slot, $"supply-{tag}-{i}-{attempt}");
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    return response.StatusCode;
                }
                Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
                var alternatives = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("alternatives");
                if (alternatives.GetArrayLength() == 0)
                {
                    return response.StatusCode;
                }
                slot = alternatives[Random.Shared.Next(alternatives.GetArrayLength())].GetProperty("id").GetString()!;
            }
            return HttpStatusCode.RequestTimeout;
        }));

        Assert.Equal(100, outcomes.Count(o => o == HttpStatusCode.Created));
        Assert.Equal(50, outcomes.Count(o => o == HttpStatusCode.Conflict));
        var slots = await app.WithDbAsync(db => db.Slots.Where(s => s.ClinicDayId == dayId).ToListAsync());
        Assert.Equal(100, slots.Sum(s => s.Capacity));
        Assert.All(slots, s => Assert.Equal(s.Capacity, s.Booked));
        Assert.Equal(100, await app.WithDbAsync(db => db.Appointments.CountAsync(a => a.ClinicDayId == dayId)));
        await SupplyTests.LedgerAgreesAsync(app);
    }

    [Theory]
    [InlineData(60)]
    [InlineData(40)]
    public async Task TwoTransfersOfOneLot_RacingFromTwoClients_MoveOnlyWhatIsThere(int each)
    {
        var first = await StaffAsync();
        var second = await StaffAsync();
        for (var round = 0; round < 3; round++)
        {
            var from = await ClinicAsync(first);
            var toA = await ClinicAsync(first);
            var toB = await ClinicAsync(first);
            await Stock.ReceiveAsync(first, from, "212", 60, lot: "RACE-B");

            var answers = await Task.WhenAll(
                first.PostAsJsonAsync("/api/v1/admin/transfers", new { fromClinicId = from, toClinicId = toA, cvxCode = "212", lot = "RACE-B", doses = each }),
                second.PostAsJsonAsync("/api/v1/admin/transfers", new { fromClinicId = from, toClinicId = toB, cvxCode = "212", lot = "RACE-B", doses = each }));

            Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
            Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));
            var lots = await app.WithDbAsync(db => db.StockLots.AsNoTracking()
                .Where(l => l.ClinicId == Guid.Parse(from) || l.ClinicId == Guid.Parse(toA) || l.ClinicId == Guid.Parse(toB)).ToListAsync());
            Assert.All(lots, l => Assert.True(l.OnHand >= 0));
            Assert.Equal(60 - each, lots.Where(l => l.ClinicId == Guid.Parse(from)).Sum(l => l.OnHand));
            Assert.Equal(each, lots.Where(l => l.ClinicId != Guid.Parse(from)).Sum(l => l.OnHand));
        }
        await SupplyTests.LedgerAgreesAsync(app);
    }

    [Fact]
    public async Task TwoPlanners_RacingForTheSameHundredDoses_NeverPlanMoreSeatsThanDoses()
    {
        var first = await StaffAsync();
        var second = await StaffAsync();
        for (var round = 0; round < 3; round++)
        {
            var clinicId = await ClinicAsync(first);
            await Stock.ReceiveAsync(first, clinicId, "212", 100, lot: "RACE-D");

            var answers = await Task.WhenAll(
                first.PostAsJsonAsync($"/api/v1/admin/clinics/{clinicId}/days", Day("2027-03-01", 4, 25)),
                second.PostAsJsonAsync($"/api/v1/admin/clinics/{clinicId}/days", Day("2027-03-02", 4, 25)));

            Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, a.StatusCode.ToString()));
            var capacities = 0;
            foreach (var answer in answers.Where(a => a.StatusCode == HttpStatusCode.Created))
            {
                capacities += (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("capacity").GetInt32();
            }
            Assert.True(capacities <= 100, $"{capacities} seats planned on 100 doses");
            Assert.Equal(100, capacities); // the doses are not lost either: whoever won has them all
            var days = await app.WithDbAsync(db => db.ClinicDays.AsNoTracking().Include(d => d.Slots).Where(d => d.ClinicId == Guid.Parse(clinicId)).ToListAsync());
            Assert.True(days.Sum(d => d.Capacity) <= 100);
            Assert.True(days.Sum(d => d.DosesAllocated) <= 100);
        }
        await SupplyTests.LedgerAgreesAsync(app);
    }

    [Fact]
    public async Task AThousandRandomMovements_SomeInParallel_LeaveTheLedgerAgreeingAndEveryDayBacked()
    {
        var staff = new[] { await StaffAsync(), await StaffAsync(), await StaffAsync() };
        var clinics = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            clinics.Add(await ClinicAsync(staff[0]));
        }
        var clinicIds = clinics.Select(Guid.Parse).ToList();
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var tag = Guid.NewGuid().ToString("N")[..8];
        var people = await app.WithDbAsync(async db =>
        {
            var phase = await db.Phases.SingleAsync(p => p.Code == "1a");
            var group = await db.PriorityGroups.SingleAsync(g => g.Code == "healthcare-workers");
            var ids = new List<Guid>();
            for (var i = 0; i < 400; i++)
            {
                var person = Person.Register(new Person.Details($"Mix{i}", "Ledger", new DateOnly(1960, 1, 1).AddDays(i), $"mix{i}-{tag}@example.org", null,
                    "63050", "healthcare", "home", [], "en"), now, RegistrationSource.Self, null);
                person.AssignGroup(phase, group, InvitationFlow.Today);
                db.People.Add(person);
                ids.Add(person.Id);
            }
            await db.SaveChangesAsync();
            return ids;
        });

        var random = new Random(20210101);
        var lots = new[] { "MIX-1", "MIX-2", "MIX-3" };
        var slotIds = new List<string>();
        var nextPerson = 0;
        var statuses = new List<(string Kind, HttpStatusCode Status, string Body)>();
        var allowed = new Dictionary<string, HttpStatusCode[]>
        {
            ["receive"] = [HttpStatusCode.Created],
            ["transfer"] = [HttpStatusCode.Created, HttpStatusCode.Conflict],
            ["waste"] = [HttpStatusCode.Created, HttpStatusCode.Conflict],
            ["plan"] = [HttpStatusCode.Created, HttpStatusCode.Conflict],
            ["book"] = [HttpStatusCode.Created, HttpStatusCode.Conflict],
        };
        // 1,000 movements in batches of 1 to 6 sent at once; what each one is comes from the seed.
        var done = 0;
        while (done < 1_000)
        {
            var batch = new List<(string Kind, Func<Task<HttpResponseMessage>> Send)>();
            var size = Math.Min(random.Next(1, 7), 1_000 - done);
            for (var i = 0; i < size; i++)
            {
                var client = staff[random.Next(staff.Length)];
                var at = random.Next(clinics.Count);
                var clinic = clinics[at];
                var lot = lots[random.Next(lots.Length)];
                var roll = random.Next(100);
                if (roll < 20 || done < 6)
                {
                    var doses = random.Next(1, 60);
                    batch.Add(("receive", () => client.PostAsJsonAsync("/api/v1/admin/shipments", new { clinicId = clinic, cvxCode = "212", lot, expiresOn = Stock.Expiry, doses })));
                }
                else if (roll < 40)
                {
                    var to = clinics[(at + random.Next(1, clinics.Count)) % clinics.Count];
                    var doses = random.Next(1, 40);
                    batch.Add(("transfer", () => client.PostAsJsonAsync("/api/v1/admin/transfers", new { fromClinicId = clinic, toClinicId = to, cvxCode = "212", lot, doses })));
                }
                else if (roll < 50)
                {
                    var doses = random.Next(1, 10);
                    batch.Add(("waste", () => client.PostAsJsonAsync($"/api/v1/admin/clinics/{clinic}/wastage", new { cvxCode = "212", lot, doses, reason = "broken" })));
                }
                else if (roll < 70 || slotIds.Count == 0)
                {
                    var date = new DateOnly(2027, 3, 1).AddDays(random.Next(60)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                    var body = Day(date, random.Next(1, 5), random.Next(1, 12));
                    batch.Add(("plan", () => client.PostAsJsonAsync($"/api/v1/admin/clinics/{clinic}/days", body)));
                }
                else if (nextPerson < people.Count)
                {
                    var person = people[nextPerson++];
                    var slotId = slotIds[random.Next(slotIds.Count)];
                    batch.Add(("book", () => client.PostAsJsonAsync($"/api/v1/admin/people/{person}/appointments", new { slotId, reason = "phoned the help line" })));
                }
                else
                {
                    var doses = random.Next(1, 60);
                    batch.Add(("receive", () => client.PostAsJsonAsync("/api/v1/admin/shipments", new { clinicId = clinic, cvxCode = "212", lot, expiresOn = Stock.Expiry, doses })));
                }
            }
            var answers = await Task.WhenAll(batch.Select(b => b.Send()));
            for (var i = 0; i < batch.Count; i++)
            {
                var body = await answers[i].Content.ReadAsStringAsync();
                statuses.Add((batch[i].Kind, answers[i].StatusCode, body));
                if (batch[i].Kind == "plan" && answers[i].StatusCode == HttpStatusCode.Created)
                {
                    var day = JsonDocument.Parse(body).RootElement;
                    slotIds.AddRange(day.GetProperty("slots").EnumerateArray().Select(s => s.GetProperty("id").GetString()!));
                }
            }
            done += batch.Count;
        }

        var unexpected = statuses.Where(s => !allowed[s.Kind].Contains(s.Status)).Select(s => $"{s.Kind} {(int)s.Status} {s.Body}").ToList();
        Assert.True(unexpected.Count == 0, string.Join("\n", unexpected.Take(5)));
        Assert.Equal(1_000, statuses.Count);
        // Every kind happened, and some of each that can be refused went through.
        foreach (var kind in allowed.Keys)
        {
            Assert.Contains(statuses, s => s.Kind == kind && s.Status == HttpStatusCode.Created);
        }
        await SupplyTests.LedgerAgreesAsync(app);
        var days = await app.WithDbAsync(db => db.ClinicDays.AsNoTracking().Include(d => d.Slots).Where(d => clinicIds.Contains(d.ClinicId)).ToListAsync());
        Assert.NotEmpty(days);
        Assert.All(days, d => Assert.True(d.Capacity <= d.DosesAllocated, $"{d.Date}: {d.Capacity} seats on {d.DosesAllocated} doses"));
        var lotsLeft = await app.WithDbAsync(db => db.StockLots.AsNoTracking().Where(l => clinicIds.Contains(l.ClinicId)).ToListAsync());
        Assert.All(lotsLeft, l => Assert.True(l.OnHand >= 0));
    }
}
