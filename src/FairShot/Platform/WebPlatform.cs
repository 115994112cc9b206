using System.Threading.RateLimiting;
using FairShot.Features.Audit;
using FairShot.Features.Clinics;
using FairShot.Features.Staff;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.HttpOverrides;

namespace FairShot.Platform;

/// <summary>What every request goes through: errors as ProblemDetails, security headers, rate limits, health, OpenAPI.</summary>
public static class WebPlatform
{
    public const long MaxRequestBodyBytes = 1024 * 1024;

    public static WebApplicationBuilder AddWebPlatform(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        if (!builder.Environment.IsDevelopment())
        {
            builder.Logging.AddJsonConsole(o => o.IncludeScopes = false);
        }

        services.AddSingleton(TimeProvider.System);
        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o => o.SerializerOptions.AllowTrailingCommas = false);
        services.AddOpenApi();
        services.AddRazorPages(o => o.RootDirectory = "/Features");
        services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: ["ready"]);
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));

        var signInsPerMinute = builder.Configuration.GetValue("RateLimits:SignInsPerMinute", 30);
        var codesPerMinute = builder.Configuration.GetValue("RateLimits:CodesPerMinute", 30);
        var invitationActionsPerMinute = builder.Configuration.GetValue("RateLimits:InvitationActionsPerMinute", 120);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // A brake on password guessing from one address; the lockout in the database is the real limit.
            o.AddPolicy(StaffApi.TokenRateLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = signInsPerMinute, Window = TimeSpan.FromMinutes(1) }));
            // A brake per address on the invitation steps; the real limits are per code and per contact, in the database.
            o.AddPolicy(Features.Invitations.InvitationsApi.InvitationRateLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = invitationActionsPerMinute, Window = TimeSpan.FromMinutes(1) }));
            // Code requests and guesses per address; the per-contact caps and per-code tries live in the database.
            o.AddPolicy(Features.Registration.RegistrationApi.CodeRateLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = codesPerMinute, Window = TimeSpan.FromMinutes(1) }));
        });

        services.AddScoped<AuditTrail>();
        services.AddScoped<AuditVerifier>();
        services.AddSingleton<AuditSealer>();
        services.Configure<AuditOptions>(builder.Configuration.GetSection("Audit"));
        if (builder.Configuration.GetValue("Audit:Sealer:Enabled", true))
        {
            services.AddHostedService<AuditSealerService>();
        }
        services.AddScoped<ClinicScheduling>();
        services.AddScoped<Features.Registration.EligibilityRules>();
        services.AddScoped<Features.Registration.RegistrationService>();
        services.AddScoped<Features.Registration.StatusLookup>();
        services.AddScoped<Features.Registration.PhaseSwitch>();
        services.AddScoped<Features.Registration.EligibilitySeed>();
        services.AddScoped<Data.JobRuns>();
        services.AddScoped<Features.Invitations.InvitationWaves>();
        services.AddScoped<Features.Invitations.InvitationAccess>();
        services.AddSingleton<Features.Invitations.VisitNotes>();
        services.AddScoped<Features.Booking.BookAppointment>();
        services.AddScoped<Features.Booking.ManageAppointment>();
        services.AddScoped<Features.Backfill.FillMonitor>();
        services.AddScoped<Features.Backfill.TargetedBackfill>();
        services.AddScoped<Features.Backfill.RosterImport>();
        services.AddScoped<Features.Backfill.StandbyOffers>();
        services.AddSingleton<Features.Registration.BirthdayRegrouping>();
        if (builder.Configuration.GetValue("Jobs:Enabled", true))
        {
            services.AddHostedService<Features.Registration.BirthdayRegroupingService>();
            services.AddHostedService<Features.Backfill.FillMonitorService>();
        }
        return builder;
    }

    public static WebApplication UseWebPlatform(this WebApplication app)
    {
        // Behind a proxy on this machine (nginx terminating TLS), believe its X-Forwarded-For and
        // X-Forwarded-Proto: the client's address for rate limits, https for Secure cookies.
        app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto });
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        if (app.Services.GetRequiredService<TransportSecurity>().RequireHttps)
        {
            app.UseHsts();
        }
        app.UseSecurityHeaders();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapGet("/robots.txt", () => Results.Text("User-agent: *\nDisallow: /i/\nDisallow: /appointments/\nDisallow: /console/\nDisallow: /api/\n", "text/plain"))
            .ExcludeFromDescription();
        return app;
    }
}
