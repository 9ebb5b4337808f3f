using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace WvsMesh.ServiceDefaults.Identity;

/// <summary>
/// ASP.NET Core authentication of the gateway-signed caller (<see cref="SignedIdentity.Header"/>): a valid value becomes
/// the request's <see cref="System.Security.Claims.ClaimsPrincipal"/> (<see cref="CallerClaims"/>); no value is no result,
/// a forged or stale one a failure. Either way the route's policy then answers 401.
/// </summary>
public sealed class SignedIdentityAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "SignedIdentity";

    /// <inheritdoc />
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.ContainsKey(SignedIdentity.Header))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        return Task.FromResult(SignedIdentityFilter.Read(Context) is { } caller
            ? AuthenticateResult.Success(new AuthenticationTicket(CallerClaims.Principal(caller, SchemeName), SchemeName))
            : AuthenticateResult.Fail("The signed identity is forged, stale or malformed."));
    }
}
