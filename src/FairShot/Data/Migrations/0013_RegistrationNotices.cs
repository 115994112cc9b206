using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FairShot.Data.Migrations;

/// <summary>
/// One row per contact registration has dealt with (by hash, not the contact): sign-ups naming it
/// today and when it was last sent a notice. Its row lock makes the per-contact caps (sign-ups a
/// day, one notice a day) hold across instances.
/// </summary>
[DbContext(typeof(FairShotDb))]
[Migration("20261201000013_RegistrationNotices")]
public sealed class RegistrationNotices : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "RegistrationNotices",
            columns: table => new
            {
                Subject = table.Column<string>(maxLength: 100, nullable: false),
                WindowStartedAt = table.Column<DateTime>(nullable: false),
                Attempts = table.Column<int>(nullable: false),
                NoticeSentAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_RegistrationNotices", x => x.Subject);
            });
    }

    protected override void Down(MigrationBuilder migrationBuilder) =>
        throw new NotSupportedException("FairShot migrations go forward only; restore a backup to go back.");
}
