using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FairShot.Data.Migrations;

/// <summary>
/// Clinics listed for slot finders (issue 13, SMART Scheduling Links): a flag and the address parts a
/// finder filters on (city, state, ZIP code), which the free-text address cannot give reliably, and a
/// booking phone. A listed clinic must have the three parts (CHECK).
/// </summary>
/// <remarks>
/// With a target model (<c>0020_PublicClinics.Designer.cs</c>, generated), as <c>0007</c>: SQLite cannot add
/// a CHECK in place, and EF rebuilds the Clinics table from that model to do it.
/// </remarks>
public partial class PublicClinics : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(
            name: "City",
            table: "Clinics",
            maxLength: 100,
            nullable: true);

        migrationBuilder.AddColumn<bool>(
            name: "IsPublic",
            table: "Clinics",
            nullable: false,
            defaultValue: false);

        migrationBuilder.AddColumn<string>(
            name: "Phone",
            table: "Clinics",
            maxLength: 16,
            nullable: true);

        migrationBuilder.AddColumn<string>(
            name: "PostalCode",
            table: "Clinics",
            maxLength: 10,
            nullable: true);

        migrationBuilder.AddColumn<string>(
            name: "State",
            table: "Clinics",
            maxLength: 2,
            nullable: true);

        migrationBuilder.AddCheckConstraint(
            name: "CK_Clinics_PublicListing",
            table: "Clinics",
            sql: "NOT \"IsPublic\" OR (\"City\" IS NOT NULL AND \"State\" IS NOT NULL AND \"PostalCode\" IS NOT NULL)");
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder) =>
        throw new NotSupportedException("FairShot migrations go forward only; restore a backup to go back.");
}
