using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FairShot.Data.Migrations;

/// <summary>
/// One-time codes keyed and capped: the HMAC key they are hashed with when none is configured (kept
/// out of the code table, encrypted by the shared Data Protection key ring), and one gate row per
/// capped subject whose lock makes parallel requests count the caps one after another. Codes issued
/// before this hashed with plain SHA-256 and no longer verify; they lived ten minutes at most.
/// </summary>
[DbContext(typeof(FairShotDb))]
[Migration("20261121000006_OneTimeCodeKeysAndGates")]
public sealed class OneTimeCodeKeysAndGates : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "OneTimeCodeGates",
            columns: table => new
            {
                Scope = table.Column<string>(maxLength: 40, nullable: false),
                Subject = table.Column<string>(maxLength: 100, nullable: false),
                TouchedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_OneTimeCodeGates", x => new { x.Scope, x.Subject });
            });

        migrationBuilder.CreateTable(
            name: "OneTimeCodeSecrets",
            columns: table => new
            {
                Name = table.Column<string>(maxLength: 40, nullable: false),
                ProtectedKey = table.Column<string>(maxLength: 2000, nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_OneTimeCodeSecrets", x => x.Name);
            });
    }

    protected override void Down(MigrationBuilder migrationBuilder) =>
        throw new NotSupportedException("FairShot migrations go forward only; restore a backup to go back.");
}
