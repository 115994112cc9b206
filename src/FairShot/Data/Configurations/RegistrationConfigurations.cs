using FairShot.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FairShot.Data.Configurations;

internal sealed class EligibilityPhaseConfiguration : IEntityTypeConfiguration<EligibilityPhase>
{
    public void Configure(EntityTypeBuilder<EligibilityPhase> e)
    {
        e.ToTable("Phases");
        e.HasKey(x => x.Code);
        e.Property(x => x.Code).HasMaxLength(40);
        e.Property(x => x.Name).HasMaxLength(200);
        e.Property(x => x.NameEs).HasMaxLength(200);
        e.HasIndex(x => x.Rank).IsUnique();
    }
}

internal sealed class PriorityGroupConfiguration : IEntityTypeConfiguration<PriorityGroup>
{
    public void Configure(EntityTypeBuilder<PriorityGroup> e)
    {
        e.HasKey(x => x.Code);
        e.Property(x => x.Code).HasMaxLength(40);
        e.Property(x => x.PhaseCode).HasMaxLength(40);
        e.Property(x => x.Name).HasMaxLength(200);
        e.Property(x => x.NameEs).HasMaxLength(200);
        e.Property(x => x.Occupations).HasMaxLength(1000);
        e.Property(x => x.Settings).HasMaxLength(1000);
        e.Property(x => x.Conditions).HasMaxLength(1000);
        e.HasOne<EligibilityPhase>().WithMany().HasForeignKey(x => x.PhaseCode).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => x.Rank).IsUnique();
    }
}

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> e)
    {
        e.ToTable("People", t => t.HasCheckConstraint("CK_People_Contact", "\"Email\" IS NOT NULL OR \"Phone\" IS NOT NULL"));
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.FirstName).HasMaxLength(Person.NameMaxLength);
        e.Property(x => x.LastName).HasMaxLength(Person.NameMaxLength);
        e.Property(x => x.NormalizedName).HasMaxLength(2 * Person.NameMaxLength + 1);
        e.Property(x => x.Email).HasMaxLength(254);
        e.Property(x => x.Phone).HasMaxLength(16);
        e.Property(x => x.ZipCode).HasMaxLength(5);
        e.Property(x => x.Occupation).HasMaxLength(40);
        e.Property(x => x.Setting).HasMaxLength(40);
        e.Property(x => x.Conditions).HasMaxLength(1000);
        e.Property(x => x.Language).HasMaxLength(8);
        e.Property(x => x.PhaseCode).HasMaxLength(40);
        e.Property(x => x.GroupCode).HasMaxLength(40);
        e.Property(x => x.StandbyClinics).HasMaxLength(2000);
        // The empty default only lets the migration add the column to existing rows (SQLite cannot drop
        // a default without a rebuild); Person.Register always sets a number and the index keeps them unique.
        e.Property(x => x.RecordNumber).HasMaxLength(Person.RecordNumberMaxLength).HasDefaultValue("");
        e.HasIndex(x => x.RecordNumber).IsUnique();
        e.Ignore(x => x.ConditionList);

        // The same person cannot hold two registrations: by name and birth date, or by contact and birth date.
        e.HasIndex(x => new { x.NormalizedName, x.DateOfBirth }).IsUnique();
        e.HasIndex(x => new { x.Email, x.DateOfBirth }).IsUnique().HasFilter("\"Email\" IS NOT NULL");
        e.HasIndex(x => new { x.Phone, x.DateOfBirth }).IsUnique().HasFilter("\"Phone\" IS NOT NULL");
        // The line: "next N eligible people" is a range scan of this index, also at a million rows.
        e.HasIndex(x => new { x.Status, x.PhaseRank, x.GroupRank, x.RegisteredAt, x.TieBreaker }).HasDatabaseName("IX_People_Line");
        e.HasIndex(x => x.ZipCode);
    }
}

internal sealed class OneTimeCodeConfiguration : IEntityTypeConfiguration<OneTimeCode>
{
    public void Configure(EntityTypeBuilder<OneTimeCode> e)
    {
        e.ToTable("OneTimeCodes", t => t.HasCheckConstraint("CK_OneTimeCodes_Attempts", "\"Attempts\" >= 0 AND \"Attempts\" <= 5"));
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.Subject).HasMaxLength(100);
        e.Property(x => x.CodeHash).HasMaxLength(64);
        e.HasIndex(x => new { x.Purpose, x.Subject, x.CreatedAt });
    }
}

internal sealed class RosterConfiguration : IEntityTypeConfiguration<Roster>
{
    public void Configure(EntityTypeBuilder<Roster> e)
    {
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.Employer).HasMaxLength(Roster.NameMaxLength);
        e.Property(x => x.Occupation).HasMaxLength(40);
    }
}

internal sealed class RosterMemberConfiguration : IEntityTypeConfiguration<RosterMember>
{
    public void Configure(EntityTypeBuilder<RosterMember> e)
    {
        e.HasKey(x => new { x.RosterId, x.PersonId });
        e.HasIndex(x => x.PersonId);
        e.HasOne<Roster>().WithMany().HasForeignKey(x => x.RosterId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RegistrationNoticeConfiguration : IEntityTypeConfiguration<RegistrationNotice>
{
    public void Configure(EntityTypeBuilder<RegistrationNotice> e)
    {
        e.ToTable("RegistrationNotices");
        // The key is the lock: sign-ups naming one contact meet on this row, whatever instance they reach.
        e.HasKey(x => x.Subject);
        e.Property(x => x.Subject).HasMaxLength(RegistrationNotice.SubjectMaxLength);
    }
}
