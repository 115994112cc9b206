using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FairShot.Data.Migrations;

/// <summary>
/// Delivery the outbox can account for: a priority so codes go before bulk mail, an expiry so a code
/// that ran out is not sent late, the invitation a message carries (an undelivered one does not count
/// as outstanding), and the fallback message on another channel. Rows written before this are bulk
/// mail (priority 3) with no expiry.
/// </summary>
[DbContext(typeof(FairShotDb))]
[Migration("20261201000010_OutboxDelivery")]
public sealed class OutboxDelivery : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<int>(name: "Priority", table: "Outbox", nullable: false, defaultValue: 3);
        migrationBuilder.AddColumn<DateTime>(name: "ExpiresAt", table: "Outbox", nullable: true);
        migrationBuilder.AddColumn<Guid>(name: "InvitationId", table: "Outbox", nullable: true);
        migrationBuilder.AddColumn<Guid>(name: "FallbackId", table: "Outbox", nullable: true);
        migrationBuilder.CreateIndex(name: "IX_Outbox_InvitationId", table: "Outbox", column: "InvitationId");
        migrationBuilder.CreateIndex(name: "IX_Outbox_FailedAt", table: "Outbox", column: "FailedAt");
    }

    protected override void Down(MigrationBuilder migrationBuilder) =>
        throw new NotSupportedException("FairShot migrations go forward only; restore a backup to go back.");
}
