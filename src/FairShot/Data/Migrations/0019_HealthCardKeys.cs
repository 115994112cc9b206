using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FairShot.Data.Migrations;

/// <summary>
/// The keys that sign SMART Health Cards (issue 13): one row per ES256 key, its RFC 7638 thumbprint
/// as the key, the public JWK, the private key as Data Protection ciphertext, and a unique
/// generation so the first key (and each rotation) is written once across instances.
/// </summary>
[DbContext(typeof(FairShotDb))]
[Migration("20261201000019_HealthCardKeys")]
public sealed class HealthCardKeys : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "HealthCardKeys",
            columns: table => new
            {
                Kid = table.Column<string>(maxLength: 43, nullable: false),
                Generation = table.Column<int>(nullable: false),
                PublicJwk = table.Column<string>(maxLength: 500, nullable: false),
                ProtectedPrivateKey = table.Column<string>(maxLength: 4000, nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                RetiredAt = table.Column<DateTime>(nullable: true)
            },
            constraints: table => table.PrimaryKey("PK_HealthCardKeys", x => x.Kid));

        migrationBuilder.CreateIndex(
            name: "IX_HealthCardKeys_Generation",
            table: "HealthCardKeys",
            column: "Generation",
            unique: true);
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder) =>
        throw new NotSupportedException("FairShot migrations go forward only; restore a backup to go back.");
}
