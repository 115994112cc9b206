using System.Globalization;
using FairShot.Domain;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace FairShot.Data.Migrations;

/// <summary>
/// The foundation schema: county settings, products, clinics, clinic days and slots, staff
/// accounts (ASP.NET Core Identity), the audit log and its seal, the notification outbox and the
/// shared Data Protection key ring. Written by hand (no EF design-time tooling on these machines);
/// <c>MigrationSchemaTests</c> proves it builds exactly the schema the model describes, on SQLite
/// and PostgreSQL. Column types are left to each provider's mapping of the CLR type.
/// </summary>
[DbContext(typeof(FairShotDb))]
[Migration("20261121000001_Foundation")]
public sealed class Foundation : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "AspNetRoles",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Name = table.Column<string>(maxLength: 256, nullable: true),
                NormalizedName = table.Column<string>(maxLength: 256, nullable: true),
                ConcurrencyStamp = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetRoles", x => x.Id);
            });

        migrationBuilder.CreateTable(
            name: "AspNetUsers",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                DisplayName = table.Column<string>(maxLength: 120, nullable: false),
                IsActive = table.Column<bool>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                DisabledAt = table.Column<DateTime>(nullable: true),
                UserName = table.Column<string>(maxLength: 256, nullable: true),
                NormalizedUserName = table.Column<string>(maxLength: 256, nullable: true),
                Email = table.Column<string>(maxLength: 256, nullable: true),
                NormalizedEmail = table.Column<string>(maxLength: 256, nullable: true),
                EmailConfirmed = table.Column<bool>(nullable: false),
                PasswordHash = table.Column<string>(nullable: true),
                SecurityStamp = table.Column<string>(nullable: true),
                ConcurrencyStamp = table.Column<string>(nullable: true),
                PhoneNumber = table.Column<string>(nullable: true),
                PhoneNumberConfirmed = table.Column<bool>(nullable: false),
                TwoFactorEnabled = table.Column<bool>(nullable: false),
                LockoutEnd = table.Column<DateTimeOffset>(nullable: true),
                LockoutEnabled = table.Column<bool>(nullable: false),
                AccessFailedCount = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetUsers", x => x.Id);
            });

        migrationBuilder.CreateTable(
            name: "AuditEntries",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                RecordedAt = table.Column<DateTime>(nullable: false),
                ActorKind = table.Column<int>(nullable: false),
                ActorId = table.Column<string>(maxLength: 80, nullable: false),
                Action = table.Column<string>(maxLength: 80, nullable: false),
                EntityType = table.Column<string>(maxLength: 80, nullable: false),
                EntityId = table.Column<string>(maxLength: 80, nullable: false),
                Summary = table.Column<string>(maxLength: 4000, nullable: false),
                Sequence = table.Column<long>(nullable: true),
                PreviousHash = table.Column<string>(maxLength: 64, nullable: true),
                Hash = table.Column<string>(maxLength: 64, nullable: true),
                SealedAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AuditEntries", x => x.Id);
            });

        migrationBuilder.CreateTable(
            name: "AuditSeal",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false),
                LastSequence = table.Column<long>(nullable: false),
                LastHash = table.Column<string>(maxLength: 64, nullable: false),
                SealedAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AuditSeal", x => x.Id);
                table.CheckConstraint("CK_AuditSeal_Singleton", "\"Id\" = 1");
            });

        migrationBuilder.CreateTable(
            name: "Clinics",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Name = table.Column<string>(maxLength: 200, nullable: false),
                Address = table.Column<string>(maxLength: 500, nullable: false),
                TimeZoneId = table.Column<string>(maxLength: 64, nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Clinics", x => x.Id);
            });

        migrationBuilder.CreateTable(
            name: "CountySettings",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false),
                Name = table.Column<string>(maxLength: 200, nullable: false),
                TimeZoneId = table.Column<string>(maxLength: 64, nullable: false),
                InvitationExpiryHours = table.Column<int>(nullable: false),
                AutofillByDefault = table.Column<bool>(nullable: false),
                AutofillStartDaysAhead = table.Column<int>(nullable: false),
                HouseholdRegistrationLimit = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_CountySettings", x => x.Id);
                table.CheckConstraint("CK_CountySettings_Singleton", "\"Id\" = 1");
            });

        migrationBuilder.CreateTable(
            name: "DataProtectionKeys",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                FriendlyName = table.Column<string>(maxLength: 200, nullable: false),
                Xml = table.Column<string>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
            });

        migrationBuilder.CreateTable(
            name: "Outbox",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Channel = table.Column<int>(nullable: false),
                Recipient = table.Column<string>(maxLength: 320, nullable: false),
                Language = table.Column<string>(maxLength: 8, nullable: false),
                Template = table.Column<string>(maxLength: 80, nullable: false),
                Subject = table.Column<string>(maxLength: 300, nullable: false),
                Body = table.Column<string>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                Attempts = table.Column<int>(nullable: false),
                NextAttemptAt = table.Column<DateTime>(nullable: false),
                LeaseOwner = table.Column<string>(maxLength: 100, nullable: true),
                LeaseExpiresAt = table.Column<DateTime>(nullable: true),
                SentAt = table.Column<DateTime>(nullable: true),
                FailedAt = table.Column<DateTime>(nullable: true),
                LastError = table.Column<string>(maxLength: 1000, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Outbox", x => x.Id);
            });

        migrationBuilder.CreateTable(
            name: "Products",
            columns: table => new
            {
                CvxCode = table.Column<string>(maxLength: 8, nullable: false),
                Name = table.Column<string>(maxLength: 200, nullable: false),
                Manufacturer = table.Column<string>(maxLength: 200, nullable: false),
                DosesInSeries = table.Column<int>(nullable: false),
                DaysToNextDose = table.Column<int>(nullable: true),
                DosesPerVial = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Products", x => x.CvxCode);
            });

        migrationBuilder.CreateTable(
            name: "AspNetRoleClaims",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                RoleId = table.Column<Guid>(nullable: false),
                ClaimType = table.Column<string>(nullable: true),
                ClaimValue = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
                table.ForeignKey(
                    name: "FK_AspNetRoleClaims_AspNetRoles_RoleId",
                    column: x => x.RoleId,
                    principalTable: "AspNetRoles",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "AspNetUserClaims",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                UserId = table.Column<Guid>(nullable: false),
                ClaimType = table.Column<string>(nullable: true),
                ClaimValue = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
                table.ForeignKey(
                    name: "FK_AspNetUserClaims_AspNetUsers_UserId",
                    column: x => x.UserId,
                    principalTable: "AspNetUsers",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "AspNetUserLogins",
            columns: table => new
            {
                LoginProvider = table.Column<string>(nullable: false),
                ProviderKey = table.Column<string>(nullable: false),
                ProviderDisplayName = table.Column<string>(nullable: true),
                UserId = table.Column<Guid>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
                table.ForeignKey(
                    name: "FK_AspNetUserLogins_AspNetUsers_UserId",
                    column: x => x.UserId,
                    principalTable: "AspNetUsers",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "AspNetUserRoles",
            columns: table => new
            {
                UserId = table.Column<Guid>(nullable: false),
                RoleId = table.Column<Guid>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
                table.ForeignKey(
                    name: "FK_AspNetUserRoles_AspNetRoles_RoleId",
                    column: x => x.RoleId,
                    principalTable: "AspNetRoles",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
                table.ForeignKey(
                    name: "FK_AspNetUserRoles_AspNetUsers_UserId",
                    column: x => x.UserId,
                    principalTable: "AspNetUsers",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "AspNetUserTokens",
            columns: table => new
            {
                UserId = table.Column<Guid>(nullable: false),
                LoginProvider = table.Column<string>(nullable: false),
                Name = table.Column<string>(nullable: false),
                Value = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
                table.ForeignKey(
                    name: "FK_AspNetUserTokens_AspNetUsers_UserId",
                    column: x => x.UserId,
                    principalTable: "AspNetUsers",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "ClinicDays",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                ClinicId = table.Column<Guid>(nullable: false),
                Date = table.Column<DateOnly>(nullable: false),
                OpensAt = table.Column<TimeOnly>(nullable: false),
                ClosesAt = table.Column<TimeOnly>(nullable: false),
                SlotMinutes = table.Column<int>(nullable: false),
                ProductCvx = table.Column<string>(maxLength: 8, nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                AutofillEnabled = table.Column<bool>(nullable: true),
                AutofillStartDaysAhead = table.Column<int>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ClinicDays", x => x.Id);
                table.ForeignKey(
                    name: "FK_ClinicDays_Clinics_ClinicId",
                    column: x => x.ClinicId,
                    principalTable: "Clinics",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
                table.ForeignKey(
                    name: "FK_ClinicDays_Products_ProductCvx",
                    column: x => x.ProductCvx,
                    principalTable: "Products",
                    principalColumn: "CvxCode",
                    onDelete: ReferentialAction.Restrict);
                table.CheckConstraint("CK_ClinicDays_Hours", "\"ClosesAt\" > \"OpensAt\"");
                table.CheckConstraint("CK_ClinicDays_SlotMinutes", "\"SlotMinutes\" BETWEEN 5 AND 240");
            });

        migrationBuilder.CreateTable(
            name: "Slots",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                ClinicDayId = table.Column<Guid>(nullable: false),
                StartsAt = table.Column<DateTime>(nullable: false),
                EndsAt = table.Column<DateTime>(nullable: false),
                Capacity = table.Column<int>(nullable: false),
                Booked = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Slots", x => x.Id);
                table.ForeignKey(
                    name: "FK_Slots_ClinicDays_ClinicDayId",
                    column: x => x.ClinicDayId,
                    principalTable: "ClinicDays",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
                table.CheckConstraint("CK_Slots_Booked", "\"Booked\" >= 0 AND \"Booked\" <= \"Capacity\"");
                table.CheckConstraint("CK_Slots_Capacity", "\"Capacity\" > 0");
                table.CheckConstraint("CK_Slots_Period", "\"EndsAt\" > \"StartsAt\"");
            });

        migrationBuilder.CreateIndex(
            name: "IX_AspNetRoleClaims_RoleId",
            table: "AspNetRoleClaims",
            column: "RoleId");

        migrationBuilder.CreateIndex(
            name: "RoleNameIndex",
            table: "AspNetRoles",
            column: "NormalizedName",
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_AspNetUserClaims_UserId",
            table: "AspNetUserClaims",
            column: "UserId");

        migrationBuilder.CreateIndex(
            name: "IX_AspNetUserLogins_UserId",
            table: "AspNetUserLogins",
            column: "UserId");

        migrationBuilder.CreateIndex(
            name: "IX_AspNetUserRoles_RoleId",
            table: "AspNetUserRoles",
            column: "RoleId");

        migrationBuilder.CreateIndex(
            name: "EmailIndex",
            table: "AspNetUsers",
            column: "NormalizedEmail");

        migrationBuilder.CreateIndex(
            name: "UserNameIndex",
            table: "AspNetUsers",
            column: "NormalizedUserName",
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_AuditEntries_EntityType_EntityId",
            table: "AuditEntries",
            columns: new[] { "EntityType", "EntityId" });

        migrationBuilder.CreateIndex(
            name: "IX_AuditEntries_SealedAt_RecordedAt",
            table: "AuditEntries",
            columns: new[] { "SealedAt", "RecordedAt" });

        migrationBuilder.CreateIndex(
            name: "IX_AuditEntries_Sequence",
            table: "AuditEntries",
            column: "Sequence",
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_ClinicDays_ClinicId_Date",
            table: "ClinicDays",
            columns: new[] { "ClinicId", "Date" },
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_ClinicDays_Date",
            table: "ClinicDays",
            column: "Date");

        migrationBuilder.CreateIndex(
            name: "IX_ClinicDays_ProductCvx",
            table: "ClinicDays",
            column: "ProductCvx");

        migrationBuilder.CreateIndex(
            name: "IX_Clinics_Name",
            table: "Clinics",
            column: "Name",
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_Outbox_SentAt_NextAttemptAt",
            table: "Outbox",
            columns: new[] { "SentAt", "NextAttemptAt" });

        migrationBuilder.CreateIndex(
            name: "IX_Slots_ClinicDayId_StartsAt",
            table: "Slots",
            columns: new[] { "ClinicDayId", "StartsAt" },
            unique: true);

        // Seed rows as plain SQL: without a target model, InsertData cannot know the column types.
        // The first release knew these three; later products and columns come with migration 0007.
        foreach (var p in VaccineProduct.Defaults.Where(p => p.CvxCode is "207" or "208" or "212"))
        {
            migrationBuilder.Sql(
                "INSERT INTO \"Products\" (\"CvxCode\", \"Name\", \"Manufacturer\", \"DosesInSeries\", \"DaysToNextDose\", \"DosesPerVial\") " +
                $"VALUES ({Text(p.CvxCode)}, {Text(p.Name)}, {Text(p.Manufacturer)}, {p.DosesInSeries}, {(p.DaysToNextDose?.ToString(CultureInfo.InvariantCulture) ?? "NULL")}, {p.DosesPerVial});");
        }

        migrationBuilder.Sql(
            "INSERT INTO \"AuditSeal\" (\"Id\", \"LastSequence\", \"LastHash\", \"SealedAt\") " +
            $"VALUES ({AuditSeal.SingletonId}, 0, {Text(AuditEntry.GenesisHash)}, NULL);");

        foreach (var (role, id) in StaffRoleIds)
        {
            migrationBuilder.Sql(
                "INSERT INTO \"AspNetRoles\" (\"Id\", \"Name\", \"NormalizedName\", \"ConcurrencyStamp\") " +
                $"VALUES ({Text(id.ToString().ToUpperInvariant())}, {Text(role)}, {Text(role.ToUpperInvariant())}, {Text(id.ToString())});");
        }

        AuditLogTriggers.Create(migrationBuilder);
    }

    private static readonly (string Role, Guid Id)[] StaffRoleIds =
    [
        (StaffRoles.Admin, new Guid("0193a000-0000-7000-8000-000000000001")),
        (StaffRoles.Scheduler, new Guid("0193a000-0000-7000-8000-000000000002")),
        (StaffRoles.ClinicStaff, new Guid("0193a000-0000-7000-8000-000000000003")),
        (StaffRoles.CallCentre, new Guid("0193a000-0000-7000-8000-000000000004")),
    ];

    private static string Text(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    protected override void Down(MigrationBuilder migrationBuilder) =>
        throw new NotSupportedException("FairShot migrations go forward only; restore a backup to go back.");
}
