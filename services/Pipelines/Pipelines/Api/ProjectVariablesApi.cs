using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using WvsMesh.Pipelines.Data;
using WvsMesh.ServiceDefaults.Http;
using WvsMesh.ServiceDefaults.Identity;

namespace WvsMesh.Pipelines.Api;

/// <summary>GitLab's project-level CI/CD variable entity.</summary>
internal sealed record VariableEntity(
    string VariableType, string Key, string Value, bool Protected, bool Masked, bool Hidden, bool Raw, string EnvironmentScope, string? Description)
{
    public static VariableEntity From(ProjectVariable variable) => new(
        variable.VariableType, variable.Key, variable.Value, variable.Protected, variable.Masked, false, variable.Raw, variable.EnvironmentScope, variable.Description);
}

/// <summary><c>/projects/:id/variables</c>: Maintainers and Owners manage project CI/CD variables (GitLab's rules for keys and masking).</summary>
internal static partial class ProjectVariablesApi
{
    public static RouteGroupBuilder MapProjectVariablesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v4/projects/{projectId}/variables")
            .RequireSignedIdentity()
            .RequireProjectRole(AccessLevel.Maintainer)
            .WithTags("Variables");
        group.MapGet("/", ListVariables);
        group.MapGet("/{key}", GetVariable);
        group.MapPost("/", CreateVariable);
        group.MapPut("/{key}", UpdateVariable);
        group.MapDelete("/{key}", DeleteVariable);
        return group;
    }

    private static async Task<Results<Ok<List<VariableEntity>>, JsonHttpResult<GitLabMessage>>> ListVariables(
        CallerIdentity caller, Pagination page, HttpContext http, ProjectVariableStore store, CancellationToken ct)
    {
        var all = await store.ListAsync(caller.ProjectId ?? 0, ct);
        page.WriteHeaders(http, all.Count);
        return TypedResults.Ok(all.Skip(page.Offset).Take(page.PerPage).Select(VariableEntity.From).ToList());
    }

    private static async Task<Results<Ok<VariableEntity>, JsonHttpResult<GitLabMessage>>> GetVariable(
        string key, CallerIdentity caller, HttpRequest request, ProjectVariableStore store, CancellationToken ct)
    {
        var variable = (await store.ListAsync(caller.ProjectId ?? 0, ct)).FirstOrDefault(v => v.Key == key && v.EnvironmentScope == Scope(request));
        return variable is null ? NotFound() : TypedResults.Ok(VariableEntity.From(variable));
    }

    private static async Task<Results<Created<VariableEntity>, BadRequest<GitLabError>, BadRequest<GitLabMessage>, JsonHttpResult<GitLabMessage>>> CreateVariable(
        GitLabParameters parameters, CallerIdentity caller, ProjectVariableStore store, CancellationToken ct)
    {
        var key = parameters.Get("key");
        var value = parameters.Get("value");
        if (key is null || value is null)
        {
            return TypedResults.BadRequest(new GitLabError(key is null ? "key is missing" : "value is missing"));
        }
        var (variable, invalid, rejected) = Read(parameters, new ProjectVariable { Key = key.Trim(), Value = value });
        if (invalid is not null)
        {
            return TypedResults.BadRequest(invalid);
        }
        if (rejected is not null || variable is null)
        {
            return TypedResults.BadRequest(rejected ?? new GitLabMessage("400 Bad request"));
        }
        if (!await store.InsertAsync(caller.ProjectId ?? 0, variable, ct))
        {
            return TypedResults.BadRequest(new GitLabMessage(new Dictionary<string, string[]> { ["key"] = [$"({variable.Key}) has already been taken"] }));
        }
        return TypedResults.Created($"/api/v4/projects/{caller.ProjectId}/variables/{variable.Key}", VariableEntity.From(variable));
    }

    private static async Task<Results<Ok<VariableEntity>, BadRequest<GitLabError>, BadRequest<GitLabMessage>, JsonHttpResult<GitLabMessage>>> UpdateVariable(
        string key, GitLabParameters parameters, CallerIdentity caller, HttpRequest request, ProjectVariableStore store, CancellationToken ct)
    {
        var scope = parameters.Get("filter[environment_scope]") ?? Scope(request);
        var existing = (await store.ListAsync(caller.ProjectId ?? 0, ct)).FirstOrDefault(v => v.Key == key && v.EnvironmentScope == scope);
        if (existing is null)
        {
            return NotFound();
        }
        var (variable, invalid, rejected) = Read(parameters, existing with { Value = parameters.Get("value") ?? existing.Value });
        if (invalid is not null)
        {
            return TypedResults.BadRequest(invalid);
        }
        if (rejected is not null || variable is null)
        {
            return TypedResults.BadRequest(rejected ?? new GitLabMessage("400 Bad request"));
        }
        await store.UpdateAsync(caller.ProjectId ?? 0, variable with { EnvironmentScope = existing.EnvironmentScope }, ct);
        return TypedResults.Ok(VariableEntity.From(variable with { EnvironmentScope = existing.EnvironmentScope }));
    }

    private static async Task<Results<NoContent, JsonHttpResult<GitLabMessage>>> DeleteVariable(
        string key, CallerIdentity caller, HttpRequest request, ProjectVariableStore store, CancellationToken ct)
    {
        return await store.DeleteAsync(caller.ProjectId ?? 0, key, Scope(request), ct) ? TypedResults.NoContent() : NotFound();
    }

    /// <summary>Applies the optional fields and GitLab's validations (key syntax, masking requirements).</summary>
    private static (ProjectVariable? Variable, GitLabError? Invalid, GitLabMessage? Rejected) Read(
        GitLabParameters parameters, ProjectVariable variable)
    {
        var type = parameters.Get("variable_type") ?? variable.VariableType;
        if (type is not ("env_var" or "file"))
        {
            return (null, new GitLabError("variable_type does not have a valid value"), null);
        }
        variable = variable with
        {
            VariableType = type,
            Protected = Flag(parameters, "protected") ?? variable.Protected,
            Masked = Flag(parameters, "masked") ?? variable.Masked,
            Raw = Flag(parameters, "raw") ?? variable.Raw,
            EnvironmentScope = parameters.Get("environment_scope") is { Length: > 0 } scope ? scope : variable.EnvironmentScope,
            Description = parameters.Get("description") ?? variable.Description,
        };
        if (variable.Key.Length is 0 or > 255 || !KeyPattern().IsMatch(variable.Key))
        {
            return (null, null, new GitLabMessage(new Dictionary<string, string[]> { ["key"] = ["can contain only letters, digits and '_'."] }));
        }
        // GitLab's Ci::Maskable: expandable masked values use a restricted alphabet; raw ones any 8+ non-space characters.
        if (variable.Masked && !(variable.Raw ? MaskedRawPattern() : MaskedPattern()).IsMatch(variable.Value))
        {
            return (null, null, new GitLabMessage(new Dictionary<string, string[]> { ["value"] = ["is invalid"] }));
        }
        return (variable, null, null);
    }

    private static bool? Flag(GitLabParameters parameters, string name) => parameters.Get(name) switch
    {
        null => null,
        var value => value is "true" or "1",
    };

    private static string Scope(HttpRequest request) => request.Query["filter[environment_scope]"].ToString() is { Length: > 0 } scope ? scope : "*";

    private static JsonHttpResult<GitLabMessage> NotFound() => GitLabErrors.Status(StatusCodes.Status404NotFound, "404 Variable Not Found");

    [GeneratedRegex("^[a-zA-Z0-9_]+$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"^[a-zA-Z0-9_+=/@:.~-]{8,}$")]
    private static partial Regex MaskedPattern();

    [GeneratedRegex(@"^\S{8,}$")]
    private static partial Regex MaskedRawPattern();
}
