using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace WvsMesh.ServiceDefaults.Identity;

/// <summary>
/// The authorization policies routes and groups apply (STYLE.md lesson 23): a signed caller whose token's scopes admit
/// the route, a role in the route's project, an instance admin. <see cref="GitLabAuthorizationAnswers"/> writes GitLab's
/// answer when one is not met.
/// </summary>
public static class CallerPolicies
{
    private static readonly Dictionary<ScopedApi, AuthorizationPolicy> Scoped = Enum.GetValues<ScopedApi>()
        .ToDictionary(api => api, api => Policy(new ScopeRequirement(api)));

    private static readonly Dictionary<AccessLevel, AuthorizationPolicy> Roles = Enum.GetValues<AccessLevel>()
        .ToDictionary(level => level, level => Policy(new ProjectRoleRequirement(level)));

    private static readonly AuthorizationPolicy Admin = Policy(new AdminRequirement());

    /// <summary>
    /// A caller with a valid signed identity (else 401 <c>{"message":"401 Unauthorized"}</c>) whose token scopes admit the
    /// request to a route of <paramref name="api"/> (else GitLab's 403 <c>insufficient_scope</c>).
    /// </summary>
    public static TBuilder RequireSignedIdentity<TBuilder>(this TBuilder builder, ScopedApi api = ScopedApi.General)
        where TBuilder : IEndpointConventionBuilder => builder.RequireAuthorization(Scoped[api]);

    /// <summary>
    /// At least <paramref name="minimum"/> in the route's project (<see cref="AccessLevel.Guest"/>: any member); admins
    /// always are. A missing project or a non-member is 404 <c>{"message":"404 Project Not Found"}</c>, a member below
    /// the role 403 <c>{"message":"403 Forbidden"}</c>.
    /// </summary>
    public static TBuilder RequireProjectRole<TBuilder>(this TBuilder builder, AccessLevel minimum)
        where TBuilder : IEndpointConventionBuilder => builder.RequireAuthorization(Roles[minimum]);

    /// <summary>An instance admin, else 403 <c>{"message":"403 Forbidden"}</c> (GitLab's <c>authenticated_as_admin!</c>).</summary>
    public static TBuilder RequireAdmin<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.RequireAuthorization(Admin);

    private static AuthorizationPolicy Policy(IAuthorizationRequirement requirement) =>
        new AuthorizationPolicyBuilder(SignedIdentityAuthentication.SchemeName).RequireAuthenticatedUser().AddRequirements(requirement).Build();
}

/// <summary>Why a signed caller was refused: the answer <see cref="GitLabAuthorizationAnswers"/> gives.</summary>
internal enum RefusalKind
{
    /// <summary>The token's scopes do not admit the route: 403 <c>insufficient_scope</c>.</summary>
    InsufficientScope,

    /// <summary>The route's project does not exist or the caller is no member: 404.</summary>
    ProjectNotFound,

    /// <summary>A member below the role, or no admin: 403.</summary>
    Forbidden,
}

/// <summary>A failed requirement with its GitLab answer; <see cref="Scopes"/> are the scopes the route would accept.</summary>
internal sealed class CallerRefusal(IAuthorizationHandler handler, RefusalKind kind, IReadOnlyList<string>? scopes = null)
    : AuthorizationFailureReason(handler, kind.ToString())
{
    public RefusalKind Kind { get; } = kind;

    public IReadOnlyList<string> Scopes { get; } = scopes ?? [];
}

/// <summary>The token's scopes admit the request (<see cref="TokenScopes.Refuse"/> decides).</summary>
internal sealed class ScopeRequirement(ScopedApi api) : AuthorizationHandler<ScopeRequirement>, IAuthorizationRequirement
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated == true && context.Resource is HttpContext http)
        {
            var refused = TokenScopes.Refuse(CallerClaims.Caller(context.User).Scopes, api, http.Request.Method);
            if (refused is null)
            {
                context.Succeed(requirement);
            }
            else
            {
                context.Fail(new CallerRefusal(this, RefusalKind.InsufficientScope, refused));
            }
        }
        return Task.CompletedTask;
    }

    public override string ToString() => $"token scopes for {api} routes";
}

/// <summary>GitLab's answers for a private project: strangers learn nothing (404), members below the role get 403.</summary>
internal sealed class ProjectRoleRequirement(AccessLevel minimum) : AuthorizationHandler<ProjectRoleRequirement>, IAuthorizationRequirement
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ProjectRoleRequirement requirement)
    {
        var caller = CallerClaims.Caller(context.User);
        if (caller.IsAnonymous)
        {
            return Task.CompletedTask;
        }
        if (caller.ProjectId is null || !caller.HasAtLeast(AccessLevel.Guest))
        {
            context.Fail(new CallerRefusal(this, RefusalKind.ProjectNotFound));
        }
        else if (!caller.HasAtLeast(minimum))
        {
            context.Fail(new CallerRefusal(this, RefusalKind.Forbidden));
        }
        else
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }

    public override string ToString() => $"{minimum} or above in the route's project";
}

/// <summary>An instance admin.</summary>
internal sealed class AdminRequirement : AuthorizationHandler<AdminRequirement>, IAuthorizationRequirement
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, AdminRequirement requirement)
    {
        var caller = CallerClaims.Caller(context.User);
        if (caller.IsAdmin)
        {
            context.Succeed(requirement);
        }
        else if (!caller.IsAnonymous)
        {
            context.Fail(new CallerRefusal(this, RefusalKind.Forbidden));
        }
        return Task.CompletedTask;
    }

    public override string ToString() => "an instance admin";
}
