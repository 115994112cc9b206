using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FairShot.Data.Migrations;

/// <summary>
/// Invitations and booking: invitations (token hash only), their visits (sharing signals), verified
/// sessions, appointments with the one-active-per-dose partial unique index and the provenance
/// check, second-dose reservations, idempotency records, and sessions for managing an appointment.
/// </summary>
[DbContext(typeof(FairShotDb))]
[Migration("20261121000003_Invitations")]
public sealed class Invitations : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "IdempotencyRecords",
            columns: table => new
            {
                Scope = table.Column<string>(maxLength: 100, nullable: false),
                Key = table.Column<string>(maxLength: 100, nullable: false),
                StatusCode = table.Column<int>(nullable: false),
                ResponseBody = table.Column<string>(maxLength: 8000, nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_IdempotencyRecords", x => new { x.Scope, x.Key });
            });

        migrationBuilder.CreateTable(
            name: "SecondDoseReservations",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                PersonId = table.Column<Guid>(nullable: false),
                FirstDoseAppointmentId = table.Column<Guid>(nullable: false),
                ProductCvx = table.Column<string>(maxLength: 8, nullable: false),
                EarliestDate = table.Column<DateOnly>(nullable: false),
                LatestDate = table.Column<DateOnly>(nullable: false),
                State = table.Column<int>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_SecondDoseReservations", x => x.Id);
                table.ForeignKey(
                    name: "FK_SecondDoseReservations_People_PersonId",
                    column: x => x.PersonId,
                    principalTable: "People",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "Invitations",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                PersonId = table.Column<Guid>(nullable: false),
                WaveId = table.Column<Guid>(nullable: false),
                Kind = table.Column<int>(nullable: false),
                DoseNumber = table.Column<int>(nullable: false),
                ProductCvx = table.Column<string>(maxLength: 8, nullable: false),
                ClinicDayId = table.Column<Guid>(nullable: true),
                FromDate = table.Column<DateOnly>(nullable: true),
                ToDate = table.Column<DateOnly>(nullable: true),
                TokenHash = table.Column<string>(maxLength: 64, nullable: false),
                IssuedAt = table.Column<DateTime>(nullable: false),
                ExpiresAt = table.Column<DateTime>(nullable: false),
                State = table.Column<int>(nullable: false),
                UsedAt = table.Column<DateTime>(nullable: true),
                RevokedAt = table.Column<DateTime>(nullable: true),
                IssuedBy = table.Column<string>(maxLength: 100, nullable: false),
                Visits = table.Column<int>(nullable: false),
                FailedCodes = table.Column<int>(nullable: false),
                WrongBirthDates = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Invitations", x => x.Id);
                table.ForeignKey(
                    name: "FK_Invitations_ClinicDays_ClinicDayId",
                    column: x => x.ClinicDayId,
                    principalTable: "ClinicDays",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
                table.ForeignKey(
                    name: "FK_Invitations_People_PersonId",
                    column: x => x.PersonId,
                    principalTable: "People",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
                table.CheckConstraint("CK_Invitations_Dose", "\"DoseNumber\" BETWEEN 1 AND 5");
                table.CheckConstraint("CK_Invitations_Scope", "\"ClinicDayId\" IS NOT NULL OR (\"FromDate\" IS NOT NULL AND \"ToDate\" IS NOT NULL)");
            });

        migrationBuilder.CreateTable(
            name: "InvitationSessions",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                InvitationId = table.Column<Guid>(nullable: false),
                TokenHash = table.Column<string>(maxLength: 64, nullable: false),
                VerifiedContact = table.Column<string>(maxLength: 16, nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                ExpiresAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_InvitationSessions", x => x.Id);
                table.ForeignKey(
                    name: "FK_InvitationSessions_Invitations_InvitationId",
                    column: x => x.InvitationId,
                    principalTable: "Invitations",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "InvitationVisits",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                InvitationId = table.Column<Guid>(nullable: false),
                DeviceHash = table.Column<string>(maxLength: 64, nullable: false),
                NetworkHash = table.Column<string>(maxLength: 64, nullable: false),
                FirstSeenAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_InvitationVisits", x => x.Id);
                table.ForeignKey(
                    name: "FK_InvitationVisits_Invitations_InvitationId",
                    column: x => x.InvitationId,
                    principalTable: "Invitations",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "Appointments",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                PersonId = table.Column<Guid>(nullable: false),
                SlotId = table.Column<Guid>(nullable: false),
                ClinicDayId = table.Column<Guid>(nullable: false),
                DoseNumber = table.Column<int>(nullable: false),
                State = table.Column<int>(nullable: false),
                ConfirmationCode = table.Column<string>(maxLength: 10, nullable: false),
                BookedAt = table.Column<DateTime>(nullable: false),
                CancelledAt = table.Column<DateTime>(nullable: true),
                InvitationId = table.Column<Guid>(nullable: true),
                VerifiedContact = table.Column<string>(maxLength: 16, nullable: true),
                BookedByStaffId = table.Column<Guid>(nullable: true),
                StaffReason = table.Column<string>(maxLength: 500, nullable: true),
                PreviousDoseAppointmentId = table.Column<Guid>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Appointments", x => x.Id);
                table.ForeignKey(
                    name: "FK_Appointments_People_PersonId",
                    column: x => x.PersonId,
                    principalTable: "People",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
                table.ForeignKey(
                    name: "FK_Appointments_Slots_SlotId",
                    column: x => x.SlotId,
                    principalTable: "Slots",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
                table.CheckConstraint("CK_Appointments_Dose", "\"DoseNumber\" BETWEEN 1 AND 5");
                table.CheckConstraint("CK_Appointments_Provenance", "\"InvitationId\" IS NOT NULL OR (\"BookedByStaffId\" IS NOT NULL AND \"StaffReason\" IS NOT NULL)");
            });

        migrationBuilder.CreateTable(
            name: "AppointmentSessions",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                AppointmentId = table.Column<Guid>(nullable: false),
                TokenHash = table.Column<string>(maxLength: 64, nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                ExpiresAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AppointmentSessions", x => x.Id);
                table.ForeignKey(
                    name: "FK_AppointmentSessions_Appointments_AppointmentId",
                    column: x => x.AppointmentId,
                    principalTable: "Appointments",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateIndex(
            name: "IX_Appointments_ClinicDayId_State",
            table: "Appointments",
            columns: new[] { "ClinicDayId", "State" });

        migrationBuilder.CreateIndex(
            name: "IX_Appointments_ConfirmationCode",
            table: "Appointments",
            column: "ConfirmationCode",
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_Appointments_InvitationId_DoseNumber",
            table: "Appointments",
            columns: new[] { "InvitationId", "DoseNumber" },
            unique: true,
            filter: "\"InvitationId\" IS NOT NULL");

        migrationBuilder.CreateIndex(
            name: "IX_Appointments_OneActivePerDose",
            table: "Appointments",
            columns: new[] { "PersonId", "DoseNumber" },
            unique: true,
            filter: "\"State\" IN (0, 1, 2)");

        migrationBuilder.CreateIndex(
            name: "IX_Appointments_SlotId",
            table: "Appointments",
            column: "SlotId");

        migrationBuilder.CreateIndex(
            name: "IX_AppointmentSessions_AppointmentId",
            table: "AppointmentSessions",
            column: "AppointmentId");

        migrationBuilder.CreateIndex(
            name: "IX_AppointmentSessions_TokenHash",
            table: "AppointmentSessions",
            column: "TokenHash",
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_Invitations_ClinicDayId_State",
            table: "Invitations",
            columns: new[] { "ClinicDayId", "State" });

        migrationBuilder.CreateIndex(
            name: "IX_Invitations_OneOutstandingPerDose",
            table: "Invitations",
            columns: new[] { "PersonId", "DoseNumber" },
            unique: true,
            filter: "\"State\" = 0");

        migrationBuilder.CreateIndex(
            name: "IX_Invitations_PersonId_State_ExpiresAt",
            table: "Invitations",
            columns: new[] { "PersonId", "State", "ExpiresAt" });

        migrationBuilder.CreateIndex(
            name: "IX_Invitations_TokenHash",
            table: "Invitations",
            column: "TokenHash",
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_Invitations_WaveId",
            table: "Invitations",
            column: "WaveId");

        migrationBuilder.CreateIndex(
            name: "IX_InvitationSessions_InvitationId",
            table: "InvitationSessions",
            column: "InvitationId");

        migrationBuilder.CreateIndex(
            name: "IX_InvitationSessions_TokenHash",
            table: "InvitationSessions",
            column: "TokenHash",
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_InvitationVisits_InvitationId_DeviceHash_NetworkHash",
            table: "InvitationVisits",
            columns: new[] { "InvitationId", "DeviceHash", "NetworkHash" },
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_SecondDoseReservations_PersonId",
            table: "SecondDoseReservations",
            column: "PersonId",
            unique: true,
            filter: "\"State\" = 0");

        migrationBuilder.CreateIndex(
            name: "IX_SecondDoseReservations_State_ProductCvx_EarliestDate",
            table: "SecondDoseReservations",
            columns: new[] { "State", "ProductCvx", "EarliestDate" });

    }

    protected override void Down(MigrationBuilder migrationBuilder) =>
        throw new NotSupportedException("FairShot migrations go forward only; restore a backup to go back.");
}
