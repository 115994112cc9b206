using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FairShot.Data.Migrations;

/// <summary>
/// FHIR bulk exports (issue 13): one row per <c>GET /fhir/$export</c>, claimed by one instance with a
/// lease, and its NDJSON files as rows so any instance serves them; deleted with the export.
/// </summary>
[DbContext(typeof(FairShotDb))]
[Migration("20261201000018_FhirExports")]
public sealed class FhirExports : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "FhirExports",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                RequestedByStaffId = table.Column<Guid>(nullable: false),
                Request = table.Column<string>(maxLength: 2000, nullable: false),
                Types = table.Column<string>(maxLength: 100, nullable: false),
                Since = table.Column<DateTime>(nullable: true),
                State = table.Column<int>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                Attempts = table.Column<int>(nullable: false),
                LeaseOwner = table.Column<string>(maxLength: 100, nullable: true),
                LeaseExpiresAt = table.Column<DateTime>(nullable: true),
                TransactionTime = table.Column<DateTime>(nullable: true),
                CompletedAt = table.Column<DateTime>(nullable: true),
                ExpiresAt = table.Column<DateTime>(nullable: true),
                Error = table.Column<string>(maxLength: 1000, nullable: true)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_FhirExports", x => x.Id);
            });

        migrationBuilder.CreateTable(
            name: "FhirExportFiles",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                ExportId = table.Column<Guid>(nullable: false),
                Type = table.Column<string>(maxLength: 40, nullable: false),
                Count = table.Column<int>(nullable: false),
                Content = table.Column<string>(nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_FhirExportFiles", x => x.Id);
                table.ForeignKey(
                    name: "FK_FhirExportFiles_FhirExports_ExportId",
                    column: x => x.ExportId,
                    principalTable: "FhirExports",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex(
            name: "IX_FhirExportFiles_ExportId_Type",
            table: "FhirExportFiles",
            columns: new[] { "ExportId", "Type" },
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_FhirExports_ExpiresAt",
            table: "FhirExports",
            column: "ExpiresAt");

        migrationBuilder.CreateIndex(
            name: "IX_FhirExports_State_LeaseExpiresAt",
            table: "FhirExports",
            columns: new[] { "State", "LeaseExpiresAt" });
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(
            name: "FhirExportFiles");

        migrationBuilder.DropTable(
            name: "FhirExports");
    }
}
