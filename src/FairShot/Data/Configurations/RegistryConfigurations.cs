using FairShot.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FairShot.Data.Configurations;

internal sealed class RegistryMessageConfiguration : IEntityTypeConfiguration<RegistryMessage>
{
    public void Configure(EntityTypeBuilder<RegistryMessage> e)
    {
        e.ToTable("RegistryMessages", t => t.HasCheckConstraint("CK_RegistryMessages_Action", "\"Action\" IN ('A', 'U', 'D')"));
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.Action).HasConversion<string>().HasMaxLength(1);
        e.Property(x => x.ControlId).HasMaxLength(RegistryMessage.ControlIdMaxLength);
        e.Property(x => x.AckCode).HasMaxLength(2);
        e.Property(x => x.Ack).HasMaxLength(RegistryMessage.AckMaxLength);
        e.Property(x => x.AckErrors).HasMaxLength(RegistryMessage.AckMaxLength);
        e.Property(x => x.LastError).HasMaxLength(RegistryMessage.ErrorMaxLength);
        e.Property(x => x.LeaseOwner).HasMaxLength(RegistryMessage.LeaseOwnerMaxLength);
        e.Property(x => x.BatchId).HasMaxLength(RegistryMessage.BatchIdMaxLength);
        e.Ignore(x => x.IsUntried);
        e.Ignore(x => x.CanResend);
        // MSH-10 is what the registry's ACK names: one message per control id.
        e.HasIndex(x => x.ControlId).IsUnique();
        // The sender's pick: waiting messages whose time has come.
        e.HasIndex(x => new { x.State, x.NextAttemptAt });
        e.HasIndex(x => x.PersonId);
        e.HasIndex(x => new { x.ClinicDayId, x.State });
        e.HasIndex(x => x.BatchId);
        e.HasOne<Administration>().WithMany().HasForeignKey(x => x.AdministrationId).OnDelete(DeleteBehavior.Restrict);
    }
}
