using System.Net;
using System.Text.RegularExpressions;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using WvsMesh.Contracts.Tokens;
using WvsMesh.ServiceDefaults;
using WvsMesh.ServiceDefaults.Http;
using WvsMesh.ServiceDefaults.Identity;
using WvsMesh.ServiceDefaults.Repositories;
using WvsMesh.Tokens.Data;
using WvsMesh.Tokens.Domain;

namespace WvsMesh.Tokens.Api;

/// <summary><c>/projects</c>: a project is created in its creator's namespace, with the creator as Owner.</summary>
internal static partial class ProjectsApi
{
    public static RouteGroupBuilder MapProjectsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v4/projects").RequireSignedIdentity().WithTags("Projects");
        group.MapGet("/", ListProjects);
        group.MapPost("/", CreateProject);
        group.MapPost("/user/{userId:long}", CreateProjectForUser).RequireAdmin();
        group.MapGet("/{projectId}", GetProject).RequireProjectRole(AccessLevel.Guest);
        group.MapPut("/{projectId}", UpdateProject).RequireProjectRole(AccessLevel.Maintainer);
        group.MapDelete("/{projectId}", DeleteProject).RequireProjectRole(AccessLevel.Owner);
        return group;
    }

    private static Task<Results<Created<ProjectEntity>, BadRequest<GitLabError>, BadRequest<GitLabMessage>, JsonHttpResult<GitLabMessage>>> CreateProject(
        GitLabParameters parameters, CallerIdentity caller, [AsParameters] ProjectCreation creation, CancellationToken ct) =>
        CreateAsync(parameters, caller.UserId, caller.Username, caller.IsAdmin, creation, ct);

    /// <summary>GitLab's <c>POST /projects/user/:user_id</c>: an admin creates a project owned by another user (who becomes its Owner).</summary>
    private static async Task<Results<Created<ProjectEntity>, BadRequest<GitLabError>, BadRequest<GitLabMessage>, JsonHttpResult<GitLabMessage>>> CreateProjectForUser(
        long userId, GitLabParameters parameters, CallerIdentity caller, UserStore users, [AsParameters] ProjectCreation creation, CancellationToken ct)
    {
        if (await users.FindByIdAsync(userId, ct) is not { } owner)
        {
            return GitLabErrors.Status(StatusCodes.Status404NotFound, "404 User Not Found");
        }
        // The admin asking is who approves a local import_url, whoever will own the project.
        return await CreateAsync(parameters, owner.Id, owner.Username, localApproved: true, creation, ct);
    }

    private static async Task<Results<Created<ProjectEntity>, BadRequest<GitLabError>, BadRequest<GitLabMessage>, JsonHttpResult<GitLabMessage>>> CreateAsync(
        GitLabParameters parameters, long ownerId, string ownerName, bool localApproved, ProjectCreation creation, CancellationToken ct)
    {
        var name = parameters.Get("name");
        var path = parameters.Get("path");
        if (string.IsNullOrWhiteSpace(name) && string.IsNullOrWhiteSpace(path))
        {
            return TypedResults.BadRequest(new GitLabError("name, path are missing, at least one parameter must be provided"));
        }
        var importUrl = parameters.Get("import_url")?.Trim();
        if (string.IsNullOrWhiteSpace(importUrl))
        {
            // WvsMesh keeps no repositories of its own: a project builds the repository it was imported from.
            return TypedResults.BadRequest(new GitLabError("import_url is missing"));
        }
        // GitLab's validate_git_import_url!: 422 with the URL blocker's reason (#13). Pipelines checks again at connect time.
        if (await ImportUrlPolicy.RefuseAsync(importUrl, localApproved, creation.Imports.Value.AllowLocalRequests,
                creation.Wvs.Value.DataDirectory(), Dns.GetHostAddressesAsync, ct) is { } blocked)
        {
            return GitLabErrors.Status(StatusCodes.Status422UnprocessableEntity, blocked);
        }
        path = string.IsNullOrWhiteSpace(path) ? Slug(name ?? "") : path.Trim();
        if (!PathPattern().IsMatch(path))
        {
            return TypedResults.BadRequest(new GitLabMessage(new Dictionary<string, string[]> { ["path"] = ["can contain only letters, digits, '_', '-' and '.'. Cannot start with '-', end in '.git' or end in '.atom'"] }));
        }
        var project = await creation.Projects.InsertAsync(new Project
        {
            Id = 0,
            Name = string.IsNullOrWhiteSpace(name) ? path : name.Trim(),
            Path = path,
            Namespace = ownerName,
            FullPath = $"{ownerName}/{path}",
            ImportUrl = importUrl,
            LocalImportApproved = localApproved && ImportSource.Parse(importUrl) is ImportSource.Local,
            DefaultBranch = parameters.Get("default_branch") is { Length: > 0 } branch ? branch : "main",
            CreatorId = ownerId,
        }, ct);
        if (project is null)
        {
            return TypedResults.BadRequest(new GitLabMessage(new Dictionary<string, string[]>
            {
                ["name"] = ["has already been taken"],
                ["path"] = ["has already been taken"],
            }));
        }
        var entity = ProjectEntity.From(project, creation.Wvs.Value.ExternalUrl, administers: true);
        return TypedResults.Created($"/api/v4/projects/{project.Id}", entity);
    }

    private static async Task<Results<Ok<ProjectEntity>, NotFound<GitLabMessage>>> GetProject(
        CallerIdentity caller, ProjectStore projects, IOptions<WvsOptions> wvs, CancellationToken ct)
    {
        var project = await projects.FindAsync(new ProjectRef(caller.ProjectId ?? 0, null), ct);
        return project is null
            ? GitLabErrors.NotFound("Project")
            : TypedResults.Ok(ProjectEntity.From(project, wvs.Value.ExternalUrl, caller.HasAtLeast(AccessLevel.Maintainer)));
    }

    private static async Task<Ok<List<ProjectEntity>>> ListProjects(
        CallerIdentity caller, Pagination page, HttpContext http, ProjectStore projects, IOptions<WvsOptions> wvs, CancellationToken ct)
    {
        var (rows, total) = await projects.ListForUserAsync(caller.UserId, caller.IsAdmin, page.Offset, page.PerPage, ct);
        page.WriteHeaders(http, total);
        return TypedResults.Ok(rows.Select(row => ProjectEntity.From(row.Project, wvs.Value.ExternalUrl, caller.IsAdmin || row.Access >= AccessLevel.Maintainer)).ToList());
    }

    /// <summary>
    /// Maintainers change settings: <c>ci_pipeline_variables_minimum_override_role</c> (<c>no_one_allowed</c>, <c>developer</c>,
    /// <c>maintainer</c>, <c>owner</c>; only an Owner may set <c>owner</c>) and <c>default_branch</c>.
    /// </summary>
    private static async Task<Results<Ok<ProjectEntity>, BadRequest<GitLabError>, JsonHttpResult<GitLabMessage>>> UpdateProject(
        GitLabParameters parameters, CallerIdentity caller, ProjectStore projects, IOptions<WvsOptions> wvs, CancellationToken ct)
    {
        var id = caller.ProjectId ?? 0;
        var project = await projects.FindAsync(new ProjectRef(id, null), ct);
        if (project is null)
        {
            return GitLabErrors.Status(StatusCodes.Status404NotFound, "404 Project Not Found");
        }
        var role = parameters.Get("ci_pipeline_variables_minimum_override_role") ?? project.PipelineVariablesRole;
        if (role is not ("no_one_allowed" or "developer" or "maintainer" or "owner"))
        {
            return TypedResults.BadRequest(new GitLabError("ci_pipeline_variables_minimum_override_role does not have a valid value"));
        }
        if (role == "owner" && !caller.HasAtLeast(AccessLevel.Owner))
        {
            return GitLabErrors.Forbidden();
        }
        var defaultBranch = parameters.Get("default_branch") is { Length: > 0 } branch ? branch : project.DefaultBranch;
        await projects.UpdateSettingsAsync(id, role, defaultBranch, ct);
        return TypedResults.Ok(ProjectEntity.From(project with { PipelineVariablesRole = role, DefaultBranch = defaultBranch }, wvs.Value.ExternalUrl, administers: true));
    }

    /// <summary>Owners and admins delete a project; GitLab answers 202 because its deletion is scheduled.</summary>
    private static async Task<Accepted<GitLabMessage>> DeleteProject(
        CallerIdentity caller, ProjectStore projects, IPublishEndpoint bus, CancellationToken ct)
    {
        var id = caller.ProjectId ?? 0;
        foreach (var userId in await projects.DeleteAsync(id, ct))
        {
            await bus.Publish(new ProjectMemberChanged(id, userId, 0), ct);
        }
        return TypedResults.Accepted((string?)null, new GitLabMessage("202 Accepted"));
    }

    private static string Slug(string name) => SlugSeparators().Replace(name.Trim().ToLowerInvariant(), "-").Trim('-');

    [GeneratedRegex("^[a-zA-Z0-9_.][a-zA-Z0-9_.-]*$")]
    private static partial Regex PathPattern();

    [GeneratedRegex("[^a-z0-9_.]+")]
    private static partial Regex SlugSeparators();
}

/// <summary>What creating a project needs besides the request and the caller.</summary>
internal sealed record ProjectCreation(ProjectStore Projects, IOptions<WvsOptions> Wvs, IOptions<ImportOptions> Imports);
