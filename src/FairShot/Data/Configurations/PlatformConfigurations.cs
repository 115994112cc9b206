using FairShot.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FairShot.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> e)
    {
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.ActorId).HasMaxLength(AuditEntry.ActorIdMaxLength);
        e.Property(x => x.Action).HasMaxLength(AuditEntry.ActionMaxLength);
        e.Property(x => x.EntityType).HasMaxLength(AuditEntry.EntityTypeMaxLength);
        e.Property(x => x.EntityId).HasMaxLength(AuditEntry.EntityIdMaxLength);
        e.Property(x => x.Summary).HasMaxLength(AuditEntry.SummaryMaxLength);
        e.Property(x => x.PreviousHash).HasMaxLength(64);
        e.Property(x => x.Hash).HasMaxLength(64);
        e.HasIndex(x => x.Sequence).IsUnique();
        e.HasIndex(x => new { x.EntityType, x.EntityId });
        // The sealer's queue: unsealed entries in the order they were recorded.
        e.HasIndex(x => new { x.SealedAt, x.RecordedAt });
    }
}

internal sealed class AuditSealConfiguration : IEntityTypeConfiguration<AuditSeal>
{
    public void Configure(EntityTypeBuilder<AuditSeal> e)
    {
        e.ToTable("AuditSeal", t => t.HasCheckConstraint("CK_AuditSeal_Singleton", "\"Id\" = 1"));
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.LastHash).HasMaxLength(64);
        e.Property(x => x.Mac).HasMaxLength(64);
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> e)
    {
        e.ToTable("Outbox");
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.Recipient).HasMaxLength(OutboxMessage.RecipientMaxLength);
        e.Property(x => x.Language).HasMaxLength(8);
        e.Property(x => x.Template).HasMaxLength(80);
        e.Property(x => x.Subject).HasMaxLength(OutboxMessage.SubjectMaxLength);
        e.Property(x => x.LeaseOwner).HasMaxLength(100);
        e.Property(x => x.LastError).HasMaxLength(1000);
        // Rows from before priorities are bulk mail; every insert sends its own (never the CLR default 0).
        e.Property(x => x.Priority).HasDefaultValue(OutboxMessage.BulkPriority);
        // The dispatcher's queue: unsent messages that are due.
        e.HasIndex(x => new { x.SentAt, x.NextAttemptAt });
        // The daily cap on codes sent to one contact counts that contact's messages.
        e.HasIndex(x => new { x.Recipient, x.Template, x.CreatedAt });
        // Wave sizing asks whether an invitation's message was delivered.
        e.HasIndex(x => x.InvitationId);
        // The console's undelivered list and banner.
        e.HasIndex(x => x.FailedAt);
    }
}

internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> e)
    {
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.FriendlyName).HasMaxLength(200);
    }
}

internal sealed class StaffUserConfiguration : IEntityTypeConfiguration<StaffUser>
{
    public void Configure(EntityTypeBuilder<StaffUser> e)
    {
        e.Property(x => x.DisplayName).HasMaxLength(StaffUser.DisplayNameMaxLength);
    }
}
