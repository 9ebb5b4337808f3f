using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using WvsMesh.ServiceDefaults.Http;
using WvsMesh.ServiceDefaults.Identity;

namespace WvsMesh.Webhooks.Hooks;

/// <summary>What the hook endpoints need besides the caller.</summary>
internal sealed record HookServices(ProjectHookStore Hooks, HookUrlPolicy Urls, ILogger<HookUrlPolicy> Logger);

/// <summary>
/// <c>/projects/:id/hooks</c>: Maintainers and Owners manage the project's hooks (GitLab's project webhooks API; only
/// pipeline events are sent). Tokens are write-only; a URL that is not http(s), or that points into the local network
/// while local requests are not allowed, is GitLab's 422 <c>{"message":"Invalid url given"}</c>.
/// </summary>
internal static class ProjectHooksApi
{
    public const string InvalidUrl = "Invalid url given";

    public static RouteGroupBuilder MapProjectHooksApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v4/projects/{projectId}/hooks")
            .RequireSignedIdentity()
            .RequireProjectRole(AccessLevel.Maintainer)
            .WithTags("Hooks");
        group.MapGet("/", ListHooks);
        group.MapGet("/{hookId}", GetHook);
        group.MapPost("/", CreateHook);
        group.MapPut("/{hookId}", UpdateHook);
        group.MapDelete("/{hookId}", DeleteHook);
        return group;
    }

    private static async Task<Results<Ok<List<HookEntity>>, JsonHttpResult<GitLabMessage>>> ListHooks(
        CallerIdentity caller, Pagination page, HttpContext http, ProjectHookStore hooks, CancellationToken ct)
    {
        var (rows, total) = await hooks.ListAsync(caller.ProjectId ?? 0, page.Offset, page.PerPage, ct);
        page.WriteHeaders(http, total);
        return TypedResults.Ok(rows.Select(hook => HookEntity.From(hook, single: false)).ToList());
    }

    private static async Task<Results<Ok<HookEntity>, BadRequest<GitLabError>, JsonHttpResult<GitLabMessage>>> GetHook(
        string hookId, CallerIdentity caller, ProjectHookStore hooks, CancellationToken ct)
    {
        if (HookId(hookId) is not { } id)
        {
            return GitLabErrors.Invalid("hook_id");
        }
        return await hooks.FindAsync(caller.ProjectId ?? 0, id, ct) is { } hook ? TypedResults.Ok(HookEntity.From(hook, single: true)) : NotFound();
    }

    private static async Task<Results<Created<HookEntity>, BadRequest<GitLabError>, BadRequest<GitLabMessage>, JsonHttpResult<GitLabMessage>>> CreateHook(
        GitLabParameters parameters, CallerIdentity caller, [AsParameters] HookServices services, CancellationToken ct)
    {
        if (parameters.Get("url") is not { } url)
        {
            return GitLabErrors.Missing("url");
        }
        var projectId = caller.ProjectId ?? 0;
        var changes = HookParameters.Read(parameters);
        if (changes.Invalid is { } invalid)
        {
            return invalid;
        }
        if (await RefuseUrlAsync(url, projectId, services, ct) is { } refusedUrl)
        {
            return refusedUrl;
        }
        var hook = changes.ApplyTo(new ProjectHook { ProjectId = projectId, Url = url });
        var created = await services.Hooks.InsertAsync(hook, changes.Secrets with { KeepToken = false, KeepSigningToken = false }, ct);
        return TypedResults.Created($"/api/v4/projects/{projectId}/hooks/{created.Id}", HookEntity.From(created, single: true));
    }

    private static async Task<Results<Ok<HookEntity>, BadRequest<GitLabError>, BadRequest<GitLabMessage>, JsonHttpResult<GitLabMessage>>> UpdateHook(
        string hookId, GitLabParameters parameters, CallerIdentity caller, [AsParameters] HookServices services, CancellationToken ct)
    {
        if (HookId(hookId) is not { } id)
        {
            return GitLabErrors.Invalid("hook_id");
        }
        var projectId = caller.ProjectId ?? 0;
        if (await services.Hooks.FindAsync(projectId, id, ct) is not { } existing)
        {
            return NotFound();
        }
        var changes = HookParameters.Read(parameters);
        if (changes.Invalid is { } invalid)
        {
            return invalid;
        }
        var url = parameters.Get("url");
        if (!changes.Any && url is null)
        {
            return TypedResults.BadRequest(new GitLabMessage("No parameters provided"));
        }
        if (url is not null && await RefuseUrlAsync(url, projectId, services, ct) is { } refusedUrl)
        {
            return refusedUrl;
        }
        var secrets = changes.Secrets;
        // GitLab: "When you change the webhook URL, the secret token is reset and not retained" — it must not follow
        // the hook to a new receiver unless given again.
        if (url is not null && url != existing.Url && secrets.KeepToken)
        {
            secrets = secrets with { Token = null, KeepToken = false };
        }
        var hook = changes.ApplyTo(existing with { Url = url ?? existing.Url });
        return await services.Hooks.UpdateAsync(hook, secrets, ct) is { } updated ? TypedResults.Ok(HookEntity.From(updated, single: true)) : NotFound();
    }

    private static async Task<Results<NoContent, BadRequest<GitLabError>, JsonHttpResult<GitLabMessage>>> DeleteHook(
        string hookId, CallerIdentity caller, ProjectHookStore hooks, CancellationToken ct)
    {
        if (HookId(hookId) is not { } id)
        {
            return GitLabErrors.Invalid("hook_id");
        }
        return await hooks.DeleteAsync(caller.ProjectId ?? 0, id, ct) ? TypedResults.NoContent() : NotFound();
    }

    private static async Task<JsonHttpResult<GitLabMessage>?> RefuseUrlAsync(string url, long projectId, HookServices services, CancellationToken ct)
    {
        if (await services.Urls.RefuseAsync(url, ct) is not { } reason)
        {
            return null;
        }
        ProjectHooksLog.UrlRefused(services.Logger, Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host : "?", projectId, reason);
        return GitLabErrors.Status(StatusCodes.Status422UnprocessableEntity, InvalidUrl);
    }

    /// <summary>Grape's Integer <c>hook_id</c>: anything else is 400 <c>{"error":"hook_id is invalid"}</c>.</summary>
    public static long? HookId(string value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    /// <summary>GitLab's answer for a hook (or hook event) that is not there: <c>ActiveRecord::RecordNotFound</c>.</summary>
    public static JsonHttpResult<GitLabMessage> NotFound() => GitLabErrors.Status(StatusCodes.Status404NotFound, "404 Not found");
}
