using System.Security.Cryptography;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using WvsMesh.ServiceDefaults.Bus;

namespace WvsMesh.ServiceDefaults.Identity;

/// <summary>Registration of the signed identity, its authentication scheme and the policies' GitLab answers.</summary>
public static class SignedIdentityExtensions
{
    internal static IHostApplicationBuilder AddSignedIdentity(this IHostApplicationBuilder builder)
    {
        var distributed = !string.IsNullOrWhiteSpace(builder.Configuration[$"{BusOptions.Section}:Host"]);
        // One process signs and verifies in the all-in-one host, so a random key per process is enough there.
        var processKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        builder.Services.AddOptions<IdentityOptions>()
            .Bind(builder.Configuration)
            .PostConfigure(options => options.SigningKey ??= distributed ? null : processKey)
            .Validate(options => !string.IsNullOrWhiteSpace(options.SigningKey),
                "WVS_IDENTITY_KEY must be set (the same value on the gateway and every service) when services run apart.")
            .ValidateOnStart();
        builder.Services.AddSingleton<SignedIdentity>();
        builder.Services.AddAuthentication(SignedIdentityAuthentication.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, SignedIdentityAuthentication>(SignedIdentityAuthentication.SchemeName, null);
        builder.Services.AddAuthorization();
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, GitLabAuthorizationAnswers>();
        return builder;
    }
}

/// <summary>Verifies <see cref="SignedIdentity.Header"/> and puts the caller where <see cref="CallerIdentity.BindAsync"/> finds it.</summary>
public static class SignedIdentityFilter
{
    /// <summary>Reads the caller of this request, if any, without demanding one.</summary>
    public static CallerIdentity? Read(HttpContext context)
    {
        if (context.Items[typeof(CallerIdentity)] is CallerIdentity known)
        {
            return known;
        }
        var caller = context.RequestServices.GetRequiredService<SignedIdentity>().Verify(context.Request.Headers[SignedIdentity.Header]);
        if (caller is not null)
        {
            context.Items[typeof(CallerIdentity)] = caller;
        }
        return caller;
    }
}
