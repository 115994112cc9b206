using FairShot.Data;
using FairShot.Features.Audit;
using FairShot.Features.Backfill;
using FairShot.Features.Booking;
using FairShot.Features.Clinics;
using FairShot.Features.Invitations;
using FairShot.Features.Registration;
using FairShot.Features.Staff;
using FairShot.Notifications;
using FairShot.Platform;

var builder = WebApplication.CreateBuilder(args);

builder.AddFairShotDatabase();   // SQLite file by default, PostgreSQL by configuration; shared key ring
builder.AddStaffAccess();        // Identity, console cookie, API bearer tokens, role policies
builder.AddNotifications();      // outbox, SMTP / pickup directory, dispatcher
builder.AddWebPlatform();        // ProblemDetails, security headers, health, OpenAPI, audit sealer
builder.Services.AddScoped<DemoData>();

var app = builder.Build();

if (args.Contains("migrate"))
{
    await app.Services.MigrateAsync();
    Console.WriteLine("FairShot: database migrated.");
    return;
}

await app.PrepareAsync();        // migrate, first admin, demo data

app.UseWebPlatform();
app.MapStaffApi();
app.MapClinicsApi();
app.MapAuditApi();
app.MapRegistrationApi();
app.MapInvitationsApi();
app.MapManageAppointmentApi();
app.MapBackfillApi();
app.MapRazorPages();

app.Run();

public partial class Program;
