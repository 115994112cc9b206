using System.Net;
using System.Net.Http.Json;
using FairShot.Data;
using FairShot.Features.Staff;
using FairShot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FairShot.Tests.Features;

public sealed class StaffAccessTests(FairShotApp app) : IClassFixture<FairShotApp>
{
    private async Task<(string Email, string Password, string Id)> CreateStaffAsync(string role = "Scheduler", string? language = null)
    {
        var admin = await app.CreateStaffClientAsync();
        var email = $"staff-{Guid.NewGuid():N}@test.local";
        var created = await (await admin.PostAsJsonAsync("/api/v1/admin/staff", new { email, displayName = "Pat Staff", roles = new[] { role }, language }))
            .JsonAsync(HttpStatusCode.Created);
        return (email, created.GetProperty("initialPassword").GetString()!, created.GetProperty("staff").GetProperty("id").GetString()!);
    }

    [Fact]
    public async Task Token_WithRightPassword_ReturnsABearerTokenForAnHour()
    {
        var client = app.CreateClient();

        var token = await (await client.PostAsJsonAsync("/api/v1/auth/token", new { email = FairShotApp.AdminEmail, password = FairShotApp.AdminPassword })).JsonAsync();

        Assert.False(string.IsNullOrEmpty(token.GetProperty("accessToken").GetString()));
        Assert.Equal(app.Clock.GetUtcNow() + TimeSpan.FromHours(1), token.GetProperty("expiresAt").GetDateTimeOffset());
    }

    [Theory]
    [InlineData(FairShotApp.AdminEmail, "wrong password!!")]
    [InlineData("nobody@test.local", "wrong password!!")]
    public async Task Token_WithWrongPasswordOrUnknownEmail_IsTheSame401(string email, string password)
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { email, password });

        var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Sign-in failed.", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Token_WithMissingFields_Is400NamingThem()
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { email = "" });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "email", "password");
    }

    [Fact]
    public async Task DisablingStaff_EndsTheirTokenAtOnce_AndTheyCannotSignInAgain()
    {
        var (email, password, id) = await CreateStaffAsync("Admin");
        var theirs = await app.CreateStaffClientAsync(email, password);
        (await theirs.GetAsync("/api/v1/admin/clinics")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var admin = await app.CreateStaffClientAsync();
        var disabled = await (await admin.PostAsync($"/api/v1/admin/staff/{id}/disable", null)).JsonAsync();
        Assert.False(disabled.GetProperty("isActive").GetBoolean());

        (await theirs.GetAsync("/api/v1/admin/clinics")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { email, password })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        await app.SealAuditLogAsync();
        var audit = await (await admin.GetAsync($"/api/v1/admin/audit?entityType=Staff&entityId={id}")).JsonAsync();
        Assert.Equal(["staff.disabled", "staff.created"], audit.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()));
    }

    [Fact]
    public async Task AnAdmin_CannotDisableThemselves()
    {
        var admin = await app.CreateStaffClientAsync();
        var adminId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == FairShotApp.AdminEmail).Select(u => u.Id).SingleAsync());

        await (await admin.PostAsync($"/api/v1/admin/staff/{adminId}/disable", null)).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task CreateStaff_QueuesAWelcomeEmailInTheirLanguage_WithoutThePassword()
    {
        var (email, password, _) = await CreateStaffAsync("CallCentre", "es");

        var message = await app.WithDbAsync(db => db.Outbox.SingleAsync(m => m.Recipient == email));
        Assert.Equal("es", message.Language);
        Assert.Equal("Su cuenta de personal de FairShot", message.Subject);
        Assert.DoesNotContain(password, message.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-an-email", "Pat", "Scheduler", "email")]
    [InlineData("a@test.local", "", "Scheduler", "displayName")]
    [InlineData("a@test.local", "Pat", "Overlord", "roles")]
    public async Task CreateStaff_InvalidInput_Is400NamingTheField(string email, string displayName, string role, string field)
    {
        var admin = await app.CreateStaffClientAsync();

        var response = await admin.PostAsJsonAsync("/api/v1/admin/staff", new { email, displayName, roles = new[] { role } });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task BootstrapAdmin_WithStaffPresent_DoesNothing_AndWritesNoPasswordFile()
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<FairShotDb>();
        var directory = scope.ServiceProvider.GetRequiredService<StaffDirectory>();
        var passwordFile = scope.ServiceProvider.GetRequiredService<BootstrapPasswordFile>();

        // With staff present (the fixture's admin), nothing happens and no file is written.
        Assert.False(await directory.BootstrapAdminAsync(passwordFile, CancellationToken.None));
        Assert.False(File.Exists(passwordFile.Path));
        Assert.Equal(1, await db.Users.CountAsync(u => u.Email == FairShotApp.AdminEmail));
    }
}

/// <summary>A fresh app whose configuration names no bootstrap password.</summary>
public sealed class BootstrapAdminTests
{
    [Fact]
    public async Task FirstStart_WithoutAPassword_PutsTheGeneratedOneInAnOwnerOnlyFile_NotTheConsoleOrTheLog()
    {
        var folder = Directory.CreateTempSubdirectory("fairshot-bootstrap-").FullName;
        var file = Path.Combine(folder, "data", "bootstrap-admin.txt");
        await using var app = new FairShotApp();
        app.With("Bootstrap:AdminPassword", "").With("Bootstrap:AdminEmail", "first@test.local").With("Bootstrap:PasswordFile", file);
        var original = Console.Out;
        var console = new StringWriter();
        Console.SetOut(console);
        try
        {
            await app.InitializeAsync();
        }
        finally
        {
            Console.SetOut(original);
        }

        var written = await File.ReadAllTextAsync(file);
        var password = written.Split('\n').Single(l => l.Contains("password:", StringComparison.Ordinal)).Split(':')[1].Trim();
        Assert.Equal(20, password.Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
        Assert.DoesNotContain(password, console.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains(password, StringComparison.Ordinal));
        Assert.Contains(app.Logs.Lines, l => l.Contains(file, StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(file)!, "*.new-*"));

        var client = await app.CreateStaffClientAsync("first@test.local", password);
        (await client.GetAsync("/api/v1/admin/audit")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var audit = await (await client.GetAsync("/api/v1/admin/audit?entityType=Staff")).JsonAsync();
        Assert.Equal("staff.bootstrapped", audit.GetProperty("entries")[0].GetProperty("action").GetString());
        Assert.Equal("system", audit.GetProperty("entries")[0].GetProperty("actor").GetString());
        Directory.Delete(folder, recursive: true);
    }
}

public sealed class TokenExpiryTests
{
    [Fact]
    public async Task AStaffToken_StopsWorkingAfterAnHour()
    {
        await using var app = new FairShotApp();
        await app.InitializeAsync();
        var client = await app.CreateStaffClientAsync();
        (await client.GetAsync("/api/v1/admin/clinics")).StatusCode.ShouldBe(HttpStatusCode.OK);

        app.Clock.Advance(TimeSpan.FromMinutes(61));

        (await client.GetAsync("/api/v1/admin/clinics")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
