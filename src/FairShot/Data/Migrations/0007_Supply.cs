using System.Globalization;
using FairShot.Domain;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FairShot.Data.Migrations;

/// <summary>
/// Dose supply: products gain their MVX, NDC, minimum interval and punctured-vial hours (and the
/// 2021 products FairShot did not know yet); stock lots, per-clinic balances and the movement
/// ledger; earmarks; the state's weekly allocations; and clinic days record the doses behind their
/// seats. Days planned before this have no doses allocated: staff receive their stock and the
/// stock page shows what is not covered (docs/operations.md).
/// </summary>
/// <remarks>
/// The only migration with a target model (<c>0007_Supply.Designer.cs</c>, generated): SQLite
/// cannot change a CHECK in place, and EF rebuilds the Slots table from that model to do it.
/// </remarks>
public partial class Supply : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        // A slot can now close (0 seats) when a loss takes the doses behind it.
        migrationBuilder.DropCheckConstraint(name: "CK_Slots_Capacity", table: "Slots");
        migrationBuilder.AddCheckConstraint(name: "CK_Slots_Capacity", table: "Slots", sql: "\"Capacity\" >= 0");

        migrationBuilder.AddColumn<Guid>(
            name: "HeldAtClinicId",
            table: "SecondDoseReservations",
            nullable: true);

        migrationBuilder.AddColumn<int>(
            name: "MinimumIntervalDays",
            table: "Products",
            nullable: true);

        migrationBuilder.AddColumn<string>(
            name: "MvxCode",
            table: "Products",
            maxLength: 3,
            nullable: false,
            defaultValue: "");

        migrationBuilder.AddColumn<string>(
            name: "NdcUnitOfUse",
            table: "Products",
            maxLength: 13,
            nullable: false,
            defaultValue: "");

        migrationBuilder.AddColumn<int>(
            name: "OpenVialHours",
            table: "Products",
            nullable: false,
            defaultValue: 6);

        migrationBuilder.AddColumn<int>(
            name: "DosesAdministered",
            table: "ClinicDays",
            nullable: false,
            defaultValue: 0);

        migrationBuilder.AddColumn<int>(
            name: "DosesAllocated",
            table: "ClinicDays",
            nullable: false,
            defaultValue: 0);

        migrationBuilder.AddColumn<Guid>(
            name: "EarmarkId",
            table: "ClinicDays",
            nullable: true);

        migrationBuilder.CreateTable(
            name: "Earmarks",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Label = table.Column<string>(maxLength: 200, nullable: false),
                GroupCodes = table.Column<string>(maxLength: 1000, nullable: false),
                ZipCodes = table.Column<string>(maxLength: 2000, nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Earmarks", x => x.Id);
            });

        migrationBuilder.CreateTable(
            name: "StockBalances",
            columns: table => new
            {
                ClinicId = table.Column<Guid>(nullable: false),
                ProductCvx = table.Column<string>(maxLength: 8, nullable: false),
                Supply = table.Column<int>(nullable: false),
                Allocated = table.Column<int>(nullable: false),
                Reserved = table.Column<int>(nullable: false),
                Uncovered = table.Column<int>(nullable: false),
                Received = table.Column<int>(nullable: false),
                TransferredIn = table.Column<int>(nullable: false),
                TransferredOut = table.Column<int>(nullable: false),
                Administered = table.Column<int>(nullable: false),
                Wasted = table.Column<int>(nullable: false),
                Version = table.Column<long>(nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_StockBalances", x => new { x.ClinicId, x.ProductCvx });
                table.CheckConstraint("CK_StockBalances_Covered", "\"Allocated\" + \"Reserved\" <= \"Supply\" + \"Uncovered\"");
                table.CheckConstraint("CK_StockBalances_NotNegative", "\"Supply\" >= 0 AND \"Allocated\" >= 0 AND \"Reserved\" >= 0 AND \"Uncovered\" >= 0");
                table.ForeignKey(
                    name: "FK_StockBalances_Clinics_ClinicId",
                    column: x => x.ClinicId,
                    principalTable: "Clinics",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
                table.ForeignKey(
                    name: "FK_StockBalances_Products_ProductCvx",
                    column: x => x.ProductCvx,
                    principalTable: "Products",
                    principalColumn: "CvxCode",
                    onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "StockMovements",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                ClinicId = table.Column<Guid>(nullable: false),
                ProductCvx = table.Column<string>(maxLength: 8, nullable: false),
                Kind = table.Column<int>(nullable: false),
                Doses = table.Column<int>(nullable: false),
                At = table.Column<DateTime>(nullable: false),
                ActorId = table.Column<string>(maxLength: 80, nullable: false),
                LotId = table.Column<Guid>(nullable: true),
                ClinicDayId = table.Column<Guid>(nullable: true),
                TransferId = table.Column<Guid>(nullable: true),
                AppointmentId = table.Column<Guid>(nullable: true),
                Wastage = table.Column<int>(nullable: true),
                Reason = table.Column<string>(maxLength: 500, nullable: true)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_StockMovements", x => x.Id);
                table.CheckConstraint("CK_StockMovements_Doses", "\"Doses\" > 0");
            });

        migrationBuilder.CreateTable(
            name: "WeeklyAllocations",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                WeekOf = table.Column<DateOnly>(nullable: false),
                ProductCvx = table.Column<string>(maxLength: 8, nullable: false),
                Doses = table.Column<int>(nullable: false),
                EnteredBy = table.Column<string>(maxLength: 80, nullable: false),
                EnteredAt = table.Column<DateTime>(nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_WeeklyAllocations", x => x.Id);
                table.CheckConstraint("CK_WeeklyAllocations_Doses", "\"Doses\" >= 0");
                table.ForeignKey(
                    name: "FK_WeeklyAllocations_Products_ProductCvx",
                    column: x => x.ProductCvx,
                    principalTable: "Products",
                    principalColumn: "CvxCode",
                    onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "StockLots",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                ClinicId = table.Column<Guid>(nullable: false),
                ProductCvx = table.Column<string>(maxLength: 8, nullable: false),
                Lot = table.Column<string>(maxLength: 20, nullable: false),
                ExpiresOn = table.Column<DateOnly>(nullable: false),
                AvailableFrom = table.Column<DateOnly>(nullable: false),
                EarmarkId = table.Column<Guid>(nullable: true),
                OnHand = table.Column<int>(nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_StockLots", x => x.Id);
                table.CheckConstraint("CK_StockLots_OnHand", "\"OnHand\" >= 0");
                table.ForeignKey(
                    name: "FK_StockLots_Clinics_ClinicId",
                    column: x => x.ClinicId,
                    principalTable: "Clinics",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
                table.ForeignKey(
                    name: "FK_StockLots_Earmarks_EarmarkId",
                    column: x => x.EarmarkId,
                    principalTable: "Earmarks",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
                table.ForeignKey(
                    name: "FK_StockLots_Products_ProductCvx",
                    column: x => x.ProductCvx,
                    principalTable: "Products",
                    principalColumn: "CvxCode",
                    onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateIndex(
            name: "IX_ClinicDays_EarmarkId",
            table: "ClinicDays",
            column: "EarmarkId");

        migrationBuilder.AddCheckConstraint(
            name: "CK_ClinicDays_Doses",
            table: "ClinicDays",
            sql: "\"DosesAdministered\" >= 0 AND \"DosesAdministered\" <= \"DosesAllocated\"");

        migrationBuilder.CreateIndex(
            name: "IX_StockBalances_ProductCvx",
            table: "StockBalances",
            column: "ProductCvx");

        migrationBuilder.CreateIndex(
            name: "IX_StockLots_ClinicId_ProductCvx_Lot",
            table: "StockLots",
            columns: new[] { "ClinicId", "ProductCvx", "Lot" });

        migrationBuilder.CreateIndex(
            name: "IX_StockLots_EarmarkId",
            table: "StockLots",
            column: "EarmarkId");

        migrationBuilder.CreateIndex(
            name: "IX_StockLots_ProductCvx",
            table: "StockLots",
            column: "ProductCvx");

        migrationBuilder.CreateIndex(
            name: "IX_StockMovements_ClinicDayId",
            table: "StockMovements",
            column: "ClinicDayId");

        migrationBuilder.CreateIndex(
            name: "IX_StockMovements_ClinicId_ProductCvx_At",
            table: "StockMovements",
            columns: new[] { "ClinicId", "ProductCvx", "At" });

        migrationBuilder.CreateIndex(
            name: "IX_StockMovements_LotId",
            table: "StockMovements",
            column: "LotId");

        migrationBuilder.CreateIndex(
            name: "IX_WeeklyAllocations_ProductCvx",
            table: "WeeklyAllocations",
            column: "ProductCvx");

        migrationBuilder.CreateIndex(
            name: "IX_WeeklyAllocations_WeekOf_ProductCvx",
            table: "WeeklyAllocations",
            columns: new[] { "WeekOf", "ProductCvx" },
            unique: true);

        migrationBuilder.AddForeignKey(
            name: "FK_ClinicDays_Earmarks_EarmarkId",
            table: "ClinicDays",
            column: "EarmarkId",
            principalTable: "Earmarks",
            principalColumn: "Id",
            onDelete: ReferentialAction.Restrict);

        // The defaults only filled the rows that existed; the model has none (SQLite rebuilds the tables for this).
        migrationBuilder.AlterColumn<string>(name: "MvxCode", table: "Products", maxLength: 3, nullable: false, oldClrType: typeof(string), oldMaxLength: 3, oldDefaultValue: "");
        migrationBuilder.AlterColumn<string>(name: "NdcUnitOfUse", table: "Products", maxLength: 13, nullable: false, oldClrType: typeof(string), oldMaxLength: 13, oldDefaultValue: "");
        migrationBuilder.AlterColumn<int>(name: "OpenVialHours", table: "Products", nullable: false, oldClrType: typeof(int), oldDefaultValue: 6);
        migrationBuilder.AlterColumn<int>(name: "DosesAllocated", table: "ClinicDays", nullable: false, oldClrType: typeof(int), oldDefaultValue: 0);
        migrationBuilder.AlterColumn<int>(name: "DosesAdministered", table: "ClinicDays", nullable: false, oldClrType: typeof(int), oldDefaultValue: 0);

        // The 2021 products as data: update the three the first release seeded, add the others.
        foreach (var p in VaccineProduct.Defaults)
        {
            var interval = p.DaysToNextDose?.ToString(CultureInfo.InvariantCulture) ?? "NULL";
            var minimum = p.MinimumIntervalDays?.ToString(CultureInfo.InvariantCulture) ?? "NULL";
            migrationBuilder.Sql(
                "INSERT INTO \"Products\" (\"CvxCode\", \"Name\", \"Manufacturer\", \"DosesInSeries\", \"DaysToNextDose\", \"DosesPerVial\", \"MvxCode\", \"NdcUnitOfUse\", \"MinimumIntervalDays\", \"OpenVialHours\") " +
                $"SELECT {Text(p.CvxCode)}, {Text(p.Name)}, {Text(p.Manufacturer)}, {p.DosesInSeries}, {interval}, {p.DosesPerVial}, {Text(p.MvxCode)}, {Text(p.NdcUnitOfUse)}, {minimum}, {p.OpenVialHours} " +
                $"WHERE NOT EXISTS (SELECT 1 FROM \"Products\" WHERE \"CvxCode\" = {Text(p.CvxCode)});");
            migrationBuilder.Sql(
                $"UPDATE \"Products\" SET \"MvxCode\" = {Text(p.MvxCode)}, \"NdcUnitOfUse\" = {Text(p.NdcUnitOfUse)}, \"MinimumIntervalDays\" = {minimum}, \"OpenVialHours\" = {p.OpenVialHours} " +
                $"WHERE \"CvxCode\" = {Text(p.CvxCode)} AND \"MvxCode\" = '';");
        }
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropForeignKey(
            name: "FK_ClinicDays_Earmarks_EarmarkId",
            table: "ClinicDays");

        migrationBuilder.DropTable(
            name: "StockBalances");

        migrationBuilder.DropTable(
            name: "StockLots");

        migrationBuilder.DropTable(
            name: "StockMovements");

        migrationBuilder.DropTable(
            name: "WeeklyAllocations");

        migrationBuilder.DropTable(
            name: "Earmarks");

        migrationBuilder.DropIndex(
            name: "IX_ClinicDays_EarmarkId",
            table: "ClinicDays");

        migrationBuilder.DropCheckConstraint(
            name: "CK_ClinicDays_Doses",
            table: "ClinicDays");

        migrationBuilder.DropColumn(
            name: "HeldAtClinicId",
            table: "SecondDoseReservations");

        migrationBuilder.DropColumn(
            name: "MinimumIntervalDays",
            table: "Products");

        migrationBuilder.DropColumn(
            name: "MvxCode",
            table: "Products");

        migrationBuilder.DropColumn(
            name: "NdcUnitOfUse",
            table: "Products");

        migrationBuilder.DropColumn(
            name: "OpenVialHours",
            table: "Products");

        migrationBuilder.DropColumn(
            name: "DosesAdministered",
            table: "ClinicDays");

        migrationBuilder.DropColumn(
            name: "DosesAllocated",
            table: "ClinicDays");

        migrationBuilder.DropColumn(
            name: "EarmarkId",
            table: "ClinicDays");
    }

    private static string Text(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
