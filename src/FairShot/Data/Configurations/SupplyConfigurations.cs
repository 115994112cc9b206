using FairShot.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FairShot.Data.Configurations;

internal sealed class StockLotConfiguration : IEntityTypeConfiguration<StockLot>
{
    public void Configure(EntityTypeBuilder<StockLot> e)
    {
        // A lot never holds fewer than no doses: the conditional updates' row counts decide, this backs them.
        e.ToTable("StockLots", t => t.HasCheckConstraint("CK_StockLots_OnHand", "\"OnHand\" >= 0"));
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.ProductCvx).HasMaxLength(8);
        e.Property(x => x.Lot).HasMaxLength(StockLot.LotMaxLength);
        e.HasIndex(x => new { x.ClinicId, x.ProductCvx, x.Lot });
        e.HasOne<Clinic>().WithMany().HasForeignKey(x => x.ClinicId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<VaccineProduct>().WithMany().HasForeignKey(x => x.ProductCvx).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Earmark>().WithMany().HasForeignKey(x => x.EarmarkId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class StockBalanceConfiguration : IEntityTypeConfiguration<StockBalance>
{
    public void Configure(EntityTypeBuilder<StockBalance> e)
    {
        e.ToTable("StockBalances", t =>
        {
            // No seat or second-dose hold without a dose behind it, whatever the code above does.
            t.HasCheckConstraint("CK_StockBalances_Covered", "\"Allocated\" + \"Reserved\" <= \"Supply\" + \"Uncovered\"");
            t.HasCheckConstraint("CK_StockBalances_NotNegative",
                "\"Supply\" >= 0 AND \"Allocated\" >= 0 AND \"Reserved\" >= 0 AND \"Uncovered\" >= 0");
        });
        e.HasKey(x => new { x.ClinicId, x.ProductCvx });
        e.Property(x => x.ProductCvx).HasMaxLength(8);
        e.HasOne<Clinic>().WithMany().HasForeignKey(x => x.ClinicId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<VaccineProduct>().WithMany().HasForeignKey(x => x.ProductCvx).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class StockMovementConfiguration : IEntityTypeConfiguration<StockMovement>
{
    public void Configure(EntityTypeBuilder<StockMovement> e)
    {
        e.ToTable("StockMovements", t => t.HasCheckConstraint("CK_StockMovements_Doses", "\"Doses\" > 0"));
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.ProductCvx).HasMaxLength(8);
        e.Property(x => x.ActorId).HasMaxLength(AuditEntry.ActorIdMaxLength);
        e.Property(x => x.Reason).HasMaxLength(StockMovement.ReasonMaxLength);
        e.HasIndex(x => new { x.ClinicId, x.ProductCvx, x.At });
        e.HasIndex(x => x.ClinicDayId);
        e.HasIndex(x => x.LotId);
    }
}

internal sealed class EarmarkConfiguration : IEntityTypeConfiguration<Earmark>
{
    public void Configure(EntityTypeBuilder<Earmark> e)
    {
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.Label).HasMaxLength(200);
        e.Property(x => x.GroupCodes).HasMaxLength(1000);
        e.Property(x => x.ZipCodes).HasMaxLength(2000);
        e.Ignore(x => x.Groups);
        e.Ignore(x => x.Zips);
    }
}

internal sealed class WeeklyAllocationConfiguration : IEntityTypeConfiguration<WeeklyAllocation>
{
    public void Configure(EntityTypeBuilder<WeeklyAllocation> e)
    {
        e.ToTable("WeeklyAllocations", t => t.HasCheckConstraint("CK_WeeklyAllocations_Doses", "\"Doses\" >= 0"));
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.ProductCvx).HasMaxLength(8);
        e.Property(x => x.EnteredBy).HasMaxLength(AuditEntry.ActorIdMaxLength);
        e.HasIndex(x => new { x.WeekOf, x.ProductCvx }).IsUnique();
        e.HasOne<VaccineProduct>().WithMany().HasForeignKey(x => x.ProductCvx).OnDelete(DeleteBehavior.Restrict);
    }
}
