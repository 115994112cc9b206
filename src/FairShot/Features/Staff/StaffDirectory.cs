using System.Security.Cryptography;
using FairShot.Data;
using FairShot.Domain;
using FairShot.Features.Audit;
using FairShot.Features.Notifications;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace FairShot.Features.Staff;

public sealed record StaffSummary(Guid Id, string Email, string DisplayName, IReadOnlyList<string> Roles, bool IsActive, bool LockedOut, DateTime CreatedAt,
    IReadOnlyList<Guid> ClinicIds, IReadOnlyList<Guid>? LeadClinicIds = null);

public sealed record NewStaffMember(StaffSummary Staff, string InitialPassword);

public sealed record CreateStaffRequest(string? Email, string? DisplayName, IReadOnlyList<string>? Roles, string? Language, IReadOnlyList<Guid>? ClinicIds = null);

/// <summary>
/// The clinics a staff member belongs to (ClinicStaff act only on these); the list replaces the old one.
/// <paramref name="LeadClinicIds"/> (a subset) are the clinics where they are a lead and may correct or void a recorded dose;
/// left out, the leads stay as they were.
/// </summary>
public sealed record StaffClinicsRequest(IReadOnlyList<Guid>? ClinicIds, IReadOnlyList<Guid>? LeadClinicIds = null);

