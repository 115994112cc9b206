using FairShot.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace FairShot.Data;

/// <summary>The one EF Core model, used with SQLite (default) and PostgreSQL alike.</summary>
public sealed class FairShotDb(DbContextOptions<FairShotDb> options)
    : IdentityDbContext<StaffUser, IdentityRole<Guid>, Guid>(options)
{
    public DbSet<CountySettings> CountySettings => Set<CountySettings>();
    public DbSet<VaccineProduct> Products => Set<VaccineProduct>();
    public DbSet<Clinic> Clinics => Set<Clinic>();
    public DbSet<ClinicDay> ClinicDays => Set<ClinicDay>();
    public DbSet<Slot> Slots => Set<Slot>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<AuditSeal> AuditSeal => Set<AuditSeal>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<EligibilityPhase> Phases => Set<EligibilityPhase>();
    public DbSet<PriorityGroup> PriorityGroups => Set<PriorityGroup>();
    public DbSet<Person> People => Set<Person>();
    public DbSet<RegistrationNotice> RegistrationNotices => Set<RegistrationNotice>();
    public DbSet<OneTimeCode> OneTimeCodes => Set<OneTimeCode>();
    public DbSet<OneTimeCodeGate> OneTimeCodeGates => Set<OneTimeCodeGate>();
    public DbSet<OneTimeCodeSecret> OneTimeCodeSecrets => Set<OneTimeCodeSecret>();
    public DbSet<JobRun> JobRuns => Set<JobRun>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<InvitationVisit> InvitationVisits => Set<InvitationVisit>();
    public DbSet<InvitationSession> InvitationSessions => Set<InvitationSession>();
    public DbSet<Appointment> Appointments => Set<Appointment>();
    public DbSet<SecondDoseReservation> SecondDoseReservations => Set<SecondDoseReservation>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<AppointmentSession> AppointmentSessions => Set<AppointmentSession>();
    public DbSet<FillSnapshot> FillSnapshots => Set<FillSnapshot>();
    public DbSet<Roster> Rosters => Set<Roster>();
    public DbSet<RosterMember> RosterMembers => Set<RosterMember>();
    public DbSet<StockLot> StockLots => Set<StockLot>();
    public DbSet<StockBalance> StockBalances => Set<StockBalance>();
    public DbSet<StockMovement> StockMovements => Set<StockMovement>();
    public DbSet<Earmark> Earmarks => Set<Earmark>();
    public DbSet<WeeklyAllocation> WeeklyAllocations => Set<WeeklyAllocation>();
    public DbSet<StaffClinic> StaffClinics => Set<StaffClinic>();
    public DbSet<Administration> Administrations => Set<Administration>();
    public DbSet<OpenedVial> OpenedVials => Set<OpenedVial>();
    public DbSet<RegistryMessage> RegistryMessages => Set<RegistryMessage>();
    public DbSet<FhirExport> FhirExports => Set<FhirExport>();
    public DbSet<FhirExportFile> FhirExportFiles => Set<FhirExportFile>();
    public DbSet<ImportBatch> ImportBatches => Set<ImportBatch>();
    public DbSet<IntegrityCall> IntegrityCalls => Set<IntegrityCall>();
    public DbSet<HealthCardKey> HealthCardKeys => Set<HealthCardKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(FairShotDb).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every instant is UTC. SQLite hands DateTime back as Unspecified; say what it is.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : DateTime.SpecifyKind(v.ToUniversalTime(), DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
