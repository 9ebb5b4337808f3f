using MassTransit;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WvsMesh.Contracts.Tokens;
using WvsMesh.Gateway.Ui;
using WvsMesh.ServiceDefaults.Http;
using WvsMesh.ServiceDefaults.Identity;
using WvsMesh.ServiceDefaults.Security;

namespace WvsMesh.Gateway.Edge;

/// <summary>
/// Authenticates the caller once at the edge (DESIGN.md, Identity between services): a personal access token in
/// <c>PRIVATE-TOKEN</c> or <c>Authorization: Bearer</c> is looked up in Tokens by its digest (cached briefly), and the
/// request goes on with a signed identity that names the user and their access to the route's project. A header of
/// that name from outside is always dropped. Unknown tokens go on without identity: endpoints that need one answer
/// 401, and the trigger endpoint ignores user authentication as GitLab's does.
/// Without a token, the web UI's session cookie authenticates <c>/api/v4</c> (but the trigger endpoints) and the pages;
/// an unsafe API call on a cookie alone must carry the session's CSRF token in <c>X-CSRF-Token</c> (#7).
/// </summary>
internal sealed class CallerAuthentication(
    IRequestClient<CallerIdentityRequested> tokens, SignedIdentity signer, IdentityCache cache, SessionTokens sessions,
    IOptions<GatewayOptions> options, ILogger<CallerAuthentication> logger) : IMiddleware
{
    private const string InvalidCsrfToken = "403 Forbidden - invalid CSRF token";

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        request.Headers.Remove(SignedIdentity.Header);
        request.Headers[ClientAddress.Header] = context.Connection.RemoteIpAddress?.ToString() ?? "";
        if (BearerToken(request) is { Length: > 0 } token)
        {
            var digest = TokenDigest.Of(token);
            var caller = await ResolveAsync(digest, new CallerIdentityRequested(digest, ProjectSegment(request.Path)), context.RequestAborted);
            if (caller is not null)
            {
                request.Headers[SignedIdentity.Header] = signer.Sign(caller);
            }
        }
        else if (SessionScopes.Of(request.Path) is not SessionScope.None and var scope && sessions.Verify(UiCookies.SessionValue(request)) is { } session)
        {
            if (scope is SessionScope.Api && !IsSafe(request.Method) && !sessions.IsCsrfToken(session, request.Headers[UiHeaders.CsrfToken]))
            {
                UiLog.CsrfRefused(logger, request.Method, request.Path.ToString(), session.UserId);
                await GitLabErrors.Status(StatusCodes.Status403Forbidden, InvalidCsrfToken).ExecuteAsync(context);
                return;
            }
            var projectRef = scope is SessionScope.Api ? ProjectSegment(request.Path) : null;
            // Keyed per session, apart from token digests (hex), and evicted with them: IdentityCache drops every entry of the
            // user when Tokens reports a change, a sign-out at any replica included.
            var requested = new CallerIdentityRequested("", projectRef) { UserId = session.UserId, SessionId = session.Id };
            var caller = await ResolveAsync($"session:{session.Id}", requested, context.RequestAborted);
            if (caller is not null)
            {
                new SignedInCaller(session, caller).Attach(context);
                if (scope is SessionScope.Api)
                {
                    request.Headers[SignedIdentity.Header] = signer.Sign(caller);
                }
            }
        }
        await next(context);
    }

    private async Task<CallerIdentity?> ResolveAsync(string cacheKey, CallerIdentityRequested requested, CancellationToken ct)
    {
        var projectRef = requested.ProjectRef;
        if (cache.TryGet(cacheKey, projectRef, out var known))
        {
            return known;
        }
        var response = await tokens.GetResponse<CallerIdentityResolved, CallerIdentityRejected>(requested, ct);
        CallerIdentity? caller = response.Is(out Response<CallerIdentityResolved>? resolved)
            ? new CallerIdentity(resolved.Message.UserId, resolved.Message.Username, resolved.Message.IsAdmin,
                resolved.Message.ProjectId, (AccessLevel)resolved.Message.AccessLevel)
            { Scopes = resolved.Message.Scopes }
            : null;
        // Only answers that cannot turn stale silently are kept: a refusal (unknown token, blocked user) or a project that did
        // not exist yet would outlive the unblocking or creation that no event reports to us.
        if (caller is not null && (projectRef is null || caller.ProjectId is not null) && options.Value.IdentityCacheDuration > TimeSpan.Zero)
        {
            cache.Set(cacheKey, projectRef, caller, options.Value.IdentityCacheDuration);
        }
        return caller;
    }

    private static bool IsSafe(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);

    private static string? BearerToken(HttpRequest request)
    {
        if (request.Headers["PRIVATE-TOKEN"] is { Count: > 0 } privateToken)
        {
            return privateToken.ToString();
        }
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
    }

    /// <summary>The <c>:id</c> of <c>/api/v4/projects/:id/…</c>, still URL-encoded (<c>root%2Fdemo</c>).</summary>
    internal static string? ProjectSegment(PathString path)
    {
        const string prefix = "/api/v4/projects/";
        var value = path.Value;
        if (value is null || !value.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }
        var rest = value[prefix.Length..];
        var end = rest.IndexOf('/', StringComparison.Ordinal);
        var segment = end < 0 ? rest : rest[..end];
        return segment.Length == 0 ? null : segment;
    }
}
