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

    /// <summary>Minimal-API binding: the identity that <see cref="SignedIdentityFilter"/> verified for this request.</summary>
    public static ValueTask<CallerIdentity?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult(context.Items[typeof(CallerIdentity)] as CallerIdentity);
}
