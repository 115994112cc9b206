using FairShot.Data;
using FairShot.Features.Appointments;
using FairShot.Features.Audit;
using FairShot.Features.Backfill;
using FairShot.Features.Booking;
using FairShot.Features.Clinics;
using FairShot.Features.Demo;
using FairShot.Features.Eligibility;
using FairShot.Features.Integrity;
using FairShot.Features.Invitations;
using FairShot.Features.Notifications;
using FairShot.Features.OneTimeCodes;
using FairShot.Features.Records;
using FairShot.Features.Registration;
using FairShot.Features.Staff;
using FairShot.Features.Status;
using FairShot.Features.Supply;
using FairShot.Features.Vaccination;
using FairShot.Platform;

var builder = WebApplication.CreateBuilder(args);

builder.AddFairShotDatabase();   // SQLite file by default, PostgreSQL by configuration; shared key ring
builder.AddWebPlatform();        // ProblemDetails, security headers, rate limiting, health, OpenAPI, pages

// Capabilities, each from its own folder under Features/ (docs/architecture.md says who calls whom).
builder.AddAudit();              // the chained, append-only log every change writes to
builder.AddNotifications();      // outbox, SMTP / pickup directory, dispatcher
builder.AddOneTimeCodes();       // issue, cap and redeem the codes sent to a contact on file
builder.AddStaff();              // Identity, console cookie, API bearer tokens, role policies, first admin
builder.AddClinics();            // clinics, days and slots
builder.AddSupply();             // products, stock lots, the dose ledger, seats backed by doses
builder.AddEligibility();        // phases and priority groups, regrouping, birthday job
builder.AddRegistration();       // sign-up, call-centre registration, the line
builder.AddStatus();             // a resident's place in line
builder.AddInvitations();        // waves of personal links; code + date of birth
builder.AddBooking();            // taking a seat, confirmation, call-centre booking
builder.AddAppointments();       // view, move, cancel
builder.AddBackfill();           // fill monitor, targeted waves, rosters, standby, leftover doses
builder.AddVaccination();       // queue, check-in, doses given, walk-ins, no-shows, opened vials
builder.AddRecords();            // every dose reported to the state registry: the queue, its sender, batch files
builder.AddIntegrity();          // partner imports, integrity report, selective cancellation, call list, a person's story
builder.AddDemo();               // the demo county on an empty database (Demo:Seed)

var app = builder.Build();

if (args.Contains("migrate"))
{
    await app.Services.MigrateAsync();
    Console.WriteLine("FairShot: database migrated.");
    return;
}

await app.PrepareAsync();        // migrate, then each feature's start-up step

app.UseWebPlatform();
app.MapStaff();
app.MapClinics();
app.MapSupply();
app.MapAudit();
app.MapEligibility();
app.MapRegistration();
app.MapStatus();
app.MapInvitations();
app.MapBooking();
app.MapAppointments();
app.MapBackfill();
app.MapVaccination();
app.MapIntegrity();
app.MapRecords();
app.MapRazorPages();

app.Run();

public partial class Program;
