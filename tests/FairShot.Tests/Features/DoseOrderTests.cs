using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using FairShot.Domain;
using FairShot.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Tests.Features;

/// <summary>
/// Moves keep the order of doses and the product's interval (Pfizer-BioNTech, 21 days): dose 2
/// cannot move before, or closer than the interval to, dose 1, and is not offered such times; dose
/// 1 moved too close to dose 2 releases dose 2 and reserves a second dose, and says so.
/// </summary>
public sealed partial class DoseOrderTests : FreshAppTest
{
    [GeneratedRegex(@"\b(\d{6})\b")]
    private static partial Regex SixDigits();

    private sealed record Series(string DoseOne, string DoseTwo, InvitationFlow.Invitee Invitee, JsonElement DayOne, JsonElement DayBefore, JsonElement DayInside, JsonElement DayTwo);

    /// <summary>Dose 1 on 2027-03-01, dose 2 booked with it on 2027-03-22; free days on 02-28 and 03-10 too.</summary>
    private async Task<Series> BookedSeriesAsync()
    {
        var (clinicId, dayId, dayOne) = await Flow.ClinicDayAsync(date: "2027-03-01", slots: 3, cvx: "208");
        var (_, _, dayTwo) = await Flow.ClinicDayAsync(date: "2027-03-22", slots: 3, cvx: "208", clinicId: clinicId);
        var (_, _, before) = await Flow.ClinicDayAsync(date: "2027-02-28", slots: 3, cvx: "208", clinicId: clinicId);
        var (_, _, inside) = await Flow.ClinicDayAsync(date: "2027-03-10", slots: 3, cvx: "208", clinicId: clinicId);
        var invitee = await Flow.RegisterAsync();
        await Flow.WaveAsync(dayId);
        var (token, client) = await Flow.VerifiedAsync(invitee);
        var booked = await (await InvitationFlow.BookAsync(client, token, SlotId(dayOne, 0))).JsonAsync(HttpStatusCode.Created);
        var second = booked.GetProperty("secondDose").GetProperty("confirmationCode").GetString()!;
        return new Series(booked.GetProperty("confirmationCode").GetString()!, second, invitee, dayOne, before, inside, dayTwo);
    }

    private static string SlotId(JsonElement day, int index) => day.GetProperty("slots")[index].GetProperty("id").GetString()!;

