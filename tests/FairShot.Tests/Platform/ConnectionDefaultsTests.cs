using FairShot.Data;
using Npgsql;

namespace FairShot.Tests.Platform;

/// <summary>PostgreSQL connection defaults (docs/benchmarks.md): applied unless the operator's connection string says otherwise.</summary>
public sealed class ConnectionDefaultsTests
{
    [Fact]
    public void Postgres_WithoutSettings_SkipsTheResetOnReuse_AndPreparesHotStatements()
    {
        var csb = new NpgsqlConnectionStringBuilder(DatabaseSetup.PreparePostgres("Host=db;Username=fairshot;Database=fairshot"));

        Assert.True(csb.NoResetOnClose);
        Assert.Equal(100, csb.MaxAutoPrepare);
        Assert.Equal("db", csb.Host);
        Assert.Equal("fairshot", csb.Database);
    }

    [Fact]
    public void Postgres_OperatorSettings_AreKept()
    {
        var csb = new NpgsqlConnectionStringBuilder(DatabaseSetup.PreparePostgres("Host=db;No Reset On Close=false;Max Auto Prepare=0"));

        Assert.False(csb.NoResetOnClose);
        Assert.Equal(0, csb.MaxAutoPrepare);
    }
}
