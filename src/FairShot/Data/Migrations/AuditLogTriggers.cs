using Microsoft.EntityFrameworkCore.Migrations;

namespace FairShot.Data.Migrations;

/// <summary>
/// The audit log is append-only in the database itself: rows cannot be deleted, and the only
/// update allowed is the sealer's one-time write of sequence and hash to an unsealed row, leaving
/// every recorded field as it was. Someone who drops these triggers to edit history is still
/// caught by the hash chain.
/// </summary>
internal static class AuditLogTriggers
{
    private const string Recorded = "\"Id\", \"RecordedAt\", \"ActorKind\", \"ActorId\", \"Action\", \"EntityType\", \"EntityId\", \"Summary\"";

    public static void Create(MigrationBuilder migrationBuilder)
    {
        if (migrationBuilder.ActiveProvider == "Npgsql.EntityFrameworkCore.PostgreSQL")
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP IN ('DELETE', 'TRUNCATE') THEN
                        RAISE EXCEPTION 'the audit log is append-only: entries cannot be deleted';
                    END IF;
                    IF OLD."Sequence" IS NOT NULL
                       OR (NEW."Id", NEW."RecordedAt", NEW."ActorKind", NEW."ActorId", NEW."Action", NEW."EntityType", NEW."EntityId", NEW."Summary")
                          IS DISTINCT FROM
                          (OLD."Id", OLD."RecordedAt", OLD."ActorKind", OLD."ActorId", OLD."Action", OLD."EntityType", OLD."EntityId", OLD."Summary") THEN
                        RAISE EXCEPTION 'the audit log is append-only: entries cannot be changed';
                    END IF;
                    RETURN NEW;
                END $$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON "AuditEntries"
                FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON "AuditEntries"
                FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only();
                """);
        }
        else
        {
            migrationBuilder.Sql("""
                CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON "AuditEntries"
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be deleted'); END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER audit_entries_no_edit BEFORE UPDATE OF {Recorded} ON "AuditEntries"
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be changed'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER audit_entries_no_reseal BEFORE UPDATE ON "AuditEntries" WHEN OLD."Sequence" IS NOT NULL
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: sealed entries cannot be changed'); END;
                """);
        }
    }
}
