using System.Net;
using System.Net.Http.Json;
using FairShot.Domain;
using FairShot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Tests.Vaccination;

/// <summary>Check-in at the door: the code and the date of birth, on the appointment's day, at its clinic.</summary>
public sealed class CheckInTests(FairShotApp app) : IClassFixture<FairShotApp>
{
    private readonly DeskFlow _desk = new(app);

    [Fact]
    public async Task CheckIn_TheRightPersonOnTheDay_ChecksIn_AndASecondScanAnswersTheSame()
    {
        var (clinicId, _, day) = await _desk.DayAsync();
        var booked = await _desk.BookAsync(DeskFlow.Slot(day));
        var nurse = await _desk.NurseAsync(clinicId);

        var first = await (await DeskFlow.CheckInAsync(nurse, booked)).JsonAsync();
        var second = await (await DeskFlow.CheckInAsync(nurse, booked)).JsonAsync();

        Assert.Equal(booked.AppointmentId, first.GetProperty("appointmentId").GetString());
        Assert.Equal("checkedIn", first.GetProperty("state").GetString());
        Assert.True(first.GetProperty("siteCodeRequired").GetBoolean());
        Assert.Equal(booked.PersonId, first.GetProperty("person").GetProperty("id").GetString());
        Assert.Equal(first.GetProperty("checkedInAt").GetDateTime(), second.GetProperty("checkedInAt").GetDateTime());
        Assert.False(first.TryGetProperty("dateOfBirth", out _));
        Assert.Equal(1, await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "appointment.checkedIn" && e.EntityId == booked.AppointmentId)));
    }

    [Fact]
    public async Task CheckIn_WithAWrongDateOfBirth_Is409_CountsAndAuditsIt_AndAfterFiveTheCodeNoLongerWorks()
    {
        var (clinicId, _, day) = await _desk.DayAsync();
        var booked = await _desk.BookAsync(DeskFlow.Slot(day));
        var nurse = await _desk.NurseAsync(clinicId);
        var wrong = booked.DateOfBirth.AddDays(1);

        var refused = await (await DeskFlow.CheckInAsync(nurse, booked, wrong)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("dateOfBirthMismatch", refused.GetProperty("reason").GetString());
        Assert.DoesNotContain(wrong.ToString("yyyy-MM-dd"), refused.GetRawText(), StringComparison.Ordinal);
        for (var i = 0; i < 4; i++)
        {
            await (await DeskFlow.CheckInAsync(nurse, booked, wrong)).AssertProblemAsync(HttpStatusCode.Conflict);
        }
        var locked = await (await DeskFlow.CheckInAsync(nurse, booked)).AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal("tooManyAttempts", locked.GetProperty("reason").GetString());
        var appointment = await app.WithDbAsync(db => db.Appointments.AsNoTracking().SingleAsync(a => a.Id == Guid.Parse(booked.AppointmentId)));
        Assert.Equal(5, appointment.CheckInFailures);
        Assert.Equal(AppointmentState.Booked, appointment.State);
        var entries = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.Action == "checkin.dateOfBirthMismatch" && e.EntityId == booked.AppointmentId).ToListAsync());
        Assert.Equal(5, entries.Count);
        Assert.All(entries, e => Assert.DoesNotContain(wrong.ToString("yyyy-MM-dd"), e.Summary, StringComparison.Ordinal));
    }

    [Fact]
    public async Task CheckIn_ByStaffOfAnotherClinic_IsRefusedAsAnotherClinic_AndChangesNothing()
    {
        var (_, _, day) = await _desk.DayAsync();
        var (otherClinic, otherDay, _) = await _desk.DayAsync();
        var booked = await _desk.BookAsync(DeskFlow.Slot(day));
        var nurse = await _desk.NurseAsync(otherClinic);

        var refused = await (await DeskFlow.CheckInAsync(nurse, booked)).AssertProblemAsync(HttpStatusCode.Conflict);
        var atTheirDesk = await (await DeskFlow.CheckInAsync(await _desk.Flow.AdminAsync(), booked, clinicDayId: otherDay)).AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal("anotherClinic", refused.GetProperty("reason").GetString());
        Assert.Equal("anotherClinic", atTheirDesk.GetProperty("reason").GetString());
        Assert.Equal(AppointmentState.Booked, await app.WithDbAsync(db => db.Appointments.Where(a => a.Id == Guid.Parse(booked.AppointmentId)).Select(a => a.State).SingleAsync()));
        // Nor does a wrong date of birth typed at another clinic count against the person.
        await (await DeskFlow.CheckInAsync(nurse, booked, booked.DateOfBirth.AddDays(3))).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(0, await app.WithDbAsync(db => db.Appointments.Where(a => a.Id == Guid.Parse(booked.AppointmentId)).Select(a => a.CheckInFailures).SingleAsync()));
    }

    [Fact]
    public async Task CheckIn_OnAnotherDay_IsRefused_NamingTheAppointmentsDay()
    {
        var (clinicId, _, day) = await _desk.DayAsync(date: "2027-02-03");
        var booked = await _desk.BookAsync(DeskFlow.Slot(day));

        var refused = await (await DeskFlow.CheckInAsync(await _desk.NurseAsync(clinicId), booked)).AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal("anotherDay", refused.GetProperty("reason").GetString());
        Assert.Contains("2027-02-03", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckIn_ACancelledOrAlreadyVaccinatedAppointment_IsRefusedWithItsReason_AndAnUnknownCodeIs404()
    {
        var (clinicId, _, day) = await _desk.DayAsync();
        var cancelled = await _desk.BookAsync(DeskFlow.Slot(day));
        var vaccinated = await _desk.BookAsync(DeskFlow.Slot(day));
        var nurse = await _desk.NurseAsync(clinicId);
        await app.WithDbAsync(db => db.Appointments.Where(a => a.Id == Guid.Parse(cancelled.AppointmentId))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.State, AppointmentState.Cancelled)));
        (await DeskFlow.CheckInAsync(nurse, vaccinated)).EnsureSuccessStatusCode();
        await (await DeskFlow.RecordAsync(nurse, vaccinated)).JsonAsync(HttpStatusCode.Created);

        var first = await (await DeskFlow.CheckInAsync(nurse, cancelled)).AssertProblemAsync(HttpStatusCode.Conflict);
        var second = await (await DeskFlow.CheckInAsync(nurse, vaccinated)).AssertProblemAsync(HttpStatusCode.Conflict);
        var unknown = await nurse.PostAsJsonAsync("/api/v1/clinic/check-ins", new { confirmationCode = "AAAAAAAAAA", dateOfBirth = "1980-01-01" });

        Assert.Equal("cancelled", first.GetProperty("reason").GetString());
        Assert.Equal("alreadyVaccinated", second.GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Queue_ListsTheDayInTimeOrder_WithCounts_FindsByNameOrCode_AndShowsNoDateOfBirth()
    {
        var (clinicId, dayId, day) = await _desk.DayAsync();
        var later = await _desk.BookAsync(DeskFlow.Slot(day, 1));
        var early = await _desk.BookAsync(DeskFlow.Slot(day, 0));
        var nurse = await _desk.NurseAsync(clinicId);
        (await DeskFlow.CheckInAsync(nurse, early)).EnsureSuccessStatusCode();

        var queue = await (await nurse.GetAsync($"/api/v1/clinic/days/{dayId}/appointments")).JsonAsync();
        var byCode = await (await nurse.GetAsync($"/api/v1/clinic/days/{dayId}/appointments?q={later.ConfirmationCode.ToLowerInvariant()}")).JsonAsync();
        var checkedIn = await (await nurse.GetAsync($"/api/v1/clinic/days/{dayId}/appointments?state=checkedIn")).JsonAsync();
        var other = await _desk.NurseAsync((await _desk.DayAsync()).ClinicId);

        var rows = queue.GetProperty("appointments").EnumerateArray().ToList();
        Assert.Equal([early.AppointmentId, later.AppointmentId], rows.Select(r => r.GetProperty("appointmentId").GetString()));
        Assert.Equal("12:00", rows[0].GetProperty("time").GetString());
        Assert.EndsWith("-06:00", rows[0].GetProperty("startsAt").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, queue.GetProperty("counts").GetProperty("booked").GetInt32());
        Assert.Equal(1, queue.GetProperty("counts").GetProperty("checkedIn").GetInt32());
        Assert.Equal("212", queue.GetProperty("day").GetProperty("productCvx").GetString());
        Assert.DoesNotContain(early.DateOfBirth.ToString("yyyy-MM-dd"), queue.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("@example.org", queue.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(later.AppointmentId, byCode.GetProperty("appointments").EnumerateArray().Single().GetProperty("appointmentId").GetString());
        Assert.Equal(early.AppointmentId, checkedIn.GetProperty("appointments").EnumerateArray().Single().GetProperty("appointmentId").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/api/v1/clinic/days/{dayId}/appointments")).StatusCode);
        await (await nurse.GetAsync($"/api/v1/clinic/days/{dayId}/appointments?state=gone")).AssertProblemAsync(HttpStatusCode.BadRequest, "state");
    }
}
