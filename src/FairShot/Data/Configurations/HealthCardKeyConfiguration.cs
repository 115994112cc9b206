using FairShot.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FairShot.Data.Configurations;

internal sealed class HealthCardKeyConfiguration : IEntityTypeConfiguration<HealthCardKey>
{
    public void Configure(EntityTypeBuilder<HealthCardKey> e)
    {
        e.HasKey(x => x.Kid);
        e.Property(x => x.Kid).HasMaxLength(HealthCardKey.KidLength);
        e.Property(x => x.PublicJwk).HasMaxLength(HealthCardKey.PublicJwkMaxLength);
        e.Property(x => x.ProtectedPrivateKey).HasMaxLength(HealthCardKey.ProtectedKeyMaxLength);
        // One key per generation: the first key is created once however many instances start at once.
        e.HasIndex(x => x.Generation).IsUnique();
    }
}
