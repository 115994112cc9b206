using FairShot.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FairShot.Data.Configurations;

internal sealed class CountySettingsConfiguration : IEntityTypeConfiguration<CountySettings>
{
    public void Configure(EntityTypeBuilder<CountySettings> e)
    {
        e.ToTable("CountySettings", t => t.HasCheckConstraint("CK_CountySettings_Singleton", "\"Id\" = 1"));
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.Name).HasMaxLength(200);
        e.Property(x => x.TimeZoneId).HasMaxLength(64);
        // Columns added to a table with rows carry their defaults; the sentinel equals the default so EF always writes what the code holds.
        e.Property(x => x.NoShowGraceMinutes).HasDefaultValue(60).HasSentinel(60);
        e.Property(x => x.ReinviteNoShows).HasDefaultValue(true).HasSentinel(true);
        e.Property(x => x.IntegritySharedLimit).HasDefaultValue(CountySettings.DefaultIntegritySharedLimit).HasSentinel(CountySettings.DefaultIntegritySharedLimit);
        e.Property(x => x.IntegrityOutlierMinimum).HasDefaultValue(CountySettings.DefaultIntegrityOutlierMinimum).HasSentinel(CountySettings.DefaultIntegrityOutlierMinimum);
        e.Property(x => x.IntegrityOutlierFactor).HasDefaultValue(CountySettings.DefaultIntegrityOutlierFactor).HasSentinel(CountySettings.DefaultIntegrityOutlierFactor);
    }
}

internal sealed class VaccineProductConfiguration : IEntityTypeConfiguration<VaccineProduct>
{
    public void Configure(EntityTypeBuilder<VaccineProduct> e)
    {
        e.ToTable("Products");
        e.HasKey(x => x.CvxCode);
        e.Property(x => x.CvxCode).HasMaxLength(8);
        e.Property(x => x.Name).HasMaxLength(200);
        e.Property(x => x.Manufacturer).HasMaxLength(200);
        e.Property(x => x.MvxCode).HasMaxLength(3);
        e.Property(x => x.NdcUnitOfUse).HasMaxLength(13);
    }
}

internal sealed class ClinicConfiguration : IEntityTypeConfiguration<Clinic>
{
    public void Configure(EntityTypeBuilder<Clinic> e)
    {
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.Name).HasMaxLength(Clinic.NameMaxLength);
        e.Property(x => x.Address).HasMaxLength(Clinic.AddressMaxLength);
        e.Property(x => x.TimeZoneId).HasMaxLength(64);
        e.Ignore(x => x.Clock);
        e.HasIndex(x => x.Name).IsUnique();
        // A listed clinic's feed entry needs what slot finders filter on (the IG's vaccine-location-address).
        e.ToTable("Clinics", t => t.HasCheckConstraint("CK_Clinics_PublicListing",
            "NOT \"IsPublic\" OR (\"City\" IS NOT NULL AND \"State\" IS NOT NULL AND \"PostalCode\" IS NOT NULL)"));
        // Existing clinics stay unlisted; the default is the CLR default, so EF writes what the code holds.
        e.Property(x => x.IsPublic).HasDefaultValue(false);
        e.Property(x => x.City).HasMaxLength(100);
        e.Property(x => x.State).HasMaxLength(2);
        e.Property(x => x.PostalCode).HasMaxLength(10);
        e.Property(x => x.Phone).HasMaxLength(16);
    }
}

internal sealed class ClinicDayConfiguration : IEntityTypeConfiguration<ClinicDay>
{
    public void Configure(EntityTypeBuilder<ClinicDay> e)
    {
        e.ToTable("ClinicDays", t =>
        {
            t.HasCheckConstraint("CK_ClinicDays_Hours", "\"ClosesAt\" > \"OpensAt\"");
            t.HasCheckConstraint("CK_ClinicDays_SlotMinutes", "\"SlotMinutes\" BETWEEN 5 AND 240");
            t.HasCheckConstraint("CK_ClinicDays_Doses", "\"DosesAdministered\" >= 0 AND \"DosesAdministered\" <= \"DosesAllocated\"");
        });
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.ProductCvx).HasMaxLength(8);
        e.Ignore(x => x.Capacity);
        e.Ignore(x => x.Booked);
        e.HasOne<Clinic>().WithMany().HasForeignKey(x => x.ClinicId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<VaccineProduct>().WithMany().HasForeignKey(x => x.ProductCvx).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Earmark>().WithMany().HasForeignKey(x => x.EarmarkId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(x => x.Slots).WithOne().HasForeignKey(s => s.ClinicDayId).OnDelete(DeleteBehavior.Restrict);
        e.Navigation(x => x.Slots).HasField("_slots");
        // One day per clinic and date: the unit staff plan, fill and report on.
        e.HasIndex(x => new { x.ClinicId, x.Date }).IsUnique();
        e.HasIndex(x => x.Date);
    }
}

internal sealed class SlotConfiguration : IEntityTypeConfiguration<Slot>
{
    public void Configure(EntityTypeBuilder<Slot> e)
    {
        e.ToTable("Slots", t =>
        {
            // The last line of defence against overbooking, whatever the code above it does.
            t.HasCheckConstraint("CK_Slots_Booked", "\"Booked\" >= 0 AND \"Booked\" <= \"Capacity\"");
            // A slot may close (0 seats) when a loss takes its doses; it is never negative.
            t.HasCheckConstraint("CK_Slots_Capacity", "\"Capacity\" >= 0");
            t.HasCheckConstraint("CK_Slots_Period", "\"EndsAt\" > \"StartsAt\"");
        });
        e.Property(x => x.Id).ValueGeneratedNever();
        e.HasIndex(x => new { x.ClinicDayId, x.StartsAt }).IsUnique();
    }
}
