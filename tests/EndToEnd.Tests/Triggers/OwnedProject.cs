using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Triggers;

/// <summary>A user of the instance with their own personal access token.</summary>
internal sealed record ProjectUser(long Id, string Username, GitLabApiClient Client);

/// <summary>
/// A project created by a user who is no admin (so its Owner), importing a fresh repository: root acts on it as an
/// instance admin and never as a member. Everything is arranged through the public API, as a GitLab client would.
/// </summary>
internal sealed class OwnedProject : IDisposable
{
    private OwnedProject(GitLabApiClient root, ProjectUser creator, long id, GitRepository repository)
    {
        Root = root;
        Creator = creator;
        Id = id;
        Repository = repository;
    }

    /// <summary>Root (instance admin, not a member).</summary>
    public GitLabApiClient Root { get; }

    /// <summary>The user who created the project: its Owner (50).</summary>
    public ProjectUser Creator { get; }

    public long Id { get; }

    public GitRepository Repository { get; }

    /// <summary><c>/api/v4/projects/:id/triggers</c>.</summary>
    public string Triggers => $"/api/v4/projects/{Id}/triggers";

    public static async Task<OwnedProject> ArrangeAsync(GitLabApiClient root, CancellationToken ct)
    {
        var (id, username, client) = await root.CreateUserAsync(null, ct);
        var repository = GitRepository.Create();
        var project = await root.CreateProjectForUserAsync(id, "p-" + Guid.NewGuid().ToString("N")[..8], repository.Path, ct);
        return new OwnedProject(root, new ProjectUser(id, username, client), project["id"]?.GetValue<long>() ?? throw new InvalidOperationException("project without id"), repository);
    }

    /// <summary>A new user who is no member of the project.</summary>
    public async Task<ProjectUser> NewUserAsync(CancellationToken ct)
    {
        var (id, username, client) = await Root.CreateUserAsync(null, ct);
        return new ProjectUser(id, username, client);
    }

    /// <summary>A new user, added by root at <paramref name="accessLevel"/>.</summary>
    public async Task<ProjectUser> NewMemberAsync(int accessLevel, CancellationToken ct)
    {
        var user = await NewUserAsync(ct);
        await Root.AddMemberAsync(Id, user.Id, accessLevel, ct);
        return user;
    }

    /// <summary><c>POST /projects/:id/triggers</c> as <paramref name="owner"/>; the trigger JSON, expecting 201.</summary>
    public async Task<JsonObject> CreateTriggerAsync(GitLabApiClient owner, string description, CancellationToken ct, params (string Key, string Value)[] extra)
    {
        using var response = await owner.SendFormAsync(HttpMethod.Post, Triggers, ct, [("description", description), .. extra]);
        return await GitLabApiClient.ExpectAsync(response, HttpStatusCode.Created, ct);
    }

    /// <summary>The Owner re-levels a member (<c>PUT /projects/:id/members/:user_id</c>).</summary>
    public async Task SetAccessLevelAsync(long userId, int accessLevel, CancellationToken ct)
    {
        using var response = await Creator.Client.SendFormAsync(HttpMethod.Put, $"/api/v4/projects/{Id}/members/{userId}", ct,
            ("access_level", accessLevel.ToString(CultureInfo.InvariantCulture)));
        await GitLabApiClient.ExpectAsync(response, HttpStatusCode.OK, ct);
    }

    /// <summary>The Owner removes a member (<c>DELETE /projects/:id/members/:user_id</c>).</summary>
    public async Task RemoveMemberAsync(long userId, CancellationToken ct)
    {
        using var response = await Creator.Client.SendAsync(HttpMethod.Delete, $"/api/v4/projects/{Id}/members/{userId}", null, ct);
        await ExpectAsync(response, HttpStatusCode.NoContent, ct);
    }

    /// <summary>Root blocks (<c>POST /users/:id/block</c>) or unblocks a user.</summary>
    public async Task SetBlockedAsync(long userId, bool blocked, CancellationToken ct)
    {
        using var response = await Root.SendAsync(HttpMethod.Post, $"/api/v4/users/{userId}/{(blocked ? "block" : "unblock")}", null, ct);
        await ExpectAsync(response, HttpStatusCode.Created, ct);
    }

