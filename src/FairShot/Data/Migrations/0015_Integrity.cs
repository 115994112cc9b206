using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FairShot.Data.Migrations;

/// <summary>
/// Integrity (issue 14): the batches of bookings imported from partner systems (partner, staff
/// member, time, counts), and the outcome of each call made from the integrity call list.
/// New tables only; whether a phase was open when a booking was made is read from the audit log.
/// </summary>
[DbContext(typeof(FairShotDb))]
[Migration("20261201000015_Integrity")]
public sealed class Integrity : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "ImportBatches",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                ClinicDayId = table.Column<Guid>(nullable: false),
                Partner = table.Column<string>(maxLength: 100, nullable: false),
                StaffId = table.Column<Guid>(nullable: false),
                Format = table.Column<string>(maxLength: 10, nullable: false),
                ImportedAt = table.Column<DateTime>(nullable: false),
                Rows = table.Column<int>(nullable: false),
                Imported = table.Column<int>(nullable: false),
                Registered = table.Column<int>(nullable: false),
                Matched = table.Column<int>(nullable: false),
                Errors = table.Column<int>(nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ImportBatches", x => x.Id);
                table.ForeignKey(
                    name: "FK_ImportBatches_ClinicDays_ClinicDayId",
                    column: x => x.ClinicDayId,
                    principalTable: "ClinicDays",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "IntegrityCalls",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                AppointmentId = table.Column<Guid>(nullable: false),
                Outcome = table.Column<int>(nullable: false),
                Note = table.Column<string>(maxLength: 500, nullable: true),
                StaffId = table.Column<Guid>(nullable: false),
                CalledAt = table.Column<DateTime>(nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_IntegrityCalls", x => x.Id);
                table.ForeignKey(
                    name: "FK_IntegrityCalls_Appointments_AppointmentId",
                    column: x => x.AppointmentId,
                    principalTable: "Appointments",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateIndex(
            name: "IX_ImportBatches_ClinicDayId_ImportedAt",
            table: "ImportBatches",
            columns: new[] { "ClinicDayId", "ImportedAt" });

        migrationBuilder.CreateIndex(
            name: "IX_IntegrityCalls_AppointmentId_CalledAt",
            table: "IntegrityCalls",
            columns: new[] { "AppointmentId", "CalledAt" });
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder) =>
        throw new NotSupportedException("FairShot migrations go forward only; restore a backup to go back.");
}
