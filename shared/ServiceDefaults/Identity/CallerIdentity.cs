using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace WvsMesh.ServiceDefaults.Identity;

/// <summary>
/// Who is calling, as the gateway authenticated them: the user, whether they are an instance admin, and their
/// access to the project named by the route (<see cref="ProjectId"/> is that project's numeric id, or null when
/// the route names no project or the project does not exist).
/// </summary>
public sealed record CallerIdentity(
    long UserId,
    string Username,
    bool IsAdmin,
    long? ProjectId,
    AccessLevel Access)
{
    /// <summary>True when the caller may act at <paramref name="level"/> or above in the route's project (admins always may).</summary>
    public bool HasAtLeast(AccessLevel level) => IsAdmin || Access >= level;

    /// <summary>Nobody: no user, no admin, no access. What an endpoint sees when no valid identity came with the request.</summary>
    public static CallerIdentity Anonymous { get; } = new(0, "", false, null, AccessLevel.None);

    /// <summary>True for <see cref="Anonymous"/>.</summary>
    public bool IsAnonymous => UserId == 0;

    /// <summary>
    /// Minimal-API binding: the verified identity of this request, or <see cref="Anonymous"/>. Binding never fails, so
    /// the <c>RequireSignedIdentity</c> filter (which runs after binding) is what answers 401.
    /// </summary>
    public static ValueTask<CallerIdentity?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult<CallerIdentity?>(SignedIdentityFilter.Read(context) ?? Anonymous);
}
