using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FairShot.Data.Migrations;

/// <summary>
/// The clinic day: appointments gain a four-digit site code, check-in and no-show times, and a
/// channel (invitation, staff, walk-in, import with partner and batch); administrations record
/// each dose given, refused or not given, with what it was copied at the time; opened vials
/// count the doses drawn; clinic leads; the county's no-show rules. Appointments booked before
/// get a random site code and their channel from their provenance.
/// </summary>
[DbContext(typeof(FairShotDb))]
[Migration("20261201000014_ClinicDay")]
public sealed class ClinicDay : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<bool>(
            name: "IsLead",
            table: "StaffClinics",
            nullable: false,
            defaultValue: false);

        migrationBuilder.AddColumn<int>(
            name: "NoShowGraceMinutes",
            table: "CountySettings",
            nullable: false,
            defaultValue: 60);

        migrationBuilder.AddColumn<bool>(
            name: "ReinviteNoShows",
            table: "CountySettings",
            nullable: false,
            defaultValue: true);

        migrationBuilder.AddColumn<int>(
            name: "Channel",
            table: "Appointments",
            nullable: false,
            defaultValue: 0);

        migrationBuilder.AddColumn<int>(
            name: "CheckInFailures",
            table: "Appointments",
            nullable: false,
            defaultValue: 0);

        migrationBuilder.AddColumn<DateTime>(
            name: "CheckedInAt",
            table: "Appointments",
            nullable: true);

        migrationBuilder.AddColumn<Guid>(
            name: "CheckedInByStaffId",
            table: "Appointments",
            nullable: true);

        migrationBuilder.AddColumn<Guid>(
            name: "ImportBatchId",
            table: "Appointments",
            nullable: true);

        migrationBuilder.AddColumn<string>(
            name: "ImportPartner",
            table: "Appointments",
            maxLength: 100,
            nullable: true);

        migrationBuilder.AddColumn<DateTime>(
            name: "NoShowAt",
            table: "Appointments",
            nullable: true);

        migrationBuilder.AddColumn<string>(
            name: "SiteCode",
            table: "Appointments",
            maxLength: 4,
            nullable: false,
            defaultValue: "");

        migrationBuilder.CreateTable(
            name: "Administrations",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                AppointmentId = table.Column<Guid>(nullable: false),
                PersonId = table.Column<Guid>(nullable: false),
                ClinicId = table.Column<Guid>(nullable: false),
                ClinicDayId = table.Column<Guid>(nullable: false),
                Outcome = table.Column<int>(nullable: false),
                NotGivenReason = table.Column<int>(nullable: true),
                OutcomeNote = table.Column<string>(maxLength: 500, nullable: true),
                DoseNumber = table.Column<int>(nullable: false),
                ProductCvx = table.Column<string>(maxLength: 8, nullable: false),
                ProductName = table.Column<string>(maxLength: 200, nullable: false),
                MvxCode = table.Column<string>(maxLength: 3, nullable: false),
                NdcUnitOfUse = table.Column<string>(maxLength: 13, nullable: false),
                StockLotId = table.Column<Guid>(nullable: true),
                Lot = table.Column<string>(maxLength: 20, nullable: true),
                LotExpiresOn = table.Column<DateOnly>(nullable: true),
                Route = table.Column<string>(maxLength: 10, nullable: true),
                BodySite = table.Column<string>(maxLength: 10, nullable: true),
                AdministeredAt = table.Column<DateTime>(nullable: false),
                RecordedAt = table.Column<DateTime>(nullable: false),
                VaccinatorStaffId = table.Column<Guid>(nullable: false),
                State = table.Column<int>(nullable: false),
                Version = table.Column<int>(nullable: false),
                ChangedAt = table.Column<DateTime>(nullable: true),
                ChangedByStaffId = table.Column<Guid>(nullable: true),
                ChangeReason = table.Column<string>(maxLength: 500, nullable: true)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Administrations", x => x.Id);
                table.CheckConstraint("CK_Administrations_ChangeHasReason", "\"State\" = 0 OR (\"ChangeReason\" IS NOT NULL AND \"ChangedByStaffId\" IS NOT NULL)");
                table.CheckConstraint("CK_Administrations_Dose", "\"DoseNumber\" BETWEEN 1 AND 5");
                table.CheckConstraint("CK_Administrations_GivenHasLot", "(\"Outcome\" = 0 AND \"StockLotId\" IS NOT NULL AND \"Lot\" IS NOT NULL AND \"LotExpiresOn\" IS NOT NULL AND \"Route\" IS NOT NULL AND \"BodySite\" IS NOT NULL) OR (\"Outcome\" <> 0 AND \"StockLotId\" IS NULL)");
                table.ForeignKey(
                    name: "FK_Administrations_Appointments_AppointmentId",
                    column: x => x.AppointmentId,
                    principalTable: "Appointments",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
                table.ForeignKey(
                    name: "FK_Administrations_ClinicDays_ClinicDayId",
                    column: x => x.ClinicDayId,
                    principalTable: "ClinicDays",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
                table.ForeignKey(
                    name: "FK_Administrations_People_PersonId",
                    column: x => x.PersonId,
                    principalTable: "People",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
                table.ForeignKey(
                    name: "FK_Administrations_StockLots_StockLotId",
                    column: x => x.StockLotId,
                    principalTable: "StockLots",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "OpenedVials",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                ClinicDayId = table.Column<Guid>(nullable: false),
                StockLotId = table.Column<Guid>(nullable: false),
                ProductCvx = table.Column<string>(maxLength: 8, nullable: false),
                DosesPerVial = table.Column<int>(nullable: false),
                DosesDrawn = table.Column<int>(nullable: false),
                OpenedAt = table.Column<DateTime>(nullable: false),
                UsableUntil = table.Column<DateTime>(nullable: false),
                ClosedAt = table.Column<DateTime>(nullable: true),
                DosesWasted = table.Column<int>(nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_OpenedVials", x => x.Id);
                table.CheckConstraint("CK_OpenedVials_Drawn", "\"DosesDrawn\" >= 0 AND \"DosesDrawn\" + \"DosesWasted\" <= \"DosesPerVial\"");
                table.ForeignKey(
                    name: "FK_OpenedVials_ClinicDays_ClinicDayId",
                    column: x => x.ClinicDayId,
                    principalTable: "ClinicDays",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
                table.ForeignKey(
                    name: "FK_OpenedVials_StockLots_StockLotId",
                    column: x => x.StockLotId,
                    principalTable: "StockLots",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateIndex(
            name: "IX_Appointments_ImportBatchId",
            table: "Appointments",
            column: "ImportBatchId",
            filter: "\"ImportBatchId\" IS NOT NULL");

        migrationBuilder.CreateIndex(
            name: "IX_Administrations_ClinicDayId_AdministeredAt",
            table: "Administrations",
            columns: new[] { "ClinicDayId", "AdministeredAt" });

        migrationBuilder.CreateIndex(
            name: "IX_Administrations_OneLivePerAppointment",
            table: "Administrations",
            column: "AppointmentId",
            unique: true,
            filter: "\"State\" <> 2");

        migrationBuilder.CreateIndex(
            name: "IX_Administrations_PersonId",
            table: "Administrations",
            column: "PersonId");

        migrationBuilder.CreateIndex(
            name: "IX_Administrations_StockLotId",
            table: "Administrations",
            column: "StockLotId");

        migrationBuilder.CreateIndex(
            name: "IX_OpenedVials_ClinicDayId_ClosedAt",
            table: "OpenedVials",
            columns: new[] { "ClinicDayId", "ClosedAt" });

        migrationBuilder.CreateIndex(
            name: "IX_OpenedVials_StockLotId",
            table: "OpenedVials",
            column: "StockLotId");

        migrationBuilder.Sql("UPDATE \"Appointments\" SET \"Channel\" = 1 WHERE \"InvitationId\" IS NULL AND \"BookedByStaffId\" IS NOT NULL;");
        migrationBuilder.Sql(migrationBuilder.ActiveProvider == "Npgsql.EntityFrameworkCore.PostgreSQL"
            ? "UPDATE \"Appointments\" SET \"SiteCode\" = lpad(floor(random() * 10000)::int::text, 4, '0');"
            : "UPDATE \"Appointments\" SET \"SiteCode\" = printf('%04d', abs(random()) % 10000);");
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder) =>
        throw new NotSupportedException("FairShot migrations go forward only; restore a backup to go back.");
}
