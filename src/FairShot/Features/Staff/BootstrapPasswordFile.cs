namespace FairShot.Features.Staff;

/// <summary>
/// Where the first admin's generated password goes: a file only the account FairShot runs as can
/// read (mode 0600), at <c>Bootstrap:PasswordFile</c> (default <c>data/bootstrap-admin.txt</c> under
/// the content root), never the console or the log, which under systemd or in a container is kept
/// and shipped. The log says only where the file is. The file is written next to its final name
/// before the account is committed and moved into place after, so a password is never lost (the
/// start fails and the next one tries again) and never names an account that was not created.
/// </summary>
public sealed class BootstrapPasswordFile(IConfiguration configuration, IHostEnvironment environment, ILogger<BootstrapPasswordFile> logger)
{
    public const string DefaultPath = "data/bootstrap-admin.txt";

    public string Path
    {
        get
        {
            var configured = configuration["Bootstrap:PasswordFile"];
            var path = string.IsNullOrWhiteSpace(configured) ? DefaultPath : configured.Trim();
            return System.IO.Path.GetFullPath(System.IO.Path.IsPathRooted(path) ? path : System.IO.Path.Combine(environment.ContentRootPath, path));
        }
    }

    /// <summary>Writes the sign-in details to a new owner-only file beside <see cref="Path"/>; returns its name.</summary>
    public async Task<string> StageAsync(string email, string password, CancellationToken cancellationToken)
    {
        var final = Path;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(final)!);
        var staged = final + ".new-" + Guid.NewGuid().ToString("N");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        await using (var writer = new StreamWriter(new FileStream(staged, options)))
        {
            await writer.WriteAsync($"""
                FairShot created the first admin account.
                  e-mail:   {email}
                  password: {password}
                Sign in at /console/login, set up two-factor sign-in, create named accounts for staff,
                then delete this file.

                """.AsMemory(), cancellationToken);
        }
        return staged;
    }

    /// <summary>The account is committed: the file takes its final name (replacing any left from an earlier database).</summary>
    public void Publish(string staged)
    {
        var final = Path;
        File.Move(staged, final, overwrite: true);
        logger.LogWarning("FairShot created the first admin account. Its e-mail address and generated password are in {PasswordFile}, readable only by the user FairShot runs as. Sign in, then delete that file.", final);
    }

    /// <summary>The account was not created (another instance was first): the staged file goes.</summary>
    public static void Discard(string? staged)
    {
        if (staged is not null && File.Exists(staged))
        {
            File.Delete(staged);
        }
    }
}
