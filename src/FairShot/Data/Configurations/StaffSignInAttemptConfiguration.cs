using FairShot.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FairShot.Data.Configurations;

internal sealed class StaffSignInAttemptConfiguration : IEntityTypeConfiguration<StaffSignInAttempt>
{
    public void Configure(EntityTypeBuilder<StaffSignInAttempt> e)
    {
        e.ToTable("StaffSignInAttempts");
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.AccountKey).HasMaxLength(StaffSignInAttempt.KeyLength);
        e.Property(x => x.AddressKey).HasMaxLength(StaffSignInAttempt.KeyLength);
        // The throttle counts an account's and an address's recent failures; the purge drops old ones.
        e.HasIndex(x => new { x.AccountKey, x.AttemptedAt });
        e.HasIndex(x => new { x.AddressKey, x.AttemptedAt });
        e.HasIndex(x => x.AttemptedAt);
    }
}
