using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FairShot.Data.Migrations;

/// <summary>
/// The audit chain keyed: the seal row learns where the keyed chain starts (entries sealed before
/// this keep their SHA-256 hashes and are reported as the unkeyed prefix), when a sealer last
/// looked (so entries written during a sealer outage are still sealed), and a MAC under the chain
/// key over all of it. The first keyed round fills them in; nothing here needs the key.
/// </summary>
[DbContext(typeof(FairShotDb))]
[Migration("20261201000012_AuditKey")]
public sealed class AuditKey : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<long>(name: "KeyedFrom", table: "AuditSeal", nullable: true);
        migrationBuilder.AddColumn<DateTime>(name: "CheckedAt", table: "AuditSeal", nullable: true);
        migrationBuilder.AddColumn<string>(name: "Mac", table: "AuditSeal", maxLength: 64, nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder) =>
        throw new NotSupportedException("FairShot migrations go forward only; restore a backup to go back.");
}
