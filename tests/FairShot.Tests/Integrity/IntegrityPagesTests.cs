using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using FairShot.Domain;
using FairShot.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Tests.Integrity;

/// <summary>The integrity console pages (Features/Integrity/*Page): admins only; the rules the pages add on top of the handlers.</summary>
public sealed partial class IntegrityPagesTests : FreshAppTest
{
    private const string Header = "firstName,lastName,dateOfBirth,email,phone,zipCode,startsAt\n";

    [GeneratedRegex("name=\"Confirmed\" value=\"([^\"]*)\"")]
    private static partial Regex ConfirmedField();

    private async Task<HttpClient> ConsoleAsync(string email = FairShotApp.AdminEmail, string password = FairShotApp.AdminPassword)
    {
        var client = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var signedIn = await Forms.PostAsync(client, "/console/login", "/console/login", ("Email", email), ("Password", password));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return client;
    }

    private async Task ImportAsync(HttpClient admin, string dayId, string rows) =>
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/admin/imports/appointments?clinicDayId={dayId}&partner=Portal",
            new StringContent(Header + rows, Encoding.UTF8, "text/csv"))).StatusCode);

    private static async Task<HttpResponseMessage> PostFileAsync(HttpClient console, string page, string action, string partner, string csv)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(await Forms.TokenAsync(console, page)), "__RequestVerificationToken" },
            { new StringContent(partner), "Partner" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)) { Headers = { ContentType = new("text/csv") } }, "Csv", "partner.csv" },
        };
        return await console.PostAsync(action, form);
    }

    [Fact]
    public async Task Pages_ForAScheduler_AreDenied()
    {
        var admin = await App.CreateStaffClientAsync();
        var (_, dayId, _) = await Flow.ClinicDayAsync();
        var person = await Flow.RegisterAsync();
        var email = $"scheduler-{Guid.NewGuid():N}@test.local";
        var created = await (await admin.PostAsJsonAsync("/api/v1/admin/staff", new { email, displayName = "Sam Scheduler", roles = new[] { "Scheduler" } })).JsonAsync(HttpStatusCode.Created);
        var scheduler = await ConsoleAsync(email, created.GetProperty("initialPassword").GetString()!);
        var mine = await ConsoleAsync();

        foreach (var page in new[] { $"/console/integrity?clinicDayId={dayId}", $"/console/integrity/cancel?clinicDayId={dayId}",
            $"/console/integrity/calls?clinicDayId={dayId}", $"/console/integrity/people/{person.Id}" })
        {
            var response = await scheduler.GetAsync(page);
            Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Forbidden, $"{page}: {(int)response.StatusCode}");
            if (response.StatusCode == HttpStatusCode.Redirect)
            {
                Assert.Equal("/console/denied", new Uri(new Uri("http://localhost"), response.Headers.Location!).AbsolutePath);
            }
            Assert.Equal(HttpStatusCode.OK, (await mine.GetAsync(page)).StatusCode);
        }
    }

    [Fact]
    public async Task CancelPage_ConfirmAfterADryRun_CancelsExactlyTheAppointmentsTheDryRunListed()
    {
        var admin = await App.CreateStaffClientAsync();
        var (_, dayId, _) = await Flow.ClinicDayAsync();
        await ImportAsync(admin, dayId, "Ann,New,1960-01-01,ann@example.net,,63050,2027-03-01T09:00\nBo,New,1961-01-01,bo@example.net,,63050,2027-03-01T09:15\n");
        var console = await ConsoleAsync();
        var page = $"/console/integrity/cancel?clinicDayId={dayId}";

        var dry = await Forms.PostAsync(console, page, page + "&handler=DryRun", ("Reasons", "noValidChain"), ("Message", "Please register and wait for your turn."));
        var html = await dry.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
        Assert.Contains("2 appointments would be cancelled", html, StringComparison.Ordinal);
        Assert.Contains("Please register and wait for your turn.", html, StringComparison.Ordinal); // the preview of what people read
        Assert.Equal(0, await App.WithDbAsync(db => db.Appointments.CountAsync(a => a.State == AppointmentState.Cancelled)));
        var confirmed = WebUtility.HtmlDecode(ConfirmedField().Match(html).Groups[1].Value);
        // A third booking starts failing a check between the dry run and the confirmation: it was not shown, so it stays.
        await ImportAsync(admin, dayId, "Cy,Late,1962-01-01,cy@example.net,,63050,2027-03-01T09:30\n");

        var confirm = await Forms.PostAsync(console, page, page + "&handler=Confirm", ("Confirmed", confirmed), ("Message", "Please register and wait for your turn."));

        Assert.Equal(HttpStatusCode.Redirect, confirm.StatusCode);
        var after = await console.GetStringAsync(confirm.Headers.Location!.ToString());
        Assert.Contains("Cancelled 2 appointments", after, StringComparison.Ordinal);
        var states = await App.WithDbAsync(db => (from a in db.Appointments join p in db.People on a.PersonId equals p.Id select new { p.FirstName, a.State }).ToListAsync());
        Assert.Equal(AppointmentState.Cancelled, states.Single(s => s.FirstName == "Ann").State);
        Assert.Equal(AppointmentState.Cancelled, states.Single(s => s.FirstName == "Bo").State);
        Assert.Equal(AppointmentState.Booked, states.Single(s => s.FirstName == "Cy").State);
    }

    [Fact]
    public async Task Report_PersonRegisteredByTheImportItself_HasNoValidChain_ThoughTheClockMovedBeforeTheBooking()
    {
        var admin = await App.CreateStaffClientAsync();
        var (_, dayId, _) = await Flow.ClinicDayAsync();
        await ImportAsync(admin, dayId, "Ann,New,1960-01-01,ann@example.net,,63050,2027-03-01T09:00\n");
        // On a real clock the booking is stamped a moment after the registration the import made.
        await App.WithDbAsync(db => db.Appointments.ExecuteUpdateAsync(s => s.SetProperty(a => a.BookedAt, a => a.BookedAt.AddSeconds(1))));

        var report = await (await admin.GetAsync($"/api/v1/admin/integrity?clinicDayId={dayId}")).JsonAsync();

        var finding = Assert.Single(report.GetProperty("findings").EnumerateArray());
        Assert.Contains("noValidChain", finding.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task CancelPage_DryRunWithNothingChosen_AsksForAReason_AndCancelsNothing()
    {
        var admin = await App.CreateStaffClientAsync();
        var (_, dayId, _) = await Flow.ClinicDayAsync();
        await ImportAsync(admin, dayId, "Ann,New,1960-01-01,ann@example.net,,63050,2027-03-01T09:00\n");
        var console = await ConsoleAsync();
        var page = $"/console/integrity/cancel?clinicDayId={dayId}";

        var html = await (await Forms.PostAsync(console, page, page + "&handler=DryRun", ("Message", ""))).Content.ReadAsStringAsync();

        Assert.Contains("Choose at least one reason, or tick the appointments to cancel.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"dry-run\"", html, StringComparison.Ordinal);
        Assert.Equal(0, await App.WithDbAsync(db => db.Appointments.CountAsync(a => a.State == AppointmentState.Cancelled)));
    }

    [Fact]
    public async Task ReportPage_CheckImport_ListsBadRowsByLine_AndImportsNothing_ThenImportTakesTheGoodFile()
    {
        var (_, dayId, _) = await Flow.ClinicDayAsync();
        var console = await ConsoleAsync();
        var page = $"/console/integrity?clinicDayId={dayId}";
        var bad = Header + "Ann,New,1960-01-01,ann@example.net,,63050,2027-03-01T09:00\nBo,New,1961-01-01,bo@example.net,,63050,2027-03-01T13:00\n";

        var checkedFile = await PostFileAsync(console, page, page + "&handler=CheckImport", "Mercy portal", bad);

        var html = await checkedFile.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, checkedFile.StatusCode);
        Assert.Contains("Checked, nothing imported", html, StringComparison.Ordinal);
        Assert.Matches(new Regex("<th scope=\"row\" class=\"fs-num\">3</th><td>startsAt: no slot of this clinic day starts at this time.</td>"), html);
        Assert.Equal(0, await App.WithDbAsync(db => db.Appointments.CountAsync()));

        var imported = await PostFileAsync(console, page, page + "&handler=Import", "Mercy portal", Header + "Ann,New,1960-01-01,ann@example.net,,63050,2027-03-01T09:00\n");

        Assert.Contains("Imported 1 of 1 booking", await imported.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("Mercy portal", await App.WithDbAsync(db => db.Appointments.Select(a => a.ImportPartner).SingleAsync()));
    }

    [Fact]
    public async Task ReportPage_ThresholdOutOfRange_NamesTheField_AndSavesNothing()
    {
        var console = await ConsoleAsync();

        var html = await (await Forms.PostAsync(console, "/console/integrity", "/console/integrity?handler=Settings",
            ("SharedLimit", "six"), ("OutlierMinimum", "20"), ("OutlierFactor", "3"))).Content.ReadAsStringAsync();

        Assert.Contains("href=\"#SharedLimit\"", html, StringComparison.Ordinal);
        Assert.Equal(6, await App.WithDbAsync(db => db.CountySettings.Select(c => c.IntegritySharedLimit).SingleAsync()));
    }

    [Fact]
    public async Task CallListPage_RecordConfirmed_LeavesNoneToCall_AndAnEmptyOutcomeRecordsNothing()
    {
        var admin = await App.CreateStaffClientAsync();
        var (_, dayId, _) = await Flow.ClinicDayAsync();
        var nurse = await Flow.RegisterAsync();
        var slot = await App.WithDbAsync(db => db.Slots.FirstAsync(s => s.ClinicDayId == Guid.Parse(dayId)));
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"/api/v1/admin/people/{nurse.Id}/appointments", new { slotId = slot.Id, reason = "called the help line" })).StatusCode);
        var appointmentId = await App.WithDbAsync(db => db.Appointments.Select(a => a.Id).SingleAsync());
        var console = await ConsoleAsync();
        var page = $"/console/integrity/calls?clinicDayId={dayId}";
        Assert.Contains("<strong>1</strong> left to call", await console.GetStringAsync(page), StringComparison.Ordinal);

        var empty = await (await Forms.PostAsync(console, page, page + "&handler=Record", ("AppointmentId", appointmentId.ToString()), ("Outcome", ""))).Content.ReadAsStringAsync();
        Assert.Contains("Choose what came of the call.", empty, StringComparison.Ordinal);
        Assert.Equal(0, await App.WithDbAsync(db => db.IntegrityCalls.CountAsync()));

        var recorded = await Forms.PostAsync(console, page, page + "&handler=Record", ("AppointmentId", appointmentId.ToString()), ("Outcome", "confirmed"), ("Note", "will come"));

        Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
        var after = await console.GetStringAsync(recorded.Headers.Location!.ToString());
        Assert.Contains("<strong>0</strong> left to call", after, StringComparison.Ordinal);
        Assert.Equal(CallOutcome.Confirmed, await App.WithDbAsync(db => db.IntegrityCalls.Select(c => c.Outcome).SingleAsync()));
    }

    [Fact]
    public async Task StoryPage_TellsWhatHappenedAndWho_WithoutDateOfBirthOrContact()
    {
        var admin = await App.CreateStaffClientAsync();
        var (_, dayId, _) = await Flow.ClinicDayAsync();
        var nurse = await Flow.RegisterAsync();
        var slot = await App.WithDbAsync(db => db.Slots.FirstAsync(s => s.ClinicDayId == Guid.Parse(dayId)));
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"/api/v1/admin/people/{nurse.Id}/appointments", new { slotId = slot.Id, reason = "called the help line" })).StatusCode);
        var console = await ConsoleAsync();

        var html = await console.GetStringAsync($"/console/integrity/people/{nurse.Id}?clinicDayId={dayId}");

        Assert.Contains(">Registered</h3>", html, StringComparison.Ordinal);
        Assert.Contains(">Booked</h3>", html, StringComparison.Ordinal);
        Assert.Contains("(staff)", html, StringComparison.Ordinal);
        Assert.DoesNotContain(nurse.Email, html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(nurse.DateOfBirth.ToString("yyyy-MM-dd"), html, StringComparison.Ordinal);
        Assert.DoesNotContain(nurse.DateOfBirth.ToString("MMM d, yyyy", System.Globalization.CultureInfo.InvariantCulture), html, StringComparison.Ordinal);
        var code = await App.WithDbAsync(db => db.Appointments.Select(a => a.ConfirmationCode).SingleAsync());
        Assert.DoesNotContain(code, html, StringComparison.Ordinal);
    }
}
