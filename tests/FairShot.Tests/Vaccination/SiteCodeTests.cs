using System.Net;
using System.Net.Http.Json;
using FairShot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Tests.Vaccination;

/// <summary>The site code the resident holds: in the booking answer and the confirmation message, in their language.</summary>
public sealed class SiteCodeTests(FairShotApp app) : IClassFixture<FairShotApp>
{
    private readonly DeskFlow _desk = new(app);

    [Theory]
    [InlineData("en", "Site code (show it to the vaccinator): ")]
    [InlineData("es", "Código de sitio (muéstrelo a quien le vacune): ")]
    public async Task Book_ByStaff_AnswersTheSiteCode_AndTheConfirmationMessageCarriesIt(string language, string line)
    {
        var (_, _, day) = await _desk.DayAsync();
        var person = await _desk.Flow.RegisterAsync(language: language);
        var admin = await _desk.Flow.AdminAsync();

        var answer = await (await admin.PostAsJsonAsync($"/api/v1/admin/people/{person.Id}/appointments", new { slotId = DeskFlow.Slot(day), reason = "booked by phone" }))
            .JsonAsync(HttpStatusCode.Created);

        var code = answer.GetProperty("confirmationCode").GetString();
        var siteCode = await app.WithDbAsync(db => db.Appointments.Where(a => a.ConfirmationCode == code).Select(a => a.SiteCode).SingleAsync());
        Assert.Matches("^[0-9]{4}$", siteCode);
        Assert.Equal(siteCode, answer.GetProperty("siteCode").GetString());
        var message = await app.WithDbAsync(db => db.Outbox.SingleAsync(m => m.Recipient == person.Email && m.Template == "booked"));
        Assert.Contains(line + siteCode, message.Body, StringComparison.Ordinal);
    }
}
