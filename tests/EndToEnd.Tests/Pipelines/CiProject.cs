using System.Globalization;
using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Pipelines;

/// <summary>
/// A project created by a user who is no admin (its Owner, who also owns the trigger token), importing a repository whose
/// <c>.wvs/root-ci.yml</c> is the configuration under test. Besides <c>main</c> the repository has the branches
/// <c>feature/x</c> and <c>release-1</c> and the tag <c>v1</c>, all at the same commit. Root acts as an instance admin
/// and never as a member. Everything is arranged through the public API.
/// </summary>
internal sealed class CiProject : IDisposable
{
    private CiProject(GitLabApiClient root, GitLabApiClient owner, long ownerId, long id, long triggerId, string token, GitRepository repository)
    {
        Root = root;
        Owner = owner;
        OwnerId = ownerId;
        Id = id;
        TriggerId = triggerId;
        Token = token;
        Repository = repository;
    }

    /// <summary>Root (instance admin, not a member).</summary>
    public GitLabApiClient Root { get; }

    /// <summary>The project's creator: Owner (50).</summary>
    public GitLabApiClient Owner { get; }

    public long OwnerId { get; }

    public long Id { get; }

    /// <summary>The id of the Owner's trigger token, described <c>ci</c>.</summary>
    public long TriggerId { get; }

    /// <summary>A trigger token of the Owner's.</summary>
    public string Token { get; }

    /// <summary>The four characters after <c>wvsptt-</c>: what <c>CI_TRIGGER_SHORT_TOKEN</c> holds.</summary>
    public string ShortToken => Token["wvsptt-".Length..("wvsptt-".Length + 4)];

    public GitRepository Repository { get; }

    /// <summary><c>/api/v4/projects/:id</c>.</summary>
    public string Path => $"/api/v4/projects/{Id}";

    public static async Task<CiProject> ArrangeAsync(GitLabApiClient root, string ciConfig, CancellationToken ct)
    {
        var (ownerId, _, owner) = await root.CreateUserAsync(null, ct);
        var repository = GitRepository.Create(ciConfig);
        repository.Git("branch", "feature/x");
        repository.Git("branch", "release-1");
        repository.Git("tag", "v1");
        var project = await root.CreateProjectForUserAsync(ownerId, "ci-" + Guid.NewGuid().ToString("N")[..8], repository.Path, ct);
        var id = IdOf(project);
        var trigger = await owner.CreateTriggerAsync(id, "ci", ct);
        var token = trigger["token"]?.GetValue<string>() ?? throw new InvalidOperationException($"no token: {trigger}");
        return new CiProject(root, owner, ownerId, id, IdOf(trigger), token, repository);
    }

    /// <summary>
    /// A project the caller of <paramref name="owner"/> created and owns, with its trigger token: for a test that imports
    /// its own way. The repository becomes the project's, disposed of with it.
    /// </summary>
    public static async Task<CiProject> ExistingAsync(GitLabApiClient owner, JsonObject project, JsonObject trigger, GitRepository repository, CancellationToken ct)
    {
        using var user = await owner.GetAsync("/api/v4/user", ct);
        var ownerId = IdOf(await GitLabApiClient.ExpectAsync(user, HttpStatusCode.OK, ct));
        var token = trigger["token"]?.GetValue<string>() ?? throw new InvalidOperationException($"no token: {trigger}");
        return new CiProject(owner, owner, ownerId, IdOf(project), IdOf(trigger), token, repository);
    }

    /// <summary>The trigger API with the Owner's token; each <paramref name="variables"/> pair goes as <c>variables[KEY]=value</c>.</summary>
    public Task<HttpResponseMessage> TriggerAsync(string reference, CancellationToken ct, params (string Key, string Value)[] variables) =>
        TriggerWithAsync(Token, reference, ct, variables);

    /// <summary>The trigger API with another token of this project.</summary>
    public Task<HttpResponseMessage> TriggerWithAsync(string token, string reference, CancellationToken ct, params (string Key, string Value)[] variables) =>
        Root.TriggerPipelineAsync(Id.ToString(CultureInfo.InvariantCulture), token, reference, ct,
            [.. variables.Select(variable => ($"variables[{variable.Key}]", variable.Value))]);

    /// <summary>Triggers, expecting 201, and returns the pipeline JSON.</summary>
    public async Task<JsonObject> TriggerCreatedAsync(string reference, CancellationToken ct, params (string Key, string Value)[] variables)
    {
        using var response = await TriggerAsync(reference, ct, variables);
        return await GitLabApiClient.ExpectAsync(response, HttpStatusCode.Created, ct);
    }

    /// <summary>The pipeline's jobs as root reads them (<c>GET /pipelines/:id/jobs</c>), in id order.</summary>
    public async Task<List<JsonObject>> JobsAsync(JsonObject pipeline, CancellationToken ct)
    {
        var jobs = await ArrayAsync(Root, $"{Path}/pipelines/{IdOf(pipeline)}/jobs?per_page=100", ct);
        return [.. jobs.OfType<JsonObject>().OrderBy(IdOf)];
    }

