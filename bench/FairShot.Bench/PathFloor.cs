using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Notifications;
using FairShot.Features.OneTimeCodes;
using FairShot.Features.Shared.Languages;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace FairShot.Bench;

/// <summary>
/// The path floor: the four transactions an invitee's path commits, statement for statement, as
/// plain parameterised SQL on the same engine with the app's durability, no HTTP and no ORM. It runs
/// on a database of its own built by the app's migrations (the real tables, indexes, constraints and
/// audit triggers), seeded like the wave (days of 40 slots of 25 seats, 1.3 invitees per seat), and
/// is played by as many workers as the wave has virtual users over as many invitees as the wave has.
///
/// Per invitee, in order (what <c>VisitNotes</c>, <c>InvitationAccess</c> and <c>BookAppointment</c> run
/// inside their transactions; the reads the app makes before opening a transaction — the invitation by
/// its token, the session, the slot list, the slot, day, clinic and product of a booking — are not here):
/// <list type="number">
/// <item>visit note: one more visit on the invitation, this device on this network once;</item>
/// <item>code: the visit note, the person, the two daily caps (codes for the invitation, codes to the
/// contact), earlier codes replaced, the code row and its message in the outbox;</item>
/// <item>verification: the visit note, the person, the current code, one try spent, the code used,
/// the session and its audit entry;</item>
/// <item>booking: the invitation consumed, the person marked booked, the appointment, its audit entry,
/// the confirmation message, the idempotency record, and last the seat taken with a conditional update
/// (rolled back and another slot tried when the slot is full, as the app answers 409 and the client
/// picks an alternative).</item>
/// </list>
/// </summary>
internal static class PathFloor
{
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    /// <summary>What the floor did. On SQLite the engine runs inside the bench process, so its CPU is in <paramref name="ClientCpuSeconds"/>;
    /// <paramref name="ServerCpuSeconds"/> is the idle FairShot server meanwhile (background jobs only), to show it did not compete.</summary>
    public sealed record Outcome(int Invitees, int Bookings, int Seats, int Commits, int Rollbacks, double Seconds, double DatabaseCpuSeconds, double ClientCpuSeconds, double ServerCpuSeconds)
    {
        public double PerSecond => Seconds == 0 ? 0 : Bookings / Seconds;
        public double CommitsPerSecond => Seconds == 0 ? 0 : Commits / Seconds;
    }

    private sealed record FloorInvitee(Guid InvitationId, Guid PersonId, string Email, string FirstName, DateOnly DateOfBirth, int Day);

    private sealed record FloorSlot(Guid Id, Guid ClinicDayId, DateTime StartsAt, DateTime EndsAt, int Day);

