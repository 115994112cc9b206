using System.Net;
using FairShot.Domain;
using FairShot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Tests.Vaccination;

/// <summary>The walk-in page (/console/clinic-days/{id}/walk-in): the walk-in handler's rules through the form. The fixture's clock is 09:00 in Chicago.</summary>
public sealed class DeskWalkInPageTests(FairShotApp app) : IClassFixture<FairShotApp>
{
    private readonly DeskFlow _desk = new(app);

    private async Task<HttpClient> NurseConsoleAsync(string clinicId)
    {
        var (email, password, _) = await _desk.StaffAsync(StaffRoles.ClinicStaff, clinicId);
        return await _desk.ConsoleAsync(email, password);
    }

    private static (string, string)[] Answers(string lastName, string occupation = "healthcare", string dateOfBirth = "1980-04-04") =>
    [
        ("FirstName", "Walter"), ("LastName", lastName), ("DateOfBirth", dateOfBirth), ("Language", "en"), ("Email", $"{Guid.NewGuid():N}@example.org"),
        ("Phone", ""), ("ZipCode", "63050"), ("Occupation", occupation), ("Setting", "home"),
    ];

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string dayId, params (string, string)[] fields) =>
        Forms.PostAsync(client, $"/console/clinic-days/{dayId}/walk-in", $"/console/clinic-days/{dayId}/walk-in", fields);

    [Fact]
    public async Task WalkInPage_InAClosedPhase_SaysWhatToDo_AndWritesNothing()
    {
        var (clinicId, dayId, _) = await _desk.DayAsync();
        var nurse = await NurseConsoleAsync(clinicId);
        var lastName = "Closed" + Guid.NewGuid().ToString("N")[..6];

        var answer = await PostAsync(nurse, dayId, Answers(lastName, occupation: "none", dateOfBirth: "1945-04-04"));
        var html = await answer.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("Not eligible yet", html, StringComparison.Ordinal);
        Assert.Contains("Do not vaccinate this person today.", html, StringComparison.Ordinal);
        Assert.Contains("Nothing was saved.", html, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.People.CountAsync(p => p.LastName == lastName)));
        Assert.Equal(0, await app.WithDbAsync(db => db.Appointments.CountAsync(a => a.ClinicDayId == Guid.Parse(dayId))));
    }

    [Fact]
    public async Task WalkInPage_InAnOpenPhase_RegistersAndChecksInAsAWalkIn_AndLeadsToRecordingTheDose()
    {
        var (clinicId, dayId, _) = await _desk.DayAsync();
        var nurse = await NurseConsoleAsync(clinicId);
        var lastName = "Open" + Guid.NewGuid().ToString("N")[..6];
        Assert.Contains($"/console/clinic-days/{dayId}/walk-in", await nurse.GetStringAsync($"/console/clinic-days/{dayId}/queue"), StringComparison.Ordinal);

        var answer = await PostAsync(nurse, dayId, Answers(lastName));

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        var appointment = await app.WithDbAsync(db => db.Appointments.AsNoTracking().SingleAsync(a => a.ClinicDayId == Guid.Parse(dayId)));
        Assert.Equal($"/console/clinic-days/{dayId}/record/{appointment.Id}?checkedIn=true", answer.Headers.Location!.OriginalString);
        Assert.Equal((AppointmentChannel.WalkIn, AppointmentState.CheckedIn), (appointment.Channel, appointment.State));
        var person = await app.WithDbAsync(db => db.People.AsNoTracking().SingleAsync(p => p.Id == appointment.PersonId));
        Assert.Equal((lastName, RegistrationSource.WalkIn), (person.LastName, person.Source));
        var record = await nurse.GetStringAsync(answer.Headers.Location.OriginalString);
        Assert.Contains($"Walter {lastName} is checked in.", record, StringComparison.Ordinal);
        Assert.Contains($"value=\"{appointment.SiteCode}\"", record, StringComparison.Ordinal); // carried once, for the person who holds no confirmation
        Assert.DoesNotContain($"value=\"{appointment.SiteCode}\"", await nurse.GetStringAsync(answer.Headers.Location.OriginalString), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WalkInPage_WithMissingAnswers_ShowsEachAtItsField_WithSummaryLinksToTheFieldIds_AndWritesNothing()
    {
        var (clinicId, dayId, _) = await _desk.DayAsync();
        var nurse = await NurseConsoleAsync(clinicId);

        var answer = await PostAsync(nurse, dayId, ("FirstName", ""), ("LastName", "Only"), ("Language", "en"), ("ZipCode", "12"));
        var html = await answer.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        foreach (var field in new[] { "FirstName", "DateOfBirth", "Email", "ZipCode", "Occupation", "Setting" })
        {
            Assert.Contains($"href=\"#{field}\"", html, StringComparison.Ordinal);
            Assert.Contains($"id=\"{field}\"", html, StringComparison.Ordinal);
            Assert.Contains($"id=\"{field}-error\"", html, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("href=\"#LastName\"", html, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.Appointments.CountAsync(a => a.ClinicDayId == Guid.Parse(dayId))));
    }

    [Fact]
    public async Task WalkInPage_ForStaffOfAnotherClinic_IsDenied_AndTheirPostWritesNothing()
    {
        var (_, dayId, _) = await _desk.DayAsync();
        var (otherClinicId, otherDayId, _) = await _desk.DayAsync();
        var theirs = await NurseConsoleAsync(otherClinicId);
        var lastName = "Other" + Guid.NewGuid().ToString("N")[..6];

        DeskFlow.AssertDenied(await theirs.GetAsync($"/console/clinic-days/{dayId}/walk-in"), "walk-in page");
        // Their form token comes from their own clinic's walk-in page; the post names this day.
        var posted = await Forms.PostAsync(theirs, $"/console/clinic-days/{otherDayId}/walk-in", $"/console/clinic-days/{dayId}/walk-in", Answers(lastName));

        DeskFlow.AssertDenied(posted, "walk-in post");
        Assert.Equal(0, await app.WithDbAsync(db => db.People.CountAsync(p => p.LastName == lastName)));
    }
}
