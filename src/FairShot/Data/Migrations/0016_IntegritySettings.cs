using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FairShot.Data.Migrations;

/// <summary>
/// The integrity report's thresholds become county settings, with the values the code held as
/// defaults: a contact or browser behind more than 6 registrations is a finding; a staff member is
/// an outlier with at least 20 bookings of a day and more than 3 times the median of the others.
/// </summary>
[DbContext(typeof(FairShotDb))]
[Migration("20261201000016_IntegritySettings")]
public sealed class IntegritySettings : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<int>(
            name: "IntegritySharedLimit",
            table: "CountySettings",
            nullable: false,
            defaultValue: 6);

        migrationBuilder.AddColumn<int>(
            name: "IntegrityOutlierMinimum",
            table: "CountySettings",
            nullable: false,
            defaultValue: 20);

        migrationBuilder.AddColumn<int>(
            name: "IntegrityOutlierFactor",
            table: "CountySettings",
            nullable: false,
            defaultValue: 3);
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder) =>
        throw new NotSupportedException("FairShot migrations go forward only; restore a backup to go back.");
}