    public static async Task<Outcome> RunAsync(BenchOptions o, string connection, string work, int serverPid, int? postmasterPid)
    {
        var postgres = o.Provider == "postgres";
        var floor = postgres ? await CreatePostgresDatabaseAsync(connection, o.Users) : $"Data Source={Path.Combine(work, "floor.db")};Default Timeout=60";
        try
        {
            var days = Math.Max(1, (int)Math.Ceiling(o.Seats / 1000.0));
            var (invitees, slots) = await SeedAsync(postgres, floor, days);
            var full = new ConcurrentDictionary<Guid, bool>();
            var queue = new ConcurrentQueue<FloorInvitee>(invitees);
            int bookings = 0, commits = 0, rollbacks = 0;
            var cpu = CpuMeter.Start(serverPid, postgres, postmasterPid);
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, o.Users).Select(async _ =>
            {
                await using var db = await OpenAsync(postgres, floor);
                var sql = new Statements(db, postgres);
                while (queue.TryDequeue(out var invitee))
                {
                    var (booked, c, r) = await PlayAsync(sql, invitee, slots[invitee.Day], full);
                    Interlocked.Add(ref commits, c);
                    Interlocked.Add(ref rollbacks, r);
                    if (booked)
                    {
                        Interlocked.Increment(ref bookings);
                    }
                }
            }));
            watch.Stop();
            var used = cpu.Stop();
            await CheckAsync(postgres, floor, bookings);
            return new Outcome(invitees.Count, bookings, slots.Sum(s => s.Count) * 25, commits, rollbacks, watch.Elapsed.TotalSeconds, used.Database, used.Client, used.Server);
        }
        finally
        {
            if (postgres)
            {
                await DropPostgresDatabaseAsync(connection, floor);
            }
        }
    }

    /// <summary>One invitee's four transactions; returns whether it booked, and the commits and rollbacks it took.</summary>
    private static async Task<(bool Booked, int Commits, int Rollbacks)> PlayAsync(Statements sql, FloorInvitee invitee, List<FloorSlot> slots, ConcurrentDictionary<Guid, bool> full)
    {
        var subject = invitee.InvitationId.ToString("N");
        var commits = 0;
        var rollbacks = 0;

        // 1. The landing page's visit note.
        await using (var tx = await sql.BeginAsync())
        {
            await NoteVisitAsync(sql, invitee, DateTime.UtcNow);
            await tx.CommitAsync();
            commits++;
        }

        // 2. The code and its message.
        var code = OneTimeCode.NewCode();
        var codeHash = OneTimeCodeHasher.Hash(FloorCodeKey, CodePurpose.Invitation, subject, code);
        await using (var tx = await sql.BeginAsync())
        {
            var now = DateTime.UtcNow;
            await NoteVisitAsync(sql, invitee, now);
            await sql.ReadAsync("SELECT * FROM \"People\" WHERE \"Id\" = @p LIMIT 2", ("@p", invitee.PersonId));
            var since = now.AddDays(-1);
            // OneTimeCodeService: the subject's gate row (and the contact's) is locked before the caps are counted.
            foreach (var (scope, gated) in new[] { ("invitation", subject), ("recipient", invitee.Email) })
            {
                await sql.ExecAsync("INSERT INTO \"OneTimeCodeGates\" (\"Scope\", \"Subject\", \"TouchedAt\") VALUES (@scope, @s, @now) ON CONFLICT (\"Scope\", \"Subject\") DO UPDATE SET \"TouchedAt\" = excluded.\"TouchedAt\"",
                    ("@scope", scope), ("@s", gated), ("@now", now));
            }
            await sql.ScalarAsync("SELECT COUNT(*) FROM \"OneTimeCodes\" WHERE \"Purpose\" = @purpose AND \"Subject\" = @s AND \"CreatedAt\" > @since",
                ("@purpose", (int)CodePurpose.Invitation), ("@s", subject), ("@since", since));
            await sql.ScalarAsync("SELECT COUNT(*) FROM \"Outbox\" WHERE \"Recipient\" = @r AND \"Template\" = @t AND \"CreatedAt\" > @since",
                ("@r", invitee.Email), ("@t", NotificationTemplates.InvitationCode), ("@since", since));
            await sql.ExecAsync("UPDATE \"OneTimeCodes\" SET \"ReplacedAt\" = @now WHERE \"Purpose\" = @purpose AND \"Subject\" = @s AND \"UsedAt\" IS NULL AND \"ReplacedAt\" IS NULL",
                ("@now", now), ("@purpose", (int)CodePurpose.Invitation), ("@s", subject));
            var row = new OneTimeCode(CodePurpose.Invitation, subject, codeHash, now);
            var message = Message(invitee.Email, NotificationTemplates.InvitationCode, Words.English.InvitationCodeMessage(code, 10), now);
            await sql.BatchAsync(
                ("INSERT INTO \"OneTimeCodes\" (\"Id\", \"Purpose\", \"Subject\", \"CodeHash\", \"CreatedAt\", \"ExpiresAt\", \"Attempts\") VALUES (@id, @purpose, @s, @h, @now, @exp, 0)",
                    [("@id", row.Id), ("@purpose", (int)row.Purpose), ("@s", row.Subject), ("@h", row.CodeHash), ("@now", row.CreatedAt), ("@exp", row.ExpiresAt)]),
                OutboxInsert(message));
            await tx.CommitAsync();
            commits++;
        }

        // 3. The verification: a try spent, the code used, a session and its audit entry.
        await using (var tx = await sql.BeginAsync())
        {
            var now = DateTime.UtcNow;
            await NoteVisitAsync(sql, invitee, now);
            await sql.ReadAsync("SELECT * FROM \"People\" WHERE \"Id\" = @p LIMIT 2", ("@p", invitee.PersonId));
            var current = await sql.ReadAsync("SELECT \"Id\", \"CodeHash\", \"Purpose\", \"Subject\", \"CreatedAt\", \"ExpiresAt\", \"Attempts\", \"UsedAt\", \"ReplacedAt\" FROM \"OneTimeCodes\" "
                + "WHERE \"Purpose\" = @purpose AND \"Subject\" = @s AND \"UsedAt\" IS NULL AND \"ReplacedAt\" IS NULL AND \"ExpiresAt\" > @now ORDER BY \"CreatedAt\" DESC LIMIT 1",
                ("@purpose", (int)CodePurpose.Invitation), ("@s", subject), ("@now", now));
            if (current is null || (string)current[1] != codeHash)
            {
                throw new InvalidOperationException("Path floor: the code just written was not found.");
            }
            var codeId = current[0];
            if (await sql.ExecAsync("UPDATE \"OneTimeCodes\" SET \"Attempts\" = \"Attempts\" + 1 WHERE \"Id\" = @id AND \"Attempts\" < @max AND \"UsedAt\" IS NULL",
                    ("@id", codeId), ("@max", OneTimeCode.MaxAttempts)) != 1
                || await sql.ExecAsync("UPDATE \"OneTimeCodes\" SET \"UsedAt\" = @now WHERE \"Id\" = @id AND \"UsedAt\" IS NULL", ("@now", now), ("@id", codeId)) != 1)
            {
                throw new InvalidOperationException("Path floor: the code could not be spent.");
            }
            var session = new InvitationSession(invitee.InvitationId, Invitation.HashToken(Invitation.NewToken()), "email", now);
            var audit = new AuditEntry(Actor.Resident, "invitation.verified", "Invitation", invitee.InvitationId.ToString(), JsonSerializer.Serialize(new { session = session.Id }, WebJson), now);
            await sql.BatchAsync(
                ("INSERT INTO \"InvitationSessions\" (\"Id\", \"InvitationId\", \"TokenHash\", \"VerifiedContact\", \"CreatedAt\", \"ExpiresAt\") VALUES (@id, @inv, @h, @c, @now, @exp)",
                    [("@id", session.Id), ("@inv", session.InvitationId), ("@h", session.TokenHash), ("@c", session.VerifiedContact), ("@now", session.CreatedAt), ("@exp", session.ExpiresAt)]),
                AuditInsert(audit));
            await tx.CommitAsync();
            commits++;
        }

        // 4. The booking, the seat last; on a full slot another one, as the client does on 409.
        var key = Guid.NewGuid().ToString();
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var open = slots.Where(s => !full.ContainsKey(s.Id)).ToList();
            if (open.Count == 0)
            {
                return (false, commits, rollbacks);
            }
            var slot = open[Random.Shared.Next(open.Count)];
            await using var tx = await sql.BeginAsync();
            var now = DateTime.UtcNow;
            if (await sql.ExecAsync("UPDATE \"Invitations\" SET \"State\" = @used, \"UsedAt\" = @now WHERE \"Id\" = @id AND \"State\" = @outstanding AND \"ExpiresAt\" > @now",
                    ("@used", (int)InvitationState.Used), ("@now", now), ("@id", invitee.InvitationId), ("@outstanding", (int)InvitationState.Outstanding)) != 1)
            {
                throw new InvalidOperationException("Path floor: the invitation could not be consumed.");
            }
            await sql.ExecAsync("UPDATE \"People\" SET \"Status\" = @status WHERE \"Id\" = @id", ("@status", (int)PersonStatus.Booked), ("@id", invitee.PersonId));
            var appointmentId = Guid.CreateVersion7();
            var confirmation = Appointment.NewConfirmationCode();
            var audit = new AuditEntry(Actor.Resident, "appointment.booked", "Appointment", appointmentId.ToString(), JsonSerializer.Serialize(new
            {
                person = invitee.PersonId,
                slot = slot.Id,
                dose = 1,
                invitation = (Guid?)invitee.InvitationId,
                verifiedBy = "email",
                staff = (Guid?)null,
                reason = (string?)null,
                secondDose = (string?)null,
            }, WebJson), now);
            var when = slot.StartsAt.ToString("dddd d MMMM yyyy, h:mm tt", CultureInfo.InvariantCulture);
            var message = Message(invitee.Email, NotificationTemplates.Booked,
                Words.English.BookedMessage(invitee.FirstName, when, "Bench Floor Clinic", "1 Floor Rd", confirmation, "", $"http://127.0.0.1/appointments/{confirmation}", "0000"), now);
            var body = JsonSerializer.Serialize(new
            {
                confirmationCode = confirmation,
                startsAt = slot.StartsAt,
                endsAt = slot.EndsAt,
                clinic = new { name = "Bench Floor Clinic", address = "1 Floor Rd", timeZone = "America/Chicago" },
                product = "Janssen COVID-19 Vaccine",
                secondDose = (object?)null,
            }, WebJson);
            await sql.BatchAsync(
                ("INSERT INTO \"Appointments\" (\"Id\", \"PersonId\", \"SlotId\", \"ClinicDayId\", \"DoseNumber\", \"State\", \"ConfirmationCode\", \"BookedAt\", \"InvitationId\", \"VerifiedContact\") "
                    + "VALUES (@id, @p, @slot, @day, 1, @state, @code, @now, @inv, @c)",
                    [("@id", appointmentId), ("@p", invitee.PersonId), ("@slot", slot.Id), ("@day", slot.ClinicDayId), ("@state", (int)AppointmentState.Booked),
                        ("@code", confirmation), ("@now", now), ("@inv", invitee.InvitationId), ("@c", "email")]),
                AuditInsert(audit),
                OutboxInsert(message),
                ("INSERT INTO \"IdempotencyRecords\" (\"Scope\", \"Key\", \"StatusCode\", \"ResponseBody\", \"CreatedAt\") VALUES (@scope, @key, 201, @body, @now)",
                    [("@scope", "book:" + subject), ("@key", key + attempt), ("@body", body), ("@now", now)]));
            if (await sql.ExecAsync("UPDATE \"Slots\" SET \"Booked\" = \"Booked\" + 1 WHERE \"Id\" = @id AND \"Booked\" < \"Capacity\"", ("@id", slot.Id)) == 1)
            {
                await tx.CommitAsync();
                commits++;
                return (true, commits, rollbacks);
            }
            await tx.RollbackAsync();
            rollbacks++;
            full[slot.Id] = true;
        }
        return (false, commits, rollbacks);
    }

    private static Task<int> NoteVisitAsync(Statements sql, FloorInvitee invitee, DateTime now) =>
        // VisitNotes.Sql: one command of two statements. The bench's client is one device on one network.
        sql.ExecAsync("""
            UPDATE "Invitations" SET "Visits" = "Visits" + 1 WHERE "Id" = @inv;
            INSERT INTO "InvitationVisits" ("Id", "InvitationId", "DeviceHash", "NetworkHash", "FirstSeenAt") VALUES (@id, @inv, @dev, @net, @now) ON CONFLICT DO NOTHING
            """, ("@inv", invitee.InvitationId), ("@id", Guid.CreateVersion7()), ("@dev", DeviceHash), ("@net", NetworkHash), ("@now", now));

    // The app keys code hashes (HMAC); the floor pays the same hashing with a key of its own.
    private static readonly byte[] FloorCodeKey = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);

    private static readonly string DeviceHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("device\nbench")));
    private static readonly string NetworkHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("network\n7F0000")));

    private static OutboxMessage Message(string recipient, string template, RenderedMessage rendered, DateTime now)
    {
        return new OutboxMessage(NotificationChannel.Email, recipient, "en", template, rendered.Subject, rendered.Body, now);
    }

    private static (string, (string, object?)[]) OutboxInsert(OutboxMessage m) =>
        ("INSERT INTO \"Outbox\" (\"Id\", \"Channel\", \"Recipient\", \"Language\", \"Template\", \"Subject\", \"Body\", \"CreatedAt\", \"Attempts\", \"NextAttemptAt\") "
            + "VALUES (@id, @channel, @r, @lang, @t, @subject, @body, @now, 0, @next)",
            [("@id", m.Id), ("@channel", (int)m.Channel), ("@r", m.Recipient), ("@lang", m.Language), ("@t", m.Template), ("@subject", m.Subject), ("@body", m.Body),
                ("@now", m.CreatedAt), ("@next", m.NextAttemptAt)]);

    private static (string, (string, object?)[]) AuditInsert(AuditEntry a) =>
        ("INSERT INTO \"AuditEntries\" (\"Id\", \"RecordedAt\", \"ActorKind\", \"ActorId\", \"Action\", \"EntityType\", \"EntityId\", \"Summary\") "
            + "VALUES (@id, @at, @kind, @actor, @action, @type, @entity, @summary)",
            [("@id", a.Id), ("@at", a.RecordedAt), ("@kind", (int)a.ActorKind), ("@actor", a.ActorId), ("@action", a.Action), ("@type", a.EntityType),
                ("@entity", a.EntityId), ("@summary", a.Summary)]);

    /// <summary>The app's migrations on a fresh database, then a clinic, its days and slots, people and their invitations (untimed).</summary>
    private static async Task<(List<FloorInvitee> Invitees, List<List<FloorSlot>> Slots)> SeedAsync(bool postgres, string floor, int days)
    {
        await using var db = Context(postgres, floor);
        await db.Database.MigrateAsync();
        if (!postgres)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }
        var now = DateTime.UtcNow;
        var clinic = Clinic.Create("Bench Floor Clinic", "1 Floor Rd", "America/Chicago", now).Value!;
        db.Clinics.Add(clinic);
        var product = VaccineProduct.Defaults.Single(p => p.CvxCode == "212");
        var today = DateOnly.FromDateTime(now);
        var dayRows = new List<ClinicDay>();
        for (var d = 0; d < days; d++)
        {
            var plan = new ClinicDay.Plan(today.AddDays(2 + d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "10:00", "20:00", 15, 25, product.CvxCode);
            var day = ClinicDay.Schedule(clinic, plan, product, DateTimeOffset.UtcNow);
            if (!day.Succeeded)
            {
                throw new InvalidOperationException("Path floor: " + day.Error);
            }
            day.Value!.BackWith(day.Value!.Capacity, null); // the booking path does not read stock; the day is backed as planning would
            dayRows.Add(day.Value!);
            db.ClinicDays.Add(day.Value!);
        }
        await db.SaveChangesAsync();

        var phase = DefaultEligibilityRules.Phases.Single(p => p.Code == "1a");
        var group = DefaultEligibilityRules.Groups.Single(g => g.Code == "healthcare-workers");
        var count = (int)(days * 40 * 25 * 1.3);
        var invitees = new List<FloorInvitee>();
        var wave = Guid.CreateVersion7();
        for (var i = 0; i < count; i++)
        {
            var email = $"floor{i}@bench.example.org";
            var dob = new DateOnly(1950, 1, 1).AddDays(i % 15000);
            var person = Person.Register(new Person.Details($"floor{i}", "Bench", dob, email, null, "63050", "healthcare", "home", [], "en"),
                now.AddMilliseconds(i), RegistrationSource.Self, null);
            person.AssignGroup(phase, group, today);
            db.People.Add(person);
            var day = dayRows[i % days];
            var (invitation, _) = Invitation.Issue(person.Id, wave, InvitationKind.Wave, 1, product.CvxCode, day.Id, null, null, now, TimeSpan.FromHours(48), Actor.System);
            db.Invitations.Add(invitation);
            invitees.Add(new FloorInvitee(invitation.Id, person.Id, email, person.FirstName, dob, i % days));
            if (i % 2000 == 1999)
            {
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
        }
        await db.SaveChangesAsync();
        var slots = dayRows.Select((day, d) => day.Slots.Select(s => new FloorSlot(s.Id, s.ClinicDayId, s.StartsAt, s.EndsAt, d)).ToList()).ToList();
        if (!postgres)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
        }
        return (invitees, slots);
    }

    /// <summary>The floor must be as correct as the path: no slot over capacity, counters equal to the appointments, one per invitee.</summary>
    private static async Task CheckAsync(bool postgres, string floor, int bookings)
    {
        await using var db = Context(postgres, floor);
        var slots = await db.Slots.AsNoTracking().ToListAsync();
        var appointments = await db.Appointments.AsNoTracking().ToListAsync();
        var perSlot = appointments.GroupBy(a => a.SlotId).ToDictionary(g => g.Key, g => g.Count());
        var overbooked = slots.Count(s => s.Booked > s.Capacity || perSlot.GetValueOrDefault(s.Id) != s.Booked);
        var duplicates = appointments.GroupBy(a => a.PersonId).Count(g => g.Count() > 1);
        var used = await db.Invitations.AsNoTracking().CountAsync(i => i.State == InvitationState.Used);
        var sessions = await db.InvitationSessions.AsNoTracking().CountAsync();
        var messages = await db.Outbox.AsNoTracking().CountAsync();
        var audit = await db.AuditEntries.AsNoTracking().CountAsync();
        if (overbooked != 0 || duplicates != 0 || appointments.Count != bookings || used != bookings || messages != sessions + bookings || audit != sessions + bookings)
        {
            throw new InvalidOperationException($"Path floor wrote an inconsistent database: {bookings} bookings, {appointments.Count} appointments, {used} invitations used, "
                + $"{overbooked} slots off, {duplicates} duplicates, {sessions} sessions, {messages} messages, {audit} audit entries.");
        }
    }

    private static FairShotDb Context(bool postgres, string floor)
    {
        var builder = new DbContextOptionsBuilder<FairShotDb>();
        if (postgres)
        {
            builder.UseNpgsql(floor);
        }
        else
        {
            builder.UseSqlite(floor);
        }
        return new FairShotDb(builder.Options);
    }

    private static async Task<DbConnection> OpenAsync(bool postgres, string floor)
    {
        DbConnection db = postgres ? new NpgsqlConnection(floor) : new SqliteConnection(floor);
        await db.OpenAsync();
        if (!postgres)
        {
            await using var pragma = db.CreateCommand();
            // The app's own settings (Data/DatabaseSetup.cs, SqlitePragmas).
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;";
            await pragma.ExecuteNonQueryAsync();
        }
        return db;
    }

    /// <summary>A database of its own on the same server, with the app's pool settings (no reset on close, statements prepared automatically).</summary>
    private static async Task<string> CreatePostgresDatabaseAsync(string connection, int users)
    {
        var csb = new NpgsqlConnectionStringBuilder(connection);
        var name = (csb.Database ?? "fairshot") + "_floor";
        await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connection) { Database = "postgres", Pooling = false }.ConnectionString))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\"", admin);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        csb.Database = name;
        csb.MaxPoolSize = users + 16;
        csb.NoResetOnClose = true;
        csb.MaxAutoPrepare = 100;
        return csb.ConnectionString;
    }

    private static async Task DropPostgresDatabaseAsync(string connection, string floor)
    {
        NpgsqlConnection.ClearAllPools();
        var name = new NpgsqlConnectionStringBuilder(floor).Database;
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connection) { Database = "postgres", Pooling = false }.ConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// One worker's commands, kept per SQL text so each is parsed once per connection (Npgsql also
    /// prepares them on the server, as the app's Max Auto Prepare does). On SQLite a GUID is bound as
    /// the upper-case text EF Core stores; the grouped inserts go as one batch on PostgreSQL, as EF
    /// Core's SaveChanges sends them.
    /// </summary>
    private sealed class Statements(DbConnection db, bool postgres)
    {
        private readonly Dictionary<string, DbCommand> _commands = [];
        private DbTransaction? _transaction;

        public async Task<DbTransaction> BeginAsync()
        {
            _transaction = await db.BeginTransactionAsync();
            return _transaction;
        }

        private DbCommand Command(string sql, (string Name, object? Value)[] values)
        {
            if (!_commands.TryGetValue(sql, out var command))
            {
                command = db.CreateCommand();
                command.CommandText = sql;
                foreach (var (name, _) in values)
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = name;
                    command.Parameters.Add(parameter);
                }
                _commands[sql] = command;
            }
            command.Transaction = _transaction;
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters[i].Value = Bind(values[i].Value);
            }
            return command;
        }

        private object Bind(object? value) => value switch
        {
            null => DBNull.Value,
            Guid g when !postgres => g.ToString().ToUpperInvariant(),
            _ => value,
        };

        public Task<int> ExecAsync(string sql, params (string, object?)[] values) => Command(sql, values).ExecuteNonQueryAsync();

        public Task<object?> ScalarAsync(string sql, params (string, object?)[] values) => Command(sql, values).ExecuteScalarAsync();

        /// <summary>The first row, every column read.</summary>
        public async Task<object[]?> ReadAsync(string sql, params (string, object?)[] values)
        {
            await using var reader = await Command(sql, values).ExecuteReaderAsync();
            object[]? first = null;
            while (await reader.ReadAsync())
            {
                var row = new object[reader.FieldCount];
                reader.GetValues(row);
                first ??= row;
            }
            return first;
        }

        public async Task BatchAsync(params (string Sql, (string, object?)[] Values)[] statements)
        {
            if (!postgres)
            {
                foreach (var (sql, values) in statements)
                {
                    await ExecAsync(sql, values);
                }
                return;
            }
            await using var batch = ((NpgsqlConnection)db).CreateBatch();
            batch.Transaction = (NpgsqlTransaction?)_transaction;
            foreach (var (sql, values) in statements)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = sql;
                foreach (var (name, value) in values)
                {
                    command.Parameters.Add(new NpgsqlParameter(name, Bind(value)));
                }
                batch.BatchCommands.Add(command);
            }
            await batch.ExecuteNonQueryAsync();
        }
    }
}
