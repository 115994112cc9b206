using System.Net;
using FairShot.Domain;
using FairShot.Tests.Features.Supply;
using FairShot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Tests.Vaccination;

/// <summary>Vaccinators racing for the last doses of a lot: the lot's conditional update and the balance lock give each dose once.</summary>
public sealed class ParallelRecordingTests : FreshAppTest
{
    [Fact]
    public async Task Record_HundredAtOnceAgainstALotOfSixty_RecordsExactlySixty_TheOthersGet409_AndNo5xx()
    {
        var desk = new DeskFlow(App);
        var (clinicId, dayId, day) = await desk.DayAsync(slots: 10, perSlot: 10);
        var admin = await desk.Flow.AdminAsync();
        await Stock.ReceiveAsync(admin, clinicId, "212", 60, lot: "SIXTY");
        var slots = day.GetProperty("slots").EnumerateArray().Select(s => s.GetProperty("id").GetString()!).ToList();
        var booked = new List<DeskFlow.Booked>();
        foreach (var batch in Enumerable.Range(0, 100).Chunk(10))
        {
            booked.AddRange(await Task.WhenAll(batch.Select(i => desk.BookAsync(slots[i / 10]))));
        }
        var nurse = await desk.NurseAsync(clinicId);
        var staffId = await App.WithDbAsync(db => db.Users.Where(u => u.Email == FairShotApp.AdminEmail).Select(u => u.Id).SingleAsync());
        await App.WithDbAsync(async db =>
        {
            foreach (var a in await db.Appointments.Where(a => a.ClinicDayId == Guid.Parse(dayId)).ToListAsync())
            {
                a.CheckIn(App.Clock.GetUtcNow().UtcDateTime, staffId);
            }
            return await db.SaveChangesAsync();
        });

        var answers = await Task.WhenAll(booked.Select(async b => (await DeskFlow.RecordAsync(nurse, b, lot: "SIXTY")).StatusCode));

        Assert.DoesNotContain(answers, s => (int)s >= 500);
        Assert.Equal(60, answers.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(40, answers.Count(s => s == HttpStatusCode.Conflict));
        Assert.Equal(60, await App.WithDbAsync(db => db.Administrations.CountAsync(a => a.ClinicDayId == Guid.Parse(dayId) && a.Outcome == AdministrationOutcome.Given)));
        Assert.Equal(0, (await desk.LotAsync(clinicId, "SIXTY")).OnHand);
        Assert.Equal(60, await App.WithDbAsync(db => db.ClinicDays.Where(d => d.Id == Guid.Parse(dayId)).Select(d => d.DosesAdministered).SingleAsync()));
        Assert.Equal(60, await App.WithDbAsync(db => db.OpenedVials.Where(v => v.ClinicDayId == Guid.Parse(dayId)).SumAsync(v => v.DosesDrawn)));
        Assert.Equal(12, await App.WithDbAsync(db => db.OpenedVials.CountAsync(v => v.ClinicDayId == Guid.Parse(dayId))));
        await SupplyTests.LedgerAgreesAsync(App);
    }
}
