using FairShot.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FairShot.Data.Configurations;

internal sealed class AdministrationConfiguration : IEntityTypeConfiguration<Administration>
{
    public void Configure(EntityTypeBuilder<Administration> e)
    {
        e.ToTable("Administrations", t =>
        {
            t.HasCheckConstraint("CK_Administrations_Dose", "\"DoseNumber\" BETWEEN 1 AND 5");
            // A given dose names its lot, expiry, route and site; a refusal or a dose not given uses none.
            t.HasCheckConstraint("CK_Administrations_GivenHasLot",
                "(\"Outcome\" = 0 AND \"StockLotId\" IS NOT NULL AND \"Lot\" IS NOT NULL AND \"LotExpiresOn\" IS NOT NULL AND \"Route\" IS NOT NULL AND \"BodySite\" IS NOT NULL)"
                + " OR (\"Outcome\" <> 0 AND \"StockLotId\" IS NULL)");
            t.HasCheckConstraint("CK_Administrations_ChangeHasReason", "\"State\" = 0 OR (\"ChangeReason\" IS NOT NULL AND \"ChangedByStaffId\" IS NOT NULL)");
        });
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.ProductCvx).HasMaxLength(8);
        e.Property(x => x.ProductName).HasMaxLength(200);
        e.Property(x => x.MvxCode).HasMaxLength(3);
        e.Property(x => x.NdcUnitOfUse).HasMaxLength(13);
        e.Property(x => x.Lot).HasMaxLength(StockLot.LotMaxLength);
        e.Property(x => x.Route).HasMaxLength(Administration.RouteMaxLength);
        e.Property(x => x.BodySite).HasMaxLength(Administration.BodySiteMaxLength);
        e.Property(x => x.OutcomeNote).HasMaxLength(Administration.ReasonMaxLength);
        e.Property(x => x.ChangeReason).HasMaxLength(Administration.ReasonMaxLength);
        e.Ignore(x => x.IsVoided);
        // One live record per appointment: two vaccinators racing cannot both record a dose.
        e.HasIndex(x => x.AppointmentId).IsUnique().HasFilter("\"State\" <> 2").HasDatabaseName("IX_Administrations_OneLivePerAppointment");
        e.HasIndex(x => x.PersonId);
        e.HasIndex(x => new { x.ClinicDayId, x.AdministeredAt });
        e.HasOne<Appointment>().WithMany().HasForeignKey(x => x.AppointmentId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<ClinicDay>().WithMany().HasForeignKey(x => x.ClinicDayId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<StockLot>().WithMany().HasForeignKey(x => x.StockLotId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class OpenedVialConfiguration : IEntityTypeConfiguration<OpenedVial>
{
    public void Configure(EntityTypeBuilder<OpenedVial> e)
    {
        e.ToTable("OpenedVials", t =>
        {
            t.HasCheckConstraint("CK_OpenedVials_Drawn", "\"DosesDrawn\" >= 0 AND \"DosesDrawn\" + \"DosesWasted\" <= \"DosesPerVial\"");
        });
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.ProductCvx).HasMaxLength(8);
        e.Ignore(x => x.DosesLeft);
        e.HasIndex(x => new { x.ClinicDayId, x.ClosedAt });
        e.HasOne<ClinicDay>().WithMany().HasForeignKey(x => x.ClinicDayId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<StockLot>().WithMany().HasForeignKey(x => x.StockLotId).OnDelete(DeleteBehavior.Restrict);
    }
}
