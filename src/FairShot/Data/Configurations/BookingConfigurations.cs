using FairShot.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FairShot.Data.Configurations;

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> e)
    {
        e.ToTable("Invitations", t =>
        {
            t.HasCheckConstraint("CK_Invitations_Dose", "\"DoseNumber\" BETWEEN 1 AND 5");
            t.HasCheckConstraint("CK_Invitations_Scope", "\"ClinicDayId\" IS NOT NULL OR (\"FromDate\" IS NOT NULL AND \"ToDate\" IS NOT NULL)");
        });
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.ProductCvx).HasMaxLength(8);
        e.Property(x => x.TokenHash).HasMaxLength(64);
        e.Property(x => x.IssuedBy).HasMaxLength(100);
        e.HasIndex(x => x.TokenHash).IsUnique();
        // "Does this person hold a live invitation?" is asked for every candidate of a wave.
        e.HasIndex(x => new { x.PersonId, x.State, x.ExpiresAt });
        e.HasIndex(x => x.WaveId);
        // At most one live invitation per person and dose: two waves racing cannot both invite someone.
        e.HasIndex(x => new { x.PersonId, x.DoseNumber }).IsUnique().HasFilter("\"State\" = 0").HasDatabaseName("IX_Invitations_OneOutstandingPerDose");
        e.HasIndex(x => new { x.ClinicDayId, x.State });
        e.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<ClinicDay>().WithMany().HasForeignKey(x => x.ClinicDayId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class InvitationVisitConfiguration : IEntityTypeConfiguration<InvitationVisit>
{
    public void Configure(EntityTypeBuilder<InvitationVisit> e)
    {
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.DeviceHash).HasMaxLength(64);
        e.Property(x => x.NetworkHash).HasMaxLength(64);
        e.HasIndex(x => new { x.InvitationId, x.DeviceHash, x.NetworkHash }).IsUnique();
        e.HasOne<Invitation>().WithMany().HasForeignKey(x => x.InvitationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class InvitationSessionConfiguration : IEntityTypeConfiguration<InvitationSession>
{
    public void Configure(EntityTypeBuilder<InvitationSession> e)
    {
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.TokenHash).HasMaxLength(64);
        e.Property(x => x.VerifiedContact).HasMaxLength(16);
        e.HasIndex(x => x.TokenHash).IsUnique();
        e.HasOne<Invitation>().WithMany().HasForeignKey(x => x.InvitationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AppointmentConfiguration : IEntityTypeConfiguration<Appointment>
{
    public void Configure(EntityTypeBuilder<Appointment> e)
    {
        e.ToTable("Appointments", t =>
        {
            t.HasCheckConstraint("CK_Appointments_Dose", "\"DoseNumber\" BETWEEN 1 AND 5");
            // Every appointment traces to an invitation or to a named staff member with a reason.
            t.HasCheckConstraint("CK_Appointments_Provenance", "\"InvitationId\" IS NOT NULL OR (\"BookedByStaffId\" IS NOT NULL AND \"StaffReason\" IS NOT NULL)");
        });
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.ConfirmationCode).HasMaxLength(10);
        e.Property(x => x.VerifiedContact).HasMaxLength(16);
        e.Property(x => x.StaffReason).HasMaxLength(500);
        e.Property(x => x.SiteCode).HasMaxLength(4).HasDefaultValue("");
        e.Property(x => x.Channel).HasDefaultValue(AppointmentChannel.Invitation);
        e.Property(x => x.CheckInFailures).HasDefaultValue(0);
        e.Property(x => x.ImportPartner).HasMaxLength(100);
        e.Ignore(x => x.IsActive);
        // The integrity report reads one partner's batch.
        e.HasIndex(x => x.ImportBatchId).HasFilter("\"ImportBatchId\" IS NOT NULL");
        e.HasIndex(x => x.ConfirmationCode).IsUnique();
        // One active appointment per person and dose, whatever the code above does.
        e.HasIndex(x => new { x.PersonId, x.DoseNumber }).IsUnique().HasFilter("\"State\" IN (0, 1, 2)").HasDatabaseName("IX_Appointments_OneActivePerDose");
        e.HasIndex(x => x.SlotId);
        e.HasIndex(x => new { x.ClinicDayId, x.State });
        e.HasIndex(x => new { x.InvitationId, x.DoseNumber }).IsUnique().HasFilter("\"InvitationId\" IS NOT NULL");
        e.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Slot>().WithMany().HasForeignKey(x => x.SlotId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SecondDoseReservationConfiguration : IEntityTypeConfiguration<SecondDoseReservation>
{
    public void Configure(EntityTypeBuilder<SecondDoseReservation> e)
    {
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.ProductCvx).HasMaxLength(8);
        e.HasIndex(x => x.PersonId).IsUnique().HasFilter("\"State\" = 0");
        e.HasIndex(x => new { x.State, x.ProductCvx, x.EarliestDate });
        e.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> e)
    {
        e.HasKey(x => new { x.Scope, x.Key });
        e.Property(x => x.Scope).HasMaxLength(100);
        e.Property(x => x.Key).HasMaxLength(100);
        e.Property(x => x.ResponseBody).HasMaxLength(8000);
    }
}

internal sealed class AppointmentSessionConfiguration : IEntityTypeConfiguration<AppointmentSession>
{
    public void Configure(EntityTypeBuilder<AppointmentSession> e)
    {
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.TokenHash).HasMaxLength(64);
        e.HasIndex(x => x.TokenHash).IsUnique();
        e.HasOne<Appointment>().WithMany().HasForeignKey(x => x.AppointmentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class FillSnapshotConfiguration : IEntityTypeConfiguration<FillSnapshot>
{
    public void Configure(EntityTypeBuilder<FillSnapshot> e)
    {
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.Decision).HasMaxLength(300);
        e.HasIndex(x => new { x.ClinicDayId, x.TakenAt });
        e.HasOne<ClinicDay>().WithMany().HasForeignKey(x => x.ClinicDayId).OnDelete(DeleteBehavior.Restrict);
    }
}
