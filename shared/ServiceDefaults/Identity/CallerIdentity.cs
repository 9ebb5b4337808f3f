using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace WvsMesh.ServiceDefaults.Identity;

/// <summary>
/// Who is calling, as the gateway authenticated them: the user, whether they are an instance admin, and their
/// access to the project named by the route (<see cref="ProjectId"/> is that project's numeric id, or null when
/// the route names no project or the project does not exist), and the scopes of the token they came with.
/// </summary>
public sealed record CallerIdentity(
    long UserId,
    string Username,
    bool IsAdmin,
    long? ProjectId,
    AccessLevel Access)
{
    /// <summary>
    /// The personal access token's scopes, space-separated (<c>api read_user</c>); null when no token restricts the caller
    /// (a web UI session), which <see cref="TokenScopes"/> treats like <c>api</c>.
    /// </summary>
    public string? Scopes { get; init; }

    /// <summary>True when the caller may act at <paramref name="level"/> or above in the route's project (admins always may).</summary>
    public bool HasAtLeast(AccessLevel level) => IsAdmin || Access >= level;

    /// <summary>Nobody: no user, no admin, no access. What an endpoint sees when no valid identity came with the request.</summary>
    public static CallerIdentity Anonymous { get; } = new(0, "", false, null, AccessLevel.None);

    /// <summary>True for <see cref="Anonymous"/>.</summary>
    public bool IsAnonymous => UserId == 0;

    /// <summary>
    /// Minimal-API binding: the verified identity of this request, or <see cref="Anonymous"/>. Binding never fails; an
    /// endpoint that needs a caller says so with <c>RequireSignedIdentity</c>, whose policy answers 401 before binding.
    /// </summary>
    public static ValueTask<CallerIdentity?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult<CallerIdentity?>(SignedIdentityFilter.Read(context) ?? Anonymous);
}
