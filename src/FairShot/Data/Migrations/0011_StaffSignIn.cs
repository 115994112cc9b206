using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FairShot.Data.Migrations;

/// <summary>
/// Staff sign-in attempts, counted in the database so that failures slow down the account and the
/// client address on every instance, in place of Identity's lockout (which anyone who knows an
/// e-mail could trigger). The authenticator keys and recovery codes of two-factor sign-in live in
/// Identity's existing AspNetUserTokens table.
/// </summary>
[DbContext(typeof(FairShotDb))]
[Migration("20261201000011_StaffSignIn")]
public sealed class StaffSignIn : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "StaffSignInAttempts",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                AccountKey = table.Column<string>(maxLength: 64, nullable: false),
                AddressKey = table.Column<string>(maxLength: 64, nullable: false),
                AttemptedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_StaffSignInAttempts", x => x.Id);
            });

        migrationBuilder.CreateIndex(
            name: "IX_StaffSignInAttempts_AccountKey_AttemptedAt",
            table: "StaffSignInAttempts",
            columns: ["AccountKey", "AttemptedAt"]);

        migrationBuilder.CreateIndex(
            name: "IX_StaffSignInAttempts_AddressKey_AttemptedAt",
            table: "StaffSignInAttempts",
            columns: ["AddressKey", "AttemptedAt"]);

        migrationBuilder.CreateIndex(
            name: "IX_StaffSignInAttempts_AttemptedAt",
            table: "StaffSignInAttempts",
            column: "AttemptedAt");
    }

    protected override void Down(MigrationBuilder migrationBuilder) =>
        throw new NotSupportedException("FairShot migrations go forward only; restore a backup to go back.");
}
