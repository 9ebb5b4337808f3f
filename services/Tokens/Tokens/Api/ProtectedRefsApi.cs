using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using WvsMesh.ServiceDefaults.Http;
using WvsMesh.ServiceDefaults.Identity;
using WvsMesh.Tokens.Data;

namespace WvsMesh.Tokens.Api;

/// <summary>
/// <c>/projects/:id/protected_branches</c> and <c>/protected_tags</c> (Maintainer+): names or <c>*</c> patterns and who
/// may push/merge or create. A trigger on a protected ref runs only for a token owner those rules admit.
/// </summary>
internal static class ProtectedRefsApi
{
    public static IEndpointRouteBuilder MapProtectedRefsApi(this IEndpointRouteBuilder routes)
    {
        var branches = routes.MapGroup("/api/v4/projects/{projectId}/protected_branches")
            .RequireSignedIdentity()
            .RequireProjectRole(AccessLevel.Maintainer)
            .WithTags("Protected branches");
        branches.MapGet("/", ListBranches);
        branches.MapPost("/", ProtectBranch);
        branches.MapDelete("/{**name}", UnprotectBranch);
        var tags = routes.MapGroup("/api/v4/projects/{projectId}/protected_tags")
            .RequireSignedIdentity()
            .RequireProjectRole(AccessLevel.Maintainer)
            .WithTags("Protected tags");
        tags.MapGet("/", ListTags);
        tags.MapPost("/", ProtectTag);
        tags.MapDelete("/{**name}", UnprotectTag);
        return routes;
    }

    private static async Task<Results<Ok<List<ProtectedBranchEntity>>, JsonHttpResult<GitLabMessage>>> ListBranches(
        CallerIdentity caller, ProtectedRefStore store, CancellationToken ct)
    {
        return TypedResults.Ok((await store.BranchesAsync(caller.ProjectId ?? 0, ct)).Select(ProtectedBranchEntity.From).ToList());
    }

    private static async Task<Results<Ok<List<ProtectedTagEntity>>, JsonHttpResult<GitLabMessage>>> ListTags(
        CallerIdentity caller, ProtectedRefStore store, CancellationToken ct)
    {
        return TypedResults.Ok((await store.TagsAsync(caller.ProjectId ?? 0, ct)).Select(ProtectedTagEntity.From).ToList());
    }

    private static async Task<Results<Created<ProtectedBranchEntity>, BadRequest<GitLabError>, JsonHttpResult<GitLabMessage>>> ProtectBranch(
        GitLabParameters parameters, CallerIdentity caller, ProtectedRefStore store, CancellationToken ct)
    {
        if (!Name(parameters, out var name, out var nameError))
        {
            return nameError ?? TypedResults.BadRequest(new GitLabError("name is missing"));
        }
        if (!ParseLevel(parameters, "push_access_level", out var push, out var pushError) || !ParseLevel(parameters, "merge_access_level", out var merge, out pushError))
        {
            return pushError ?? TypedResults.BadRequest(new GitLabError("push_access_level is invalid"));
        }
        var branch = await store.ProtectBranchAsync(caller.ProjectId ?? 0, name, push, merge, parameters.Get("allow_force_push") is "true", ct);
        return branch is null
            ? GitLabErrors.Status(StatusCodes.Status409Conflict, $"Protected branch '{name}' already exists")
            : TypedResults.Created($"/api/v4/projects/{caller.ProjectId}/protected_branches/{Uri.EscapeDataString(name)}", ProtectedBranchEntity.From(branch));
    }

    private static async Task<Results<Created<ProtectedTagEntity>, BadRequest<GitLabError>, JsonHttpResult<GitLabMessage>>> ProtectTag(
        GitLabParameters parameters, CallerIdentity caller, ProtectedRefStore store, CancellationToken ct)
    {
        if (!Name(parameters, out var name, out var nameError))
        {
            return nameError ?? TypedResults.BadRequest(new GitLabError("name is missing"));
        }
        if (!ParseLevel(parameters, "create_access_level", out var create, out var createError))
        {
            return createError ?? TypedResults.BadRequest(new GitLabError("create_access_level is invalid"));
        }
        var tag = await store.ProtectTagAsync(caller.ProjectId ?? 0, name, create, ct);
        return tag is null
            ? GitLabErrors.Status(StatusCodes.Status409Conflict, $"Protected tag '{name}' already exists")
            : TypedResults.Created($"/api/v4/projects/{caller.ProjectId}/protected_tags/{Uri.EscapeDataString(name)}", ProtectedTagEntity.From(tag));
    }

    private static async Task<Results<NoContent, JsonHttpResult<GitLabMessage>>> UnprotectBranch(
        string name, CallerIdentity caller, ProtectedRefStore store, CancellationToken ct)
    {
        return await store.UnprotectBranchAsync(caller.ProjectId ?? 0, Uri.UnescapeDataString(name), ct)
            ? TypedResults.NoContent()
            : GitLabErrors.Status(StatusCodes.Status404NotFound, "404 Not found");
    }

    private static async Task<Results<NoContent, JsonHttpResult<GitLabMessage>>> UnprotectTag(
        string name, CallerIdentity caller, ProtectedRefStore store, CancellationToken ct)
    {
        return await store.UnprotectTagAsync(caller.ProjectId ?? 0, Uri.UnescapeDataString(name), ct)
            ? TypedResults.NoContent()
            : GitLabErrors.Status(StatusCodes.Status404NotFound, "404 Not found");
    }

    private static bool Name(GitLabParameters parameters, out string name, out BadRequest<GitLabError>? error)
    {
        name = parameters.Get("name")?.Trim() ?? "";
        error = name.Length == 0 ? TypedResults.BadRequest(new GitLabError("name is missing")) : null;
        return error is null;
    }

    /// <summary>0 (no one), 30 (Developers + Maintainers), 40 (Maintainers, the default) or 60 (admins).</summary>
    private static bool ParseLevel(GitLabParameters parameters, string field, out int level, out BadRequest<GitLabError>? error)
    {
        level = 40;
        error = null;
        if (parameters.Get(field) is not { } given)
        {
            return true;
        }
        if (int.TryParse(given, NumberStyles.None, CultureInfo.InvariantCulture, out level) && level is 0 or 30 or 40 or 60)
        {
            return true;
        }
        error = TypedResults.BadRequest(new GitLabError($"{field} does not have a valid value"));
        return false;
    }
}
