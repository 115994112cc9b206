using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FairShot.Data.Migrations;

/// <summary>Backfill: the fill monitor's snapshots of each clinic day (what it saw and what it did), and employers' rosters.</summary>
[DbContext(typeof(FairShotDb))]
[Migration("20261121000004_Backfill")]
public sealed class Backfill : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Rosters",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Employer = table.Column<string>(maxLength: 200, nullable: false),
                Occupation = table.Column<string>(maxLength: 40, nullable: false),
                UploadedBy = table.Column<Guid>(nullable: false),
                UploadedAt = table.Column<DateTime>(nullable: false),
                Registered = table.Column<int>(nullable: false),
                Matched = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Rosters", x => x.Id);
            });

        migrationBuilder.CreateTable(
            name: "RosterMembers",
            columns: table => new
            {
                RosterId = table.Column<Guid>(nullable: false),
                PersonId = table.Column<Guid>(nullable: false),
                Line = table.Column<int>(nullable: false),
                MatchedExisting = table.Column<bool>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_RosterMembers", x => new { x.RosterId, x.PersonId });
                table.ForeignKey(
                    name: "FK_RosterMembers_People_PersonId",
                    column: x => x.PersonId,
                    principalTable: "People",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
                table.ForeignKey(
                    name: "FK_RosterMembers_Rosters_RosterId",
                    column: x => x.RosterId,
                    principalTable: "Rosters",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "FillSnapshots",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                ClinicDayId = table.Column<Guid>(nullable: false),
                TakenAt = table.Column<DateTime>(nullable: false),
                Capacity = table.Column<int>(nullable: false),
                Booked = table.Column<int>(nullable: false),
                FreeSeats = table.Column<int>(nullable: false),
                Outstanding = table.Column<int>(nullable: false),
                AcceptanceRate = table.Column<Double>(nullable: false),
                Issued = table.Column<int>(nullable: false),
                ExpiryMinutes = table.Column<int>(nullable: true),
                Decision = table.Column<string>(maxLength: 300, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_FillSnapshots", x => x.Id);
                table.ForeignKey(
                    name: "FK_FillSnapshots_ClinicDays_ClinicDayId",
                    column: x => x.ClinicDayId,
                    principalTable: "ClinicDays",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateIndex(
            name: "IX_FillSnapshots_ClinicDayId_TakenAt",
            table: "FillSnapshots",
            columns: new[] { "ClinicDayId", "TakenAt" });

        migrationBuilder.CreateIndex(
            name: "IX_RosterMembers_PersonId",
            table: "RosterMembers",
            column: "PersonId");

    }

    protected override void Down(MigrationBuilder migrationBuilder) =>
        throw new NotSupportedException("FairShot migrations go forward only; restore a backup to go back.");
}
