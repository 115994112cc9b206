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
        if (migrationBuilder.ActiveProvider == "Microsoft.EntityFrameworkCore.Sqlite")
        {
            // SQLite appends added columns to the table's CREATE text; rebuild it so the schema is the model's.
            migrationBuilder.Sql("""
                CREATE TABLE "AuditSeal_new" (
                    "Id" INTEGER NOT NULL CONSTRAINT "PK_AuditSeal" PRIMARY KEY,
                    "LastSequence" INTEGER NOT NULL,
                    "LastHash" TEXT NOT NULL,
                    "SealedAt" TEXT NULL,
                    "KeyedFrom" INTEGER NULL,
                    "CheckedAt" TEXT NULL,
                    "Mac" TEXT NULL,
                    CONSTRAINT "CK_AuditSeal_Singleton" CHECK ("Id" = 1)
                );
                """);
            migrationBuilder.Sql("""INSERT INTO "AuditSeal_new" ("Id", "LastSequence", "LastHash", "SealedAt") SELECT "Id", "LastSequence", "LastHash", "SealedAt" FROM "AuditSeal";""");
            migrationBuilder.Sql("""DROP TABLE "AuditSeal";""");
            migrationBuilder.Sql("""ALTER TABLE "AuditSeal_new" RENAME TO "AuditSeal";""");
            return;
        }
        migrationBuilder.AddColumn<long>(name: "KeyedFrom", table: "AuditSeal", nullable: true);
        migrationBuilder.AddColumn<DateTime>(name: "CheckedAt", table: "AuditSeal", nullable: true);
        migrationBuilder.AddColumn<string>(name: "Mac", table: "AuditSeal", maxLength: 64, nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder) =>
        throw new NotSupportedException("FairShot migrations go forward only; restore a backup to go back.");
}
