using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using WvsMesh.ServiceDefaults.Http;

namespace WvsMesh.ServiceDefaults.Identity;

/// <summary>GitLab's answers for a private project: strangers learn nothing (404), members below the needed role get 403.</summary>
public static class ProjectAccess
{
    /// <summary>
    /// 404 <c>{"message":"404 Project Not Found"}</c> when the route's project does not exist or the caller is no member
    /// (admins are members everywhere), 403 when their role is below <paramref name="minimum"/>, otherwise null.
    /// </summary>
    public static JsonHttpResult<GitLabMessage>? Refuse(CallerIdentity caller, AccessLevel minimum) =>
        caller.ProjectId is null || !caller.HasAtLeast(AccessLevel.Guest)
            ? GitLabErrors.Status(StatusCodes.Status404NotFound, "404 Project Not Found")
            : caller.HasAtLeast(minimum) ? null : GitLabErrors.Forbidden();
}
