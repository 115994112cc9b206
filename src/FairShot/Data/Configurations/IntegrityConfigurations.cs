using FairShot.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FairShot.Data.Configurations;

internal sealed class ImportBatchConfiguration : IEntityTypeConfiguration<ImportBatch>
{
    public void Configure(EntityTypeBuilder<ImportBatch> e)
    {
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.Partner).HasMaxLength(ImportBatch.PartnerMaxLength);
        e.Property(x => x.Format).HasMaxLength(10);
        e.HasIndex(x => new { x.ClinicDayId, x.ImportedAt });
        e.HasOne<ClinicDay>().WithMany().HasForeignKey(x => x.ClinicDayId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class IntegrityCallConfiguration : IEntityTypeConfiguration<IntegrityCall>
{
    public void Configure(EntityTypeBuilder<IntegrityCall> e)
    {
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.Note).HasMaxLength(IntegrityCall.NoteMaxLength);
        e.HasIndex(x => new { x.AppointmentId, x.CalledAt });
        e.HasOne<Appointment>().WithMany().HasForeignKey(x => x.AppointmentId).OnDelete(DeleteBehavior.Restrict);
    }
}
