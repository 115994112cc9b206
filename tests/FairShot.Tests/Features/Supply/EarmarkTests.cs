using System.Net;
using System.Net.Http.Json;
using FairShot.Domain;
using FairShot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Tests.Features.Supply;

/// <summary>A day built on earmarked doses is for the people the earmark admits: invited and booked.</summary>
public sealed class EarmarkTests(FairShotApp app) : IClassFixture<FairShotApp>
{
    private async Task<(HttpClient Admin, string DayId, string SlotId)> EarmarkedDayAsync(string zip)
    {
        var admin = await app.CreateStaffClientAsync();
        async Task<string> ClinicAsync() => (await (await admin.PostAsJsonAsync("/api/v1/admin/clinics",
            new { name = $"Earmark {Guid.NewGuid():N}", address = "1 Farm Rd", timeZone = "America/Chicago" })).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var (hub, rural) = (await ClinicAsync(), await ClinicAsync());
        await Stock.ReceiveAsync(admin, hub, "212", 20, lot: "EAR-1");
        var moved = await (await admin.PostAsJsonAsync("/api/v1/admin/transfers", new
        {
            fromClinicId = hub,
            toClinicId = rural,
            cvxCode = "212",
            lot = "EAR-1",
            doses = 20,
            earmark = new { label = "one ZIP", groupCodes = Array.Empty<string>(), zipCodes = new[] { zip } },
        })).JsonAsync(HttpStatusCode.Created);
        var day = await (await admin.PostAsJsonAsync($"/api/v1/admin/clinics/{rural}/days", new
        {
            date = "2027-03-01",
            opensAt = "09:00",
            closesAt = "10:00",
            slotMinutes = 15,
            capacityPerSlot = 5,
            cvxCode = "212",
            earmarkId = moved.GetProperty("earmarkId").GetString(),
        })).JsonAsync(HttpStatusCode.Created);
        return (admin, day.GetProperty("id").GetString()!, day.GetProperty("slots")[0].GetProperty("id").GetString()!);
    }

    private async Task<string> RegisterAsync(string zip) =>
        (await (await app.CreateClient().PostAsJsonAsync("/api/v1/registrations", new
        {
            firstName = "Ear" + Guid.NewGuid().ToString("N")[..6],
            lastName = "Mark",
            dateOfBirth = "1980-05-05",
            email = $"{Guid.NewGuid():N}@example.org",
            zipCode = zip,
            occupation = "healthcare",
            setting = "home",
        })).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;

    [Fact]
    public async Task AWaveForAnEarmarkedDay_InvitesOnlyThePeopleTheEarmarkAdmits()
    {
        var (_, dayId, _) = await EarmarkedDayAsync("63010");
        var outside = new List<string>();
        var inside = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            outside.Add(await RegisterAsync("63050")); // registered first: ahead in line
        }
        for (var i = 0; i < 2; i++)
        {
            inside.Add(await RegisterAsync("63010"));
        }

        await new InvitationFlow(app).WaveAsync(dayId, new { count = 500 });

        var invited = await app.WithDbAsync(db => (from i in db.Invitations
                                                   join p in db.People on i.PersonId equals p.Id
                                                   where i.ClinicDayId == Guid.Parse(dayId)
                                                   select new { p.Id, p.ZipCode }).ToListAsync());
        Assert.NotEmpty(invited);
        Assert.All(invited, p => Assert.Equal("63010", p.ZipCode));
        Assert.All(inside, id => Assert.Contains(invited, p => p.Id == Guid.Parse(id)));
        Assert.All(outside, id => Assert.DoesNotContain(invited, p => p.Id == Guid.Parse(id)));
    }

    [Fact]
    public async Task AStaffBooking_OfAPersonTheEarmarkDoesNotAdmit_IsRefused()
    {
        var (admin, dayId, slotId) = await EarmarkedDayAsync("63010");
        var outsider = await RegisterAsync("63050");
        var insider = await RegisterAsync("63010");

        var refused = await (await admin.PostAsJsonAsync($"/api/v1/admin/people/{outsider}/appointments", new { slotId, reason = "help line" }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("set aside for one ZIP", refused.GetProperty("detail").GetString());
        (await admin.PostAsJsonAsync($"/api/v1/admin/people/{insider}/appointments", new { slotId, reason = "help line" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var booked = await app.WithDbAsync(db => db.Appointments.Where(a => a.ClinicDayId == Guid.Parse(dayId)).Select(a => a.PersonId).ToListAsync());
        Assert.Equal([Guid.Parse(insider)], booked);
    }
}