    /// <summary>Triggers, expecting 201, and returns the names of the jobs the pipeline got, sorted.</summary>
    public async Task<string[]> JobNamesAsync(string reference, CancellationToken ct, params (string Key, string Value)[] variables)
    {
        var jobs = await JobsAsync(await TriggerCreatedAsync(reference, ct, variables), ct);
        return [.. jobs.Select(job => Text(job, "name")).Order(StringComparer.Ordinal)];
    }

    /// <summary>Replaces the configuration on <c>main</c> (the mirror is fetched before each trigger).</summary>
    public string Configure(string ciConfig) => Repository.Commit(".wvs/root-ci.yml", ciConfig, "ci");

    /// <summary><c>POST /projects/:id/variables</c> as the Owner, expecting 201.</summary>
    public async Task AddVariableAsync(string key, string value, CancellationToken ct, params (string Key, string Value)[] extra)
    {
        using var response = await Owner.SendFormAsync(HttpMethod.Post, $"{Path}/variables", ct, [("key", key), ("value", value), .. extra]);
        await GitLabApiClient.ExpectAsync(response, HttpStatusCode.Created, ct);
    }

    /// <summary>The Owner protects a branch with Maintainers allowed to push and merge.</summary>
    public async Task ProtectBranchAsync(string name, CancellationToken ct)
    {
        using var response = await Owner.SendFormAsync(HttpMethod.Post, $"{Path}/protected_branches", ct,
            ("name", name), ("push_access_level", "40"), ("merge_access_level", "40"));
        await GitLabApiClient.ExpectAsync(response, HttpStatusCode.Created, ct);
    }

    /// <summary>The Owner sets <c>ci_pipeline_variables_minimum_override_role</c> (<c>PUT /projects/:id</c>).</summary>
    public async Task SetPipelineVariablesRoleAsync(string role, CancellationToken ct)
    {
        using var response = await Owner.SendFormAsync(HttpMethod.Put, Path, ct, ("ci_pipeline_variables_minimum_override_role", role));
        await GitLabApiClient.ExpectAsync(response, HttpStatusCode.OK, ct);
    }

    /// <summary>A new user added by root at <paramref name="accessLevel"/> (0: no member at all).</summary>
    public async Task<(long Id, GitLabApiClient Client)> NewUserAsync(int accessLevel, CancellationToken ct)
    {
        var (id, _, client) = await Root.CreateUserAsync(null, ct);
        if (accessLevel > 0)
        {
            await Root.AddMemberAsync(Id, id, accessLevel, ct);
        }
        return (id, client);
    }

    /// <summary>The Owner re-levels a member.</summary>
    public async Task SetAccessLevelAsync(long userId, int accessLevel, CancellationToken ct)
    {
        using var response = await Owner.SendFormAsync(HttpMethod.Put, $"{Path}/members/{userId}", ct,
            ("access_level", accessLevel.ToString(CultureInfo.InvariantCulture)));
        await GitLabApiClient.ExpectAsync(response, HttpStatusCode.OK, ct);
    }

    public void Dispose() => Repository.Dispose();

    /// <summary>A JSON array answer, expecting 200.</summary>
    public static async Task<JsonArray> ArrayAsync(GitLabApiClient client, string path, CancellationToken ct)
    {
        using var response = await client.GetAsync(path, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: expected 200, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text) as JsonArray ?? throw new InvalidOperationException($"not a JSON array: {text}");
    }

    public static long IdOf(JsonObject entity) => entity["id"]?.GetValue<long>() ?? throw new InvalidOperationException($"no id: {entity}");

    public static string Text(JsonObject entity, string name) =>
        entity[name]?.GetValue<string>() ?? throw new InvalidOperationException($"no {name}: {entity}");
}

/// <summary>GitLab's answers to a pipeline that was not created, compared as JSON (so escaping does not matter).</summary>
internal static class Refusal
{
    public const string Empty = "The resulting pipeline would have been empty. Review the rules configuration for the relevant jobs.";
    public const string Workflow = "The pipeline did not run. Review the workflow:rules configuration for the pipeline.";
    public const string ReferenceNotFound = "Reference not found";
    public const string Ambiguous = "Ref is ambiguous";
    public const string VariablesForbidden = "Insufficient permissions to set pipeline variables";

    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Asserts <paramref name="status"/> and the body <c>{"message":{"base":[message]}}</c>.</summary>
    public static Task IsAsync(HttpResponseMessage response, int status, string message, CancellationToken ct) =>
        IsJsonAsync(response, status, new JsonObject { ["message"] = new JsonObject { ["base"] = new JsonArray(message) } }, ct);

    /// <summary>Asserts <paramref name="status"/> and a body equal, as JSON, to <paramref name="expected"/>.</summary>
    public static async Task IsJsonAsync(HttpResponseMessage response, int status, JsonNode expected, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(status == (int)response.StatusCode, $"expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(text)), $"expected body {expected.ToJsonString(Readable)}, got {text}");
    }
}
