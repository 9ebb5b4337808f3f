using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using WvsMesh.ServiceDefaults;
using WvsMesh.ServiceDefaults.Http;
using WvsMesh.ServiceDefaults.Identity;
using WvsMesh.Tokens.Data;
using WvsMesh.Tokens.Domain;

namespace WvsMesh.Tokens.Api;

/// <summary>GitLab's answer to adding a project to a job-token allowlist.</summary>
internal sealed record JobTokenScopeLinkEntity(long SourceProjectId, long TargetProjectId);

/// <summary>GitLab's job-token access settings of a project (only the inbound allowlist is enforced).</summary>
internal sealed record JobTokenScopeEntity(bool InboundEnabled, bool OutboundEnabled);

/// <summary>
/// <c>/projects/:id/job_token_scope</c>: the project's inbound allowlist — the projects whose jobs' <c>CI_JOB_TOKEN</c> may
/// trigger its pipelines (a job's own project always may). Maintainers and Owners manage it, as in GitLab.
/// </summary>
internal static class JobTokenScopeApi
{
    public static RouteGroupBuilder MapJobTokenScopeApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v4/projects/{projectId}/job_token_scope")
            .RequireSignedIdentity()
            .RequireProjectRole(AccessLevel.Maintainer)
            .WithTags("Job token scope");
        group.MapGet("/", GetScope);
        group.MapGet("/allowlist", ListAllowlist);
        group.MapPost("/allowlist", AddToAllowlist);
        group.MapDelete("/allowlist/{targetProjectId:long}", RemoveFromAllowlist);
        return group;
    }

    private static Ok<JobTokenScopeEntity> GetScope() => TypedResults.Ok(new JobTokenScopeEntity(true, false));

    private static async Task<Results<Ok<List<BasicProjectEntity>>, JsonHttpResult<GitLabMessage>>> ListAllowlist(
        CallerIdentity caller, Pagination page, HttpContext http, JobTokenStore tokens, IOptions<WvsOptions> wvs, CancellationToken ct)
    {
        var (rows, total) = await tokens.AllowlistAsync(caller.ProjectId ?? 0, caller.UserId, page.Offset, page.PerPage, ct);
        page.WriteHeaders(http, total);
        // GitLab's BasicProjectDetails: never the import URL of another project (#13).
        return TypedResults.Ok(rows.Select(row => BasicProjectEntity.From(row.Project, wvs.Value.ExternalUrl, caller.IsAdmin || row.Access >= AccessLevel.Guest)).ToList());
    }

    private static async Task<Results<Created<JobTokenScopeLinkEntity>, BadRequest<GitLabError>, JsonHttpResult<GitLabMessage>>> AddToAllowlist(
        GitLabParameters parameters, CallerIdentity caller, JobTokenStore tokens, ProjectStore projects, TimeProvider clock, CancellationToken ct)
    {
        if (parameters.Get("target_project_id") is not { } target)
        {
            return GitLabErrors.Missing("target_project_id");
        }
        if (!long.TryParse(target, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var targetId))
        {
            return GitLabErrors.Invalid("target_project_id");
        }
        var projectId = caller.ProjectId ?? 0;
        if (!await CanReadAsync(caller, targetId, projects, ct))
        {
            return GitLabErrors.Status(StatusCodes.Status404NotFound, "404 Project Not Found");
        }
        if (!await tokens.AllowAsync(projectId, targetId, clock.GetUtcNow(), ct))
        {
            return GitLabErrors.Status(StatusCodes.Status400BadRequest, "Target project is already in the job token scope");
        }
        return TypedResults.Created($"/api/v4/projects/{projectId}/job_token_scope/allowlist/{targetId}", new JobTokenScopeLinkEntity(projectId, targetId));
    }

    private static async Task<Results<NoContent, JsonHttpResult<GitLabMessage>>> RemoveFromAllowlist(
        long targetProjectId, CallerIdentity caller, JobTokenStore tokens, ProjectStore projects, CancellationToken ct)
    {
        if (!await CanReadAsync(caller, targetProjectId, projects, ct))
        {
            return GitLabErrors.Status(StatusCodes.Status404NotFound, "404 Project Not Found");
        }
        return await tokens.DisallowAsync(caller.ProjectId ?? 0, targetProjectId, ct)
            ? TypedResults.NoContent()
            : GitLabErrors.Status(StatusCodes.Status404NotFound, "404 Not Found");
    }

    /// <summary>
    /// GitLab's <c>read_project</c> on the target (a private project: a member, or an admin). A target the caller cannot
    /// read answers as one that does not exist, so the allowlist is no oracle for other users' private projects (#13).
    /// </summary>
    private static async Task<bool> CanReadAsync(CallerIdentity caller, long targetId, ProjectStore projects, CancellationToken ct) =>
        caller.IsAdmin
            ? await projects.FindAsync(new ProjectRef(targetId, null), ct) is not null
            : await projects.AccessOfAsync(targetId, caller.UserId, ct) >= AccessLevel.Guest;
}
