using FairShot.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FairShot.Data.Configurations;

internal sealed class StaffClinicConfiguration : IEntityTypeConfiguration<StaffClinic>
{
    public void Configure(EntityTypeBuilder<StaffClinic> e)
    {
        e.ToTable("StaffClinics");
        e.HasKey(x => new { x.StaffUserId, x.ClinicId });
        e.Property(x => x.IsLead).HasDefaultValue(false);
        // "Who works at this clinic?" for the clinic day's staff list.
        e.HasIndex(x => x.ClinicId);
        e.HasOne<StaffUser>().WithMany().HasForeignKey(x => x.StaffUserId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Clinic>().WithMany().HasForeignKey(x => x.ClinicId).OnDelete(DeleteBehavior.Restrict);
    }
}
