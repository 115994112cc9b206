using FairShot.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FairShot.Data.Configurations;

internal sealed class OneTimeCodeGateConfiguration : IEntityTypeConfiguration<OneTimeCodeGate>
{
    public void Configure(EntityTypeBuilder<OneTimeCodeGate> e)
    {
        e.ToTable("OneTimeCodeGates");
        // The key is the lock: two requests for one subject meet on this row, whatever instance they reach.
        e.HasKey(x => new { x.Scope, x.Subject });
        e.Property(x => x.Scope).HasMaxLength(OneTimeCodeGate.ScopeMaxLength);
        e.Property(x => x.Subject).HasMaxLength(OneTimeCodeGate.SubjectMaxLength);
    }
}

internal sealed class OneTimeCodeSecretConfiguration : IEntityTypeConfiguration<OneTimeCodeSecret>
{
    public void Configure(EntityTypeBuilder<OneTimeCodeSecret> e)
    {
        e.ToTable("OneTimeCodeSecrets");
        // One row per name: two instances starting together insert-if-absent, and both read the winner.
        e.HasKey(x => x.Name);
        e.Property(x => x.Name).HasMaxLength(OneTimeCodeSecret.NameMaxLength);
        e.Property(x => x.ProtectedKey).HasMaxLength(2000);
    }
}