/// <summary>
/// Creating, listing and disabling staff accounts. Each change and its audit entry commit in one
/// transaction (Identity saves several times, so an explicit transaction wraps them).
/// </summary>
public sealed class StaffDirectory(FairShotDb db, UserManager<StaffUser> users, AuditTrail audit, Notifier notifier, TimeProvider clock, IConfiguration configuration)
{
    public async Task<IReadOnlyList<StaffSummary>> ListAsync(CancellationToken cancellationToken)
    {
        var rows = await db.Users.AsNoTracking().OrderBy(u => u.DisplayName).ThenBy(u => u.Email).ToListAsync(cancellationToken);
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name })
            .AsNoTracking().ToListAsync(cancellationToken);
        var clinics = await db.StaffClinics.AsNoTracking().ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        return rows.Select(u => new StaffSummary(u.Id, u.Email ?? "", u.DisplayName,
            roles.Where(r => r.UserId == u.Id).Select(r => r.Name!).Order(StringComparer.Ordinal).ToList(),
            u.IsActive, u.LockoutEnd > now, u.CreatedAt,
            clinics.Where(c => c.StaffUserId == u.Id).Select(c => c.ClinicId).Order().ToList(),
            clinics.Where(c => c.StaffUserId == u.Id && c.IsLead).Select(c => c.ClinicId).Order().ToList())).ToList();
    }

    public async Task<Result<NewStaffMember>> CreateAsync(Actor actor, CreateStaffRequest request, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var email = request.Email?.Trim();
        var name = request.DisplayName?.Trim();
        if (string.IsNullOrEmpty(email) || email.Length > 254 || !System.Net.Mail.MailAddress.TryCreate(email, out var parsed) || parsed.Address != email)
        {
            errors.Add("email", "Enter the staff member's work e-mail address, like name@county.gov.");
        }
        if (string.IsNullOrEmpty(name))
        {
            errors.Add("displayName", "Enter the staff member's name.");
        }
        else if (name.Length > StaffUser.DisplayNameMaxLength)
        {
            errors.Add("displayName", $"The name can be at most {StaffUser.DisplayNameMaxLength} characters.");
        }
        var roles = (request.Roles ?? []).Distinct(StringComparer.Ordinal).ToList();
        if (roles.Count == 0)
        {
            errors.Add("roles", "Choose at least one role.");
        }
        else if (roles.FirstOrDefault(r => !StaffRoles.All.Contains(r)) is { } unknown)
        {
            errors.Add("roles", $"'{Truncate(unknown)}' is not a role. Roles are {string.Join(", ", StaffRoles.All)}.");
        }
        var clinicIds = await CheckClinicsAsync(request.ClinicIds, errors, cancellationToken);
        if (errors.Any)
        {
            return errors.ToError();
        }
        if (await users.FindByEmailAsync(email!) is not null)
        {
            return ValidationError.For("email", "A staff account with this e-mail address already exists.");
        }

        var password = GeneratePassword();
        var user = new StaffUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name!, CreatedAt = clock.GetUtcNow().UtcDateTime };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return IdentityErrors(created);
        }
        await users.AddToRolesAsync(user, roles);
        var now = clock.GetUtcNow().UtcDateTime;
        db.StaffClinics.AddRange(clinicIds.Select(c => new StaffClinic(user.Id, c, now)));
        audit.Record(actor, "staff.created", "Staff", user.Id.ToString(), new { email, displayName = name, roles, clinics = clinicIds });
        var county = await CountyNameAsync(cancellationToken);
        notifier.Queue(NotificationChannel.Email, email!, request.Language, NotificationTemplates.StaffWelcome,
            w => w.StaffWelcomeMessage(name!, county, string.Join(", ", roles), ConsoleUrl));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new NewStaffMember(new StaffSummary(user.Id, email!, name!, roles, true, false, user.CreatedAt, clinicIds, []), password);
    }

    /// <summary>Replaces the clinics a staff member belongs to; takes effect on their next request.</summary>
    public async Task<Result<StaffSummary>> SetClinicsAsync(Actor actor, Guid staffId, StaffClinicsRequest request, CancellationToken cancellationToken)
    {
        if (!await db.Users.AnyAsync(u => u.Id == staffId, cancellationToken))
        {
            return new NotFoundError("There is no staff member with this id.");
        }
        var errors = new ValidationErrors();
        if (request.ClinicIds is null)
        {
            errors.Add("clinicIds", "Send the list of clinic ids this person belongs to (an empty list for none).");
        }
        var clinicIds = await CheckClinicsAsync(request.ClinicIds, errors, cancellationToken);
        var leadIds = request.LeadClinicIds?.Distinct().Order().ToList();
        if (leadIds is not null && leadIds.Except(clinicIds).Any())
        {
            errors.Add("leadClinicIds", "A person can lead only clinics they belong to: every id in leadClinicIds must also be in clinicIds.");
        }
        if (errors.Any)
        {
            return errors.ToError();
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var existing = await db.StaffClinics.Where(s => s.StaffUserId == staffId).ToListAsync(cancellationToken);
        var before = existing.Select(s => s.ClinicId).ToList();
        var leadsBefore = existing.Where(s => s.IsLead).Select(s => s.ClinicId).ToList();
        // Without leadClinicIds the leads stay as they were (for the clinics kept).
        leadIds ??= leadsBefore.Where(clinicIds.Contains).ToList();
        await db.StaffClinics.Where(s => s.StaffUserId == staffId && !clinicIds.Contains(s.ClinicId)).ExecuteDeleteAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var kept in existing.Where(s => clinicIds.Contains(s.ClinicId)))
        {
            kept.SetLead(leadIds.Contains(kept.ClinicId));
        }
        db.StaffClinics.AddRange(clinicIds.Except(before).Select(c => new StaffClinic(staffId, c, now, leadIds.Contains(c))));
        audit.Record(actor, "staff.clinics-set", "Staff", staffId.ToString(), new
        {
            clinics = clinicIds,
            added = clinicIds.Except(before).ToList(),
            removed = before.Except(clinicIds).ToList(),
            leads = leadIds,
            leadsBefore,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another admin changed the same person's clinics at the same moment.
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            return new ConflictError("This person's clinics were changed at the same time. Look at them again.");
        }
        await transaction.CommitAsync(cancellationToken);
        return (await ListAsync(cancellationToken)).Single(s => s.Id == staffId);
    }

    private async Task<List<Guid>> CheckClinicsAsync(IReadOnlyList<Guid>? requested, ValidationErrors errors, CancellationToken cancellationToken)
    {
        var ids = (requested ?? []).Distinct().Order().ToList();
        if (ids.Count > MaxClinicsPerStaff)
        {
            errors.Add("clinicIds", $"A staff member can belong to at most {MaxClinicsPerStaff} clinics.");
        }
        else if (ids.Count > 0 && await db.Clinics.CountAsync(c => ids.Contains(c.Id), cancellationToken) != ids.Count)
        {
            errors.Add("clinicIds", "Choose clinics from the list: at least one of these ids is not a clinic.");
        }
        return ids;
    }

    public const int MaxClinicsPerStaff = 50;

    /// <summary>Every clinic by name, for the console's assignment form.</summary>
    public async Task<IReadOnlyList<(Guid Id, string Name)>> ClinicChoicesAsync(CancellationToken cancellationToken) =>
        (await db.Clinics.AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken))
        .Select(c => (c.Id, c.Name)).ToList();

    public async Task<Result<StaffSummary>> DisableAsync(Actor actor, Guid staffId, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(staffId.ToString());
        if (user is null)
        {
            return new NotFoundError("There is no staff member with this id.");
        }
        if (actor.Kind == ActorKind.Staff && actor.Id == staffId.ToString())
        {
            return new ConflictError("You cannot disable your own account; ask another admin.");
        }
        if (!user.IsActive)
        {
            return (await ListAsync(cancellationToken)).Single(s => s.Id == staffId);
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        user.Disable(clock.GetUtcNow().UtcDateTime);
        audit.Record(actor, "staff.disabled", "Staff", user.Id.ToString(), new { email = user.Email });
        // A new security stamp invalidates every cookie and bearer token the account holds.
        var updated = await users.UpdateSecurityStampAsync(user);
        if (!updated.Succeeded)
        {
            return IdentityErrors(updated);
        }
        await transaction.CommitAsync(cancellationToken);
        return (await ListAsync(cancellationToken)).Single(s => s.Id == staffId);
    }

    /// <summary>
    /// On first start with no staff, creates the admin named by <c>Bootstrap:AdminEmail</c> and
    /// <c>Bootstrap:AdminPassword</c>; with no password configured, generates one and hands it over
    /// in <paramref name="passwordFile"/> (owner-only; never the console or the log). Returns false
    /// when staff already exist.
    /// </summary>
    public async Task<bool> BootstrapAdminAsync(BootstrapPasswordFile passwordFile, CancellationToken cancellationToken)
    {
        if (await db.Users.AnyAsync(cancellationToken))
        {
            return false;
        }
        var email = configuration["Bootstrap:AdminEmail"];
        email = string.IsNullOrWhiteSpace(email) ? "admin@fairshot.local" : email.Trim();
        var configured = configuration["Bootstrap:AdminPassword"];
        var password = string.IsNullOrEmpty(configured) ? GeneratePassword() : configured;

        var user = new StaffUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Administrator", CreatedAt = clock.GetUtcNow().UtcDateTime };
        string? staged = null;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            IdentityResult created;
            try
            {
                created = await users.CreateAsync(user, password);
            }
            catch (DbUpdateException)
            {
                created = IdentityResult.Failed(new IdentityError { Description = "The account exists already." });
            }
            if (!created.Succeeded)
            {
                // Another instance created it first (unique e-mail), or the configured password is too weak.
                await transaction.RollbackAsync(cancellationToken);
                if (await db.Users.AnyAsync(cancellationToken))
                {
                    return false;
                }
                throw new InvalidOperationException("Could not create the bootstrap admin: " + string.Join(" ", created.Errors.Select(e => e.Description)));
            }
            await users.AddToRoleAsync(user, StaffRoles.Admin);
            audit.Record(Actor.System, "staff.bootstrapped", "Staff", user.Id.ToString(), new { email, roles = new[] { StaffRoles.Admin } });
            await db.SaveChangesAsync(cancellationToken);
            if (string.IsNullOrEmpty(configured))
            {
                // Written before the commit: if it cannot be, no account is made that nobody can sign in to.
                staged = await passwordFile.StageAsync(email, password, cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        catch
        {
            BootstrapPasswordFile.Discard(staged);
            throw;
        }
        if (staged is not null)
        {
            passwordFile.Publish(staged);
        }
        return true;
    }

    private string ConsoleUrl => (configuration["PublicBaseUrl"] ?? "http://localhost:5080").TrimEnd('/') + "/console";

    private async Task<string> CountyNameAsync(CancellationToken cancellationToken) =>
        await db.CountySettings.Select(c => c.Name).FirstOrDefaultAsync(cancellationToken) ?? "Your health department";

    internal static string GeneratePassword() =>
        // 120 bits, letters and digits only so it can be read aloud over the phone.
        string.Create(20, 0, static (span, _) =>
        {
            const string alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
            }
        });

    private static ValidationError IdentityErrors(IdentityResult result) =>
        new(new Dictionary<string, string[]> { ["email"] = result.Errors.Select(e => e.Description).ToArray() });

    private static string Truncate(string value) => value.Length > 40 ? value[..40] + "…" : value;
}
