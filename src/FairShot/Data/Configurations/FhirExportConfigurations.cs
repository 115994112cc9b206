using FairShot.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FairShot.Data.Configurations;

internal sealed class FhirExportConfiguration : IEntityTypeConfiguration<FhirExport>
{
    public void Configure(EntityTypeBuilder<FhirExport> e)
    {
        e.ToTable("FhirExports");
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.Request).HasMaxLength(FhirExport.RequestMaxLength);
        e.Property(x => x.Types).HasMaxLength(FhirExport.TypesMaxLength);
        e.Property(x => x.LeaseOwner).HasMaxLength(FhirExport.LeaseOwnerMaxLength);
        e.Property(x => x.Error).HasMaxLength(FhirExport.ErrorMaxLength);
        // The worker's pick (queued or lease run out) and the clean-up's (expired).
        e.HasIndex(x => new { x.State, x.LeaseExpiresAt });
        e.HasIndex(x => x.ExpiresAt);
    }
}

internal sealed class FhirExportFileConfiguration : IEntityTypeConfiguration<FhirExportFile>
{
    public void Configure(EntityTypeBuilder<FhirExportFile> e)
    {
        e.ToTable("FhirExportFiles");
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.Type).HasMaxLength(FhirExportFile.TypeMaxLength);
        e.HasIndex(x => new { x.ExportId, x.Type }).IsUnique();
        // Cancelling or expiring an export removes its files with it.
        e.HasOne<FhirExport>().WithMany().HasForeignKey(x => x.ExportId).OnDelete(DeleteBehavior.Cascade);
    }
}
