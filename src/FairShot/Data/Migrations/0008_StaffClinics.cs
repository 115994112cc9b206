using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FairShot.Data.Migrations;

/// <summary>
/// Staff belong to clinics: one row per staff member and clinic. ClinicStaff act only on the
/// clinics they have a row for; an existing ClinicStaff account has none until an admin assigns
/// them, so it can act on no clinic (safe by default).
/// </summary>
[DbContext(typeof(FairShotDb))]
[Migration("20261201000008_StaffClinics")]
public sealed class StaffClinics : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "StaffClinics",
            columns: table => new
            {
                StaffUserId = table.Column<Guid>(nullable: false),
                ClinicId = table.Column<Guid>(nullable: false),
                AssignedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_StaffClinics", x => new { x.StaffUserId, x.ClinicId });
                table.ForeignKey(
                    name: "FK_StaffClinics_AspNetUsers_StaffUserId",
                    column: x => x.StaffUserId,
                    principalTable: "AspNetUsers",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
                table.ForeignKey(
                    name: "FK_StaffClinics_Clinics_ClinicId",
                    column: x => x.ClinicId,
                    principalTable: "Clinics",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateIndex(
            name: "IX_StaffClinics_ClinicId",
            table: "StaffClinics",
            column: "ClinicId");
    }

    protected override void Down(MigrationBuilder migrationBuilder) =>
        throw new NotSupportedException("FairShot migrations go forward only; restore a backup to go back.");
}
