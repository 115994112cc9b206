using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FairShot.Data.Migrations;

/// <summary>
/// Registration and eligibility: phases and priority groups (rules as data), registrants with the
/// line index and the duplicate-forbidding unique indexes, one-time codes, and job-run claims. The default rules
/// (the US rollout of early 2021, phase 1a open) are seeded by the app on start-up, not here, so a
/// county's replaced rules are never overwritten by a later migration.
/// </summary>
[DbContext(typeof(FairShotDb))]
[Migration("20261121000002_Registration")]
public sealed class Registration : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "OneTimeCodes",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Purpose = table.Column<int>(nullable: false),
                Subject = table.Column<string>(maxLength: 100, nullable: false),
                CodeHash = table.Column<string>(maxLength: 64, nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                ExpiresAt = table.Column<DateTime>(nullable: false),
                Attempts = table.Column<int>(nullable: false),
                UsedAt = table.Column<DateTime>(nullable: true),
                ReplacedAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_OneTimeCodes", x => x.Id);
                table.CheckConstraint("CK_OneTimeCodes_Attempts", "\"Attempts\" >= 0 AND \"Attempts\" <= 5");
            });

        migrationBuilder.CreateTable(
            name: "People",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                FirstName = table.Column<string>(maxLength: 100, nullable: false),
                LastName = table.Column<string>(maxLength: 100, nullable: false),
                NormalizedName = table.Column<string>(maxLength: 201, nullable: false),
                DateOfBirth = table.Column<DateOnly>(nullable: false),
                Email = table.Column<string>(maxLength: 254, nullable: true),
                Phone = table.Column<string>(maxLength: 16, nullable: true),
                ZipCode = table.Column<string>(maxLength: 5, nullable: false),
                Occupation = table.Column<string>(maxLength: 40, nullable: false),
                Setting = table.Column<string>(maxLength: 40, nullable: false),
                Conditions = table.Column<string>(maxLength: 1000, nullable: false),
                Language = table.Column<string>(maxLength: 8, nullable: false),
                RegisteredAt = table.Column<DateTime>(nullable: false),
                TieBreaker = table.Column<long>(nullable: false),
                Status = table.Column<int>(nullable: false),
                PhaseCode = table.Column<string>(maxLength: 40, nullable: false),
                PhaseRank = table.Column<int>(nullable: false),
                GroupCode = table.Column<string>(maxLength: 40, nullable: false),
                GroupRank = table.Column<int>(nullable: false),
                GroupEvaluatedOn = table.Column<DateOnly>(nullable: false),
                Source = table.Column<int>(nullable: false),
                RegisteredByStaffId = table.Column<Guid>(nullable: true),
                RosterId = table.Column<Guid>(nullable: true),
                StandbyClinics = table.Column<string>(maxLength: 2000, nullable: false),
                StandbySince = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_People", x => x.Id);
                table.CheckConstraint("CK_People_Contact", "\"Email\" IS NOT NULL OR \"Phone\" IS NOT NULL");
            });

        migrationBuilder.CreateTable(
            name: "Phases",
            columns: table => new
            {
                Code = table.Column<string>(maxLength: 40, nullable: false),
                Rank = table.Column<int>(nullable: false),
                Name = table.Column<string>(maxLength: 200, nullable: false),
                NameEs = table.Column<string>(maxLength: 200, nullable: false),
                IsOpen = table.Column<bool>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Phases", x => x.Code);
            });

        migrationBuilder.CreateTable(
            name: "PriorityGroups",
            columns: table => new
            {
                Code = table.Column<string>(maxLength: 40, nullable: false),
                PhaseCode = table.Column<string>(maxLength: 40, nullable: false),
                Rank = table.Column<int>(nullable: false),
                Name = table.Column<string>(maxLength: 200, nullable: false),
                NameEs = table.Column<string>(maxLength: 200, nullable: false),
                MinAge = table.Column<int>(nullable: true),
                MaxAge = table.Column<int>(nullable: true),
                Occupations = table.Column<string>(maxLength: 1000, nullable: false),
                Settings = table.Column<string>(maxLength: 1000, nullable: false),
                Conditions = table.Column<string>(maxLength: 1000, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_PriorityGroups", x => x.Code);
                table.ForeignKey(
                    name: "FK_PriorityGroups_Phases_PhaseCode",
                    column: x => x.PhaseCode,
                    principalTable: "Phases",
                    principalColumn: "Code",
                    onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateIndex(
            name: "IX_OneTimeCodes_Purpose_Subject_CreatedAt",
            table: "OneTimeCodes",
            columns: new[] { "Purpose", "Subject", "CreatedAt" });

        migrationBuilder.CreateIndex(
            name: "IX_People_Email_DateOfBirth",
            table: "People",
            columns: new[] { "Email", "DateOfBirth" },
            unique: true,
            filter: "\"Email\" IS NOT NULL");

        migrationBuilder.CreateIndex(
            name: "IX_People_Line",
            table: "People",
            columns: new[] { "Status", "PhaseRank", "GroupRank", "RegisteredAt", "TieBreaker" });

        migrationBuilder.CreateIndex(
            name: "IX_People_NormalizedName_DateOfBirth",
            table: "People",
            columns: new[] { "NormalizedName", "DateOfBirth" },
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_People_Phone_DateOfBirth",
            table: "People",
            columns: new[] { "Phone", "DateOfBirth" },
            unique: true,
            filter: "\"Phone\" IS NOT NULL");

        migrationBuilder.CreateIndex(
            name: "IX_People_ZipCode",
            table: "People",
            column: "ZipCode");

        migrationBuilder.CreateIndex(
            name: "IX_Phases_Rank",
            table: "Phases",
            column: "Rank",
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_PriorityGroups_PhaseCode",
            table: "PriorityGroups",
            column: "PhaseCode");

        migrationBuilder.CreateIndex(
            name: "IX_PriorityGroups_Rank",
            table: "PriorityGroups",
            column: "Rank",
            unique: true);

        migrationBuilder.CreateTable(
            name: "JobRuns",
            columns: table => new
            {
                Job = table.Column<string>(maxLength: 80, nullable: false),
                Period = table.Column<string>(maxLength: 40, nullable: false),
                Owner = table.Column<string>(maxLength: 100, nullable: false),
                StartedAt = table.Column<DateTime>(nullable: false),
                FinishedAt = table.Column<DateTime>(nullable: true),
                Outcome = table.Column<string>(maxLength: 500, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_JobRuns", x => new { x.Job, x.Period });
            });

    }

    protected override void Down(MigrationBuilder migrationBuilder) =>
        throw new NotSupportedException("FairShot migrations go forward only; restore a backup to go back.");
}
