using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FairShot.Data.Migrations;

/// <summary>
/// The outbox by recipient: the daily cap on codes to one contact counted its messages by scanning
/// the whole outbox, a cost that grew with every message a wave sent (found by the wave benchmark).
/// </summary>
[DbContext(typeof(FairShotDb))]
[Migration("20261121000005_OutboxByRecipient")]
public sealed class OutboxByRecipient : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateIndex(
            name: "IX_Outbox_Recipient_Template_CreatedAt",
            table: "Outbox",
            columns: new[] { "Recipient", "Template", "CreatedAt" });

    protected override void Down(MigrationBuilder migrationBuilder) =>
        throw new NotSupportedException("FairShot migrations go forward only; restore a backup to go back.");
}
