using FairShot.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FairShot.Data.Configurations;

internal sealed class JobRunConfiguration : IEntityTypeConfiguration<JobRun>
{
    public void Configure(EntityTypeBuilder<JobRun> e)
    {
        e.HasKey(x => new { x.Job, x.Period });
        e.Property(x => x.Job).HasMaxLength(80);
        e.Property(x => x.Period).HasMaxLength(40);
        e.Property(x => x.Owner).HasMaxLength(100);
        e.Property(x => x.Outcome).HasMaxLength(500);
    }
}
