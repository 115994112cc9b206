namespace FairShot.Platform;

/// <summary>
/// Whether FairShot is served over HTTPS. In production it is (directly, or behind a proxy that
/// terminates TLS and says so in X-Forwarded-Proto, which the app trusts only from the proxies in
/// <c>ForwardedHeaders:KnownProxies</c>), and every
/// cookie is then Secure-only. <c>Security:RequireHttps</c> overrides the default (on outside
/// Development and Testing) for a plain-HTTP run such as the benchmark on 127.0.0.1.
/// </summary>
public sealed record TransportSecurity(bool RequireHttps)
{
    public static TransportSecurity From(IConfiguration configuration, IHostEnvironment environment) =>
        new(configuration.GetValue<bool?>("Security:RequireHttps") ?? !(environment.IsDevelopment() || environment.IsEnvironment("Testing")));

    public CookieSecurePolicy CookiePolicy => RequireHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;

    /// <summary>For cookies written by hand: Secure when HTTPS is required, or when this request came over it.</summary>
    public bool SecureCookie(HttpRequest request) => RequireHttps || request.IsHttps;
}
