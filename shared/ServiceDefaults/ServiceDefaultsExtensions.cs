using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WvsMesh.ServiceDefaults.Http;
using WvsMesh.ServiceDefaults.Identity;
using WvsMesh.ServiceDefaults.Security;

namespace WvsMesh.ServiceDefaults;

/// <summary>What every WvsMesh host shares: telemetry, health, GitLab-shaped JSON, the signed caller identity.</summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Adds OpenTelemetry, health checks, the GitLab JSON conventions and identity verification.</summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        // Each host's appsettings names where it listens by default (the all-in-one: 127.0.0.1:8080); --urls, URLS,
        // ASPNETCORE_URLS and ASPNETCORE_HTTP(S)_PORTS (set to 8080 by the .NET container images) still win. A plain
        // "Urls" in appsettings would override ASPNETCORE_URLS.
        var listening = builder.Configuration["urls"] ?? builder.Configuration["http_ports"] ?? builder.Configuration["https_ports"];
        if (string.IsNullOrEmpty(listening) && builder.Configuration["DefaultUrls"] is { Length: > 0 } defaultUrls)
        {
            builder.Configuration["urls"] = defaultUrls;
        }
        // Bodies are bounded per route (#13): this is the limit of every route that names none (management APIs take a few
        // fields); the trigger, webhook and trace routes carry their own. Kestrel:Limits:MaxRequestBodySize overrides it.
        var maxBodyBytes = builder.Configuration.GetValue<long?>("Kestrel:Limits:MaxRequestBodySize") ?? RequestBodyLimits.DefaultBytes;
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize = maxBodyBytes);
        builder.Services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, RequestTargets>();
        builder.AddTelemetry();
        // "Request starting/finished" lines carry the query string, where a trigger token may be (?token=…): never logged.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Services.AddHealthChecks();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddProblemDetails();
        builder.Services.Configure<JsonOptions>(options => GitLabJson.Configure(options.SerializerOptions));
        builder.Services.AddOptions<WvsOptions>().Bind(builder.Configuration).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<WvsOptions>>(new PlaceholderSecrets(builder.Configuration));
        builder.AddSignedIdentity();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = GitLabErrors.TooManyRequestsAsync;
        });
        return builder;
    }

    /// <summary>
    /// Puts GitLab's error answers, rate limits, and the signed caller's authentication and authorization in front of
    /// the endpoints, and maps <c>/healthz</c> (the process answers) and <c>/readyz</c> (database and bus reachable).
    /// Called after the gateway's edge (<c>UseGateway</c>) where one host holds both, so the identity it signs is what is
    /// authenticated; a route's policy refuses before the endpoint binds (reads) the body.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UseExceptionHandler(GitLabErrors.HandleUnexpected);
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(HealthTags.Ready) });
        return app;
    }
}
