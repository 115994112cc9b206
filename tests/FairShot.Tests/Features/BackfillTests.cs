using System.Net;
using System.Net.Http.Json;
using FairShot.Domain;
using FairShot.Features.Backfill;
using FairShot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FairShot.Tests.Features;

public sealed class BackfillTests : FreshAppTest
{
    [Fact]
    public async Task TargetedBackfill_InvitesOnlyTheNamedGroups_InOpenPhases()
    {
        var (_, dayId, _) = await Flow.ClinicDayAsync(slots: 4, perSlot: 10);
        var officer = await Flow.RegisterAsync("law-enforcement");
        var teacher = await Flow.RegisterAsync("teacher");
        var clerk = await Flow.RegisterAsync("courts");
        var nurse = await Flow.RegisterAsync("healthcare");
        var grocer = await Flow.RegisterAsync("grocery"); // 1c: closed
        var admin = await Flow.AdminAsync();
        await (await admin.PostAsync("/api/v1/admin/phases/1b/open", null)).JsonAsync();

        var filled = await (await admin.PostAsJsonAsync($"/api/v1/admin/clinic-days/{dayId}/backfill",
            new { groups = new[] { "law-enforcement", "courts", "teacher", "other-essential" }, expiresInMinutes = 60 })).JsonAsync();

        Assert.Equal(3, filled.GetProperty("issued").GetInt32());
        var invited = await App.WithDbAsync(db => db.Invitations.Select(i => i.PersonId).ToListAsync());
        Assert.Equal(new[] { officer.Id, teacher.Id, clerk.Id }.Order(), invited.Select(i => i.ToString()).Order());
        Assert.DoesNotContain(Guid.Parse(nurse.Id), invited);
        Assert.DoesNotContain(Guid.Parse(grocer.Id), invited);
        Assert.All(await App.WithDbAsync(db => db.Invitations.ToListAsync()), i =>
        {
            Assert.Equal(InvitationKind.Backfill, i.Kind);
            Assert.Equal(TimeSpan.FromMinutes(60), i.ExpiresAt - i.IssuedAt);
        });
    }

    [Fact]
    public async Task Backfill_WithAnUnknownGroup_Is400_AndForAFullDay_InvitesNobody()
    {
        var (_, dayId, day) = await Flow.ClinicDayAsync(slots: 1, perSlot: 1);
        var admin = await Flow.AdminAsync();
        await (await admin.PostAsJsonAsync($"/api/v1/admin/clinic-days/{dayId}/backfill", new { groups = new[] { "astronauts" } })).AssertProblemAsync(HttpStatusCode.BadRequest, "groups");

        var first = await Flow.RegisterAsync();
        await Flow.RegisterAsync();
        await Flow.WaveAsync(dayId, new { count = 2 });
        var (token, client) = await Flow.VerifiedAsync(first);
        await (await InvitationFlow.BookAsync(client, token, day.GetProperty("slots")[0].GetProperty("id").GetString()!)).JsonAsync(HttpStatusCode.Created);

        var filled = await (await admin.PostAsJsonAsync($"/api/v1/admin/clinic-days/{dayId}/backfill", new { count = 5 })).JsonAsync();
        Assert.Equal(0, filled.GetProperty("issued").GetInt32()); // no seats, no invitations
    }

    [Fact]
    public async Task FillMonitor_OnlyForDaysWithAutofillOn_ShortensExpiryNearTheDay_AndRunsOncePerMinuteAcrossInstances()
    {
        var (_, dayId, _) = await Flow.ClinicDayAsync(date: "2027-02-02", slots: 2, perSlot: 2); // tomorrow
        var (_, otherDayId, _) = await Flow.ClinicDayAsync(date: "2027-02-02", slots: 2, perSlot: 2);
        for (var i = 0; i < 10; i++)
        {
            await Flow.RegisterAsync();
        }
        var admin = await Flow.AdminAsync();
        (await admin.PutAsJsonAsync($"/api/v1/admin/clinic-days/{dayId}/autofill", new { enabled = true, startDaysAhead = 2 })).EnsureSuccessStatusCode();

        var a = ActivatorUtilities.CreateInstance<FillMonitor>(App.Scope().ServiceProvider);
        var b = ActivatorUtilities.CreateInstance<FillMonitor>(App.Scope().ServiceProvider);
        var rounds = await Task.WhenAll(a.RunRoundAsync(CancellationToken.None), b.RunRoundAsync(CancellationToken.None));

        Assert.Single(rounds, r => r is null); // the other instance had this minute
        Assert.Equal(8, rounds.Single(r => r is not null)); // 4 seats / 0.5 prior acceptance
        var invitations = await App.WithDbAsync(db => db.Invitations.ToListAsync());
        Assert.Equal(8, invitations.Count);
        Assert.All(invitations, i => Assert.Equal(Guid.Parse(dayId), i.ClinicDayId)); // the other day's autofill is off
        Assert.All(invitations, i => Assert.Equal(TimeSpan.FromHours(4), i.ExpiresAt - i.IssuedAt)); // the day before: 4 hours
        var state = await (await admin.GetAsync($"/api/v1/admin/clinic-days/{dayId}/fill")).JsonAsync();
        Assert.Equal(8, state.GetProperty("outstanding").GetInt32());
        Assert.Contains("invited 8 more", state.GetProperty("snapshots")[0].GetProperty("decision").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(dayId, otherDayId);
    }

    [Theory]
    [InlineData(5, 48 * 60)]
    [InlineData(2, 48 * 60)]
    [InlineData(1, 4 * 60)]
    [InlineData(0, 45)]
    public void Expiry_ShortensAsTheDayNears(int daysAhead, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), FillMonitor.ExpiryFor(daysAhead));
}