    /// <summary>The Owner protects a branch (<c>POST /projects/:id/protected_branches</c>).</summary>
    public async Task ProtectBranchAsync(string name, int pushAccessLevel, int mergeAccessLevel, CancellationToken ct)
    {
        using var response = await Creator.Client.SendFormAsync(HttpMethod.Post, $"/api/v4/projects/{Id}/protected_branches", ct,
            ("name", name),
            ("push_access_level", pushAccessLevel.ToString(CultureInfo.InvariantCulture)),
            ("merge_access_level", mergeAccessLevel.ToString(CultureInfo.InvariantCulture)));
        await GitLabApiClient.ExpectAsync(response, HttpStatusCode.Created, ct);
    }

    /// <summary>The Owner protects a tag (<c>POST /projects/:id/protected_tags</c>).</summary>
    public async Task ProtectTagAsync(string name, int createAccessLevel, CancellationToken ct)
    {
        using var response = await Creator.Client.SendFormAsync(HttpMethod.Post, $"/api/v4/projects/{Id}/protected_tags", ct,
            ("name", name), ("create_access_level", createAccessLevel.ToString(CultureInfo.InvariantCulture)));
        await GitLabApiClient.ExpectAsync(response, HttpStatusCode.Created, ct);
    }

    /// <summary>The README's trigger request, with no user credentials.</summary>
    public Task<HttpResponseMessage> TriggerAsync(string token, string reference, CancellationToken ct) =>
        Root.TriggerPipelineAsync(Id.ToString(CultureInfo.InvariantCulture), token, reference, ct);

    public void Dispose() => Repository.Dispose();

    private static async Task ExpectAsync(HttpResponseMessage response, HttpStatusCode status, CancellationToken ct)
    {
        if (response.StatusCode != status)
        {
            throw new HttpRequestException($"expected {(int)status}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        }
    }
}

/// <summary>Asserting GitLab's answers: status and exact body.</summary>
internal static class Answer
{
    public const string Unauthorized = """{"message":"401 Unauthorized"}""";
    public const string Forbidden = """{"message":"403 Forbidden"}""";
    public const string ProjectNotFound = """{"message":"404 Project Not Found"}""";
    public const string TriggerNotFound = """{"message":"404 Not found"}""";
    public const string NotFound = """{"message":"404 Not Found"}""";
    public const string InsufficientPermissions = """{"message":{"base":["Insufficient permissions to create a new pipeline"]}}""";
    public const string UpdateForbidden = """{"message":"403 Forbidden - The current user is not authorized to update the pipeline trigger token"}""";

    /// <summary>Asserts the status, and the exact body when <paramref name="body"/> is given.</summary>
    public static async Task IsAsync(HttpResponseMessage response, int status, string? body, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(status == (int)response.StatusCode, $"expected {status}, got {(int)response.StatusCode}: {text}");
        if (body is not null)
        {
            Assert.Equal(body, text);
        }
    }

    /// <summary>A JSON array answer, expecting 200.</summary>
    public static async Task<JsonArray> ArrayAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text) as JsonArray ?? throw new InvalidOperationException($"not a JSON array: {text}");
    }

    /// <summary>The <c>id</c> of a JSON answer.</summary>
    public static long Id(JsonObject entity) => entity["id"]?.GetValue<long>() ?? throw new InvalidOperationException($"no id: {entity}");

    /// <summary>The <c>token</c> of a trigger's JSON.</summary>
    public static string Token(JsonObject trigger) => trigger["token"]?.GetValue<string>() ?? throw new InvalidOperationException($"no token: {trigger}");

    /// <summary>The protected-ref refusal GitLab answers for <paramref name="refName"/>.</summary>
    public static string ProtectedRef(string refName) =>
        $$$"""{"message":{"base":["You do not have sufficient permission to run a pipeline on '{{{refName}}}'. Please select a different branch or contact your administrator for assistance."]}}""";
}