    private async Task<HttpClient> ManagerAsync(string confirmationCode, string email)
    {
        var client = App.CreateClient();
        App.Clock.Advance(TimeSpan.FromSeconds(1)); // so "the newest code message" is this one
        (await client.PostAsync($"/api/v1/appointments/{confirmationCode}/code", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var body = (await App.WithDbAsync(db => db.Outbox.Where(m => m.Recipient == email && m.Template == "appointment-code").OrderByDescending(m => m.CreatedAt).FirstAsync())).Body;
        var session = await (await client.PostAsJsonAsync($"/api/v1/appointments/{confirmationCode}/verify", new { code = SixDigits().Match(body).Groups[1].Value })).JsonAsync();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", session.GetProperty("sessionToken").GetString());
        return client;
    }

    private async Task<Appointment> AppointmentAsync(string code) => await App.WithDbAsync(db => db.Appointments.AsNoTracking().SingleAsync(a => a.ConfirmationCode == code));

    [Fact]
    public async Task MoveDoseTwo_BeforeDoseOneOrInsideTheInterval_Is400_IsNotOffered_AndChangesNothing()
    {
        var series = await BookedSeriesAsync();
        var manager = await ManagerAsync(series.DoseTwo, series.Invitee.Email);
        var bookedBefore = await App.WithDbAsync(db => db.Slots.SumAsync(s => s.Booked));

        var offered = (await (await manager.GetAsync($"/api/v1/appointments/{series.DoseTwo}/slots")).JsonAsync())
            .EnumerateArray().Select(s => s.GetProperty("clinicDayId").GetString()).ToHashSet();
        var dayBefore = await manager.PostAsJsonAsync($"/api/v1/appointments/{series.DoseTwo}/move", new { slotId = SlotId(series.DayBefore, 1) });
        var inside = await manager.PostAsJsonAsync($"/api/v1/appointments/{series.DoseTwo}/move", new { slotId = SlotId(series.DayInside, 1) });
        var sameDayAsOne = await manager.PostAsJsonAsync($"/api/v1/appointments/{series.DoseTwo}/move", new { slotId = SlotId(series.DayOne, 2) });
        var later = await manager.PostAsJsonAsync($"/api/v1/appointments/{series.DoseTwo}/move", new { slotId = SlotId(series.DayTwo, 2) });

        Assert.Equal([series.DayTwo.GetProperty("id").GetString()], offered); // only days at least 21 days after dose 1
        await dayBefore.AssertProblemAsync(HttpStatusCode.BadRequest, "slotId");
        await inside.AssertProblemAsync(HttpStatusCode.BadRequest, "slotId");
        await sameDayAsOne.AssertProblemAsync(HttpStatusCode.BadRequest, "slotId");
        await later.JsonAsync(); // 21 days or more after dose 1 is fine
        Assert.Equal(bookedBefore, await App.WithDbAsync(db => db.Slots.SumAsync(s => s.Booked)));
        Assert.Equal(Guid.Parse(SlotId(series.DayTwo, 2)), (await AppointmentAsync(series.DoseTwo)).SlotId);
    }

    [Fact]
    public async Task MoveDoseOne_WithinTheInterval_KeepsDoseTwo_AndLater_ReleasesItAndReservesASecondDose_SayingSo()
    {
        var series = await BookedSeriesAsync();
        var manager = await ManagerAsync(series.DoseOne, series.Invitee.Email);
        var doseTwoSlot = (await AppointmentAsync(series.DoseTwo)).SlotId;

        var earlierDay = await (await manager.PostAsJsonAsync($"/api/v1/appointments/{series.DoseOne}/move", new { slotId = SlotId(series.DayBefore, 0) })).JsonAsync();
        Assert.Equal(JsonValueKind.Null, earlierDay.GetProperty("secondDoseReleased").ValueKind);
        Assert.Equal(AppointmentState.Booked, (await AppointmentAsync(series.DoseTwo)).State);

        var tooClose = await (await manager.PostAsJsonAsync($"/api/v1/appointments/{series.DoseOne}/move", new { slotId = SlotId(series.DayInside, 0) })).JsonAsync();

        var released = tooClose.GetProperty("secondDoseReleased");
        Assert.Equal(series.DoseTwo, released.GetProperty("cancelledConfirmationCode").GetString());
        Assert.Equal("2027-03-31", released.GetProperty("reservedFrom").GetString()); // 2027-03-10 + 21 days
        Assert.Contains("cancelled", released.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(AppointmentState.Cancelled, (await AppointmentAsync(series.DoseTwo)).State);
        Assert.Equal(0, await App.WithDbAsync(db => db.Slots.Where(s => s.Id == doseTwoSlot).Select(s => s.Booked).SingleAsync()));
        var reservation = await App.WithDbAsync(db => db.SecondDoseReservations.SingleAsync(r => r.State == ReservationState.Waiting));
        Assert.Equal(new DateOnly(2027, 3, 31), reservation.EarliestDate);
        Assert.Equal((await AppointmentAsync(series.DoseOne)).Id, reservation.FirstDoseAppointmentId);
        Assert.Equal(1, await App.WithDbAsync(db => db.Slots.SumAsync(s => s.Booked))); // dose 1's new seat only
    }

    [Fact]
    public async Task MovePage_SaysWhatMovingDoseOneDoesToDoseTwo_AndTheManagePageSaysItWasReleased()
    {
        var series = await BookedSeriesAsync();
        var client = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var code = series.DoseOne;
        await Forms.PostAsync(client, $"/appointments/{code}", $"/appointments/{code}");
        var manageCode = SixDigits().Match((await App.WithDbAsync(db => db.Outbox.Where(m => m.Recipient == series.Invitee.Email && m.Template == "appointment-code")
            .OrderByDescending(m => m.CreatedAt).FirstAsync())).Body).Groups[1].Value;
        await Forms.PostAsync(client, $"/appointments/{code}/code", $"/appointments/{code}/code", ("Code", manageCode));

        var choices = await client.GetStringAsync($"/appointments/{code}/move");
        var moved = await Forms.PostAsync(client, $"/appointments/{code}/move", $"/appointments/{code}/move", ("SlotId", SlotId(series.DayInside, 0)));
        var after = await client.GetStringAsync($"/appointments/{code}");

        Assert.Contains("Your second-dose appointment stays as it is if you choose a day up to Monday, March 1, 2027.", choices, StringComparison.Ordinal);
        Assert.Equal($"/appointments/{code}", moved.Headers.Location?.OriginalString);
        Assert.Contains("Your second-dose appointment is cancelled", after, StringComparison.Ordinal);
        Assert.Contains("Wednesday, March 31, 2027", after, StringComparison.Ordinal);
    }
}
