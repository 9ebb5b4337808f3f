using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using WvsMesh.TestKit;

namespace WvsMesh.Browser.Tests;

/// <summary>A user arranged through the API: signs in with <see cref="BrowserApp.Password"/> or calls the API with <see cref="Api"/>.</summary>
internal sealed record UiUser(long Id, string Username, GitLabApiClient Api);

/// <summary>
/// A project imported from a throwaway repository (one job, <c>build</c>, in stage <c>test</c>), created by its Owner, with
/// two Maintainers and a Developer added by root. Everything is arranged through the public API.
/// </summary>
internal sealed class UiProject : IDisposable
{
    private UiProject(GitLabApiClient root, long id, string fullPath, UiUser owner, UiUser maintainer, UiUser otherMaintainer, UiUser developer, GitRepository repository)
    {
        Root = root;
        Id = id;
        FullPath = fullPath;
        Owner = owner;
        Maintainer = maintainer;
        OtherMaintainer = otherMaintainer;
        Developer = developer;
        Repository = repository;
    }

    public GitLabApiClient Root { get; }

    public long Id { get; }

    /// <summary>The project's <c>path_with_namespace</c>.</summary>
    public string FullPath { get; }

    public UiUser Owner { get; }

    public UiUser Maintainer { get; }

    public UiUser OtherMaintainer { get; }

    public UiUser Developer { get; }

    public GitRepository Repository { get; }

    public string ApiPath => $"/api/v4/projects/{Id}";

    public string PagePath => $"/-/projects/{Id}";

    public static async Task<UiProject> ArrangeAsync(GitLabApiClient root, CancellationToken ct)
    {
        var repository = GitRepository.Create("build:\n  stage: test\n  script: echo building\n");
        var owner = await UserAsync(root, ct);
        var project = await root.CreateProjectForUserAsync(owner.Id, "web-" + Guid.NewGuid().ToString("N")[..8], repository.Path, ct);
        var id = IdOf(project);
        var maintainer = await UserAsync(root, ct);
        var otherMaintainer = await UserAsync(root, ct);
        var developer = await UserAsync(root, ct);
        await root.AddMemberAsync(id, maintainer.Id, 40, ct);
        await root.AddMemberAsync(id, otherMaintainer.Id, 40, ct);
        await root.AddMemberAsync(id, developer.Id, 30, ct);
        return new UiProject(root, id, project["path_with_namespace"]?.GetValue<string>() ?? "", owner, maintainer, otherMaintainer, developer, repository);
    }

    /// <summary>The trigger API as curl calls it (no user credentials), each variable as <c>variables[KEY]</c>.</summary>
    public Task<HttpResponseMessage> TriggerAsync(string token, CancellationToken ct, params (string Key, string Value)[] variables) =>
        Root.TriggerPipelineAsync(Id.ToString(CultureInfo.InvariantCulture), token, "main", ct,
            [.. variables.Select(variable => ($"variables[{variable.Key}]", variable.Value))]);

    /// <summary>The pipeline's only job, as root reads it.</summary>
    public async Task<JsonObject> OnlyJobAsync(long pipelineId, CancellationToken ct)
    {
        using var response = await Root.GetAsync($"{ApiPath}/pipelines/{pipelineId}/jobs", ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != HttpStatusCode.OK || JsonNode.Parse(text) is not JsonArray { Count: 1 } jobs || jobs[0] is not JsonObject job)
        {
            throw new InvalidOperationException($"expected one job, got {(int)response.StatusCode}: {text}");
        }
        return job;
    }

    /// <summary><c>POST /projects/:id/variables</c> as the Owner.</summary>
    public async Task AddVariableAsync(string key, string value, bool masked, CancellationToken ct)
    {
        using var response = await Owner.Api.SendFormAsync(HttpMethod.Post, $"{ApiPath}/variables", ct,
            ("key", key), ("value", value), ("masked", masked ? "true" : "false"));
        await GitLabApiClient.ExpectAsync(response, HttpStatusCode.Created, ct);
    }

    public static long IdOf(JsonObject entity) => entity["id"]?.GetValue<long>() ?? throw new InvalidOperationException($"no id: {entity}");

    public void Dispose() => Repository.Dispose();

    private static async Task<UiUser> UserAsync(GitLabApiClient root, CancellationToken ct)
    {
        var (id, username, client) = await root.CreateUserAsync(null, ct);
        return new UiUser(id, username, client);
    }
}
