using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FairShot.Data.Migrations;

/// <summary>
/// The registry queue (issue 13): one row per VXU message to the state immunization registry,
/// written with the administration it reports, claimed by the sender with a lease, answered by the
/// registry's ACK. And a short record number per person for PID-3, whose id (CX.1) the Z22 profile
/// caps at 15 characters: a Guid has 32. Existing people are given one here.
/// </summary>
[DbContext(typeof(FairShotDb))]
[Migration("20261201000017_RegistryQueue")]
public sealed class RegistryQueue : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(
            name: "RecordNumber",
            table: "People",
            maxLength: 15,
            nullable: false,
            defaultValue: "");

        BackfillRecordNumbers(migrationBuilder);

        migrationBuilder.CreateTable(
            name: "RegistryMessages",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                AdministrationId = table.Column<Guid>(nullable: false),
                PersonId = table.Column<Guid>(nullable: false),
                ClinicDayId = table.Column<Guid>(nullable: false),
                Action = table.Column<string>(maxLength: 1, nullable: false),
                AdministrationVersion = table.Column<int>(nullable: false),
                ControlId = table.Column<string>(maxLength: 40, nullable: false),
                Hl7 = table.Column<string>(nullable: false),
                State = table.Column<int>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                Attempts = table.Column<int>(nullable: false),
                NextAttemptAt = table.Column<DateTime>(nullable: false),
                LeaseOwner = table.Column<string>(maxLength: 100, nullable: true),
                LeaseExpiresAt = table.Column<DateTime>(nullable: true),
                SentAt = table.Column<DateTime>(nullable: true),
                AckCode = table.Column<string>(maxLength: 2, nullable: true),
                Ack = table.Column<string>(maxLength: 4000, nullable: true),
                AckErrors = table.Column<string>(maxLength: 4000, nullable: true),
                LastError = table.Column<string>(maxLength: 1000, nullable: true),
                BatchId = table.Column<string>(maxLength: 40, nullable: true),
                ClosedAt = table.Column<DateTime>(nullable: true)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_RegistryMessages", x => x.Id);
                table.CheckConstraint("CK_RegistryMessages_Action", "\"Action\" IN ('A', 'U', 'D')");
                table.ForeignKey(
                    name: "FK_RegistryMessages_Administrations_AdministrationId",
                    column: x => x.AdministrationId,
                    principalTable: "Administrations",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateIndex(
            name: "IX_People_RecordNumber",
            table: "People",
            column: "RecordNumber",
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_RegistryMessages_AdministrationId",
            table: "RegistryMessages",
            column: "AdministrationId");

        migrationBuilder.CreateIndex(
            name: "IX_RegistryMessages_BatchId",
            table: "RegistryMessages",
            column: "BatchId");

        migrationBuilder.CreateIndex(
            name: "IX_RegistryMessages_ClinicDayId_State",
            table: "RegistryMessages",
            columns: new[] { "ClinicDayId", "State" });

        migrationBuilder.CreateIndex(
            name: "IX_RegistryMessages_ControlId",
            table: "RegistryMessages",
            column: "ControlId",
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_RegistryMessages_PersonId",
            table: "RegistryMessages",
            column: "PersonId");

        migrationBuilder.CreateIndex(
            name: "IX_RegistryMessages_State_NextAttemptAt",
            table: "RegistryMessages",
            columns: new[] { "State", "NextAttemptAt" });
    }

    // Existing people get "FS" and the last 13 hex digits of their id (the random tail of a
    // version-7 Guid), before the unique index is built; new people get 13 random base-32 characters.
    private static void BackfillRecordNumbers(MigrationBuilder migrationBuilder)
    {
        if (migrationBuilder.ActiveProvider == "Npgsql.EntityFrameworkCore.PostgreSQL")
        {
            migrationBuilder.Sql("UPDATE \"People\" SET \"RecordNumber\" = 'FS' || upper(right(replace(\"Id\"::text, '-', ''), 13)) WHERE \"RecordNumber\" = '';");
        }
        else
        {
            migrationBuilder.Sql("UPDATE \"People\" SET \"RecordNumber\" = 'FS' || upper(substr(replace(\"Id\", '-', ''), 20, 13)) WHERE \"RecordNumber\" = '';");
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder) =>
        throw new NotSupportedException("FairShot migrations go forward only; restore a backup to go back.");
}
