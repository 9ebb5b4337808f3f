using System.Net;
using WvsMesh.TestKit;
using Xunit;
using static WvsMesh.EndToEnd.Tests.Accounts.Arrangements;

namespace WvsMesh.EndToEnd.Tests.Accounts;

/// <summary>
/// Issue #13, finding 3: a personal access token acts only within its scopes, as GitLab's API guard decides — <c>api</c>
/// everything, <c>read_api</c> GET and HEAD, <c>read_user</c> reading <c>/user</c> and <c>/users</c>, <c>create_runner</c>
/// <c>POST /user/runners</c>, any other scope no API route — refused with GitLab's 403 <c>insufficient_scope</c>.
/// Each composition runs these same cases (see the derived classes).
/// </summary>
public abstract class TokenScopeScenarios
{
    private const string ScopeDescription = "The request requires higher privileges than provided by the access token.";

    /// <summary>The composition's root client (through the gateway).</summary>
    protected abstract GitLabApiClient Root();

    /// <summary>Skips (or, on CI, fails) when the composition cannot run here.</summary>
    protected virtual void Require()
    {
    }

    [Fact]
    public async Task Read_api_token_reads_triggers_and_pipelines_but_creating_a_trigger_is_insufficient_scope()
    {
        var ct = Arrange(out var root);
        var (ownerId, _, owner) = await root.CreateUserAsync(null, ct);
        var (projectId, _) = await owner.NewProjectAsync(Arrangements.PublicRepository, ct);
        var readApi = root.As((await root.NewPersonalAccessTokenAsync(ownerId, ct, scopes: "read_api")).Token);

        using var triggers = await readApi.GetAsync($"/api/v4/projects/{projectId}/triggers", ct);
        using var pipelines = await readApi.GetAsync($"/api/v4/projects/{projectId}/pipelines", ct);
        using var created = await readApi.SendFormAsync(HttpMethod.Post, $"/api/v4/projects/{projectId}/triggers", ct, ("description", "read only"));

        Assert.Equal((200, "[]"), await triggers.AnswerAsync(ct));
        Assert.Equal((200, "[]"), await pipelines.AnswerAsync(ct));
        Assert.Equal((403, InsufficientScope("api read_api")), await created.AnswerAsync(ct));
        Assert.Equal(
            $"Bearer realm=\"The API\", error=\"insufficient_scope\", error_description=\"{ScopeDescription}\", scope=\"api read_api\"",
            created.Headers.WwwAuthenticate.ToString());
        using var after = await owner.GetAsync($"/api/v4/projects/{projectId}/triggers", ct);
        Assert.Equal((200, "[]"), await after.AnswerAsync(ct));
    }

    [Fact]
    public async Task Read_api_token_deleting_its_own_project_is_insufficient_scope()
    {
        var ct = Arrange(out var root);
        var (ownerId, _, owner) = await root.CreateUserAsync(null, ct);
        var (projectId, _) = await owner.NewProjectAsync(Arrangements.PublicRepository, ct);
        var readApi = root.As((await root.NewPersonalAccessTokenAsync(ownerId, ct, scopes: "read_api")).Token);

        using var deleted = await readApi.SendAsync(HttpMethod.Delete, $"/api/v4/projects/{projectId}", null, ct);

        Assert.Equal((403, InsufficientScope("api read_api")), await deleted.AnswerAsync(ct));
        using var still = await owner.GetAsync($"/api/v4/projects/{projectId}", ct);
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);
    }

    [Fact]
    public async Task Read_user_token_of_an_admin_creating_a_user_is_insufficient_scope()
    {
        var ct = Arrange(out var root);
        var readUser = root.As((await root.NewPersonalAccessTokenAsync(await RootIdAsync(root, ct), ct, scopes: "read_user")).Token);
        var username = Unique("scoped");
        (string, string)[] user = [("username", username), ("name", username), ("email", $"{username}@example.com")];

        using var created = await readUser.SendFormAsync(HttpMethod.Post, "/api/v4/users", ct, user);

        // GitLab names the route's own scope first, then the API's.
        Assert.Equal((403, InsufficientScope("read_user api read_api")), await created.AnswerAsync(ct));
        using var createdByApi = await root.SendFormAsync(HttpMethod.Post, "/api/v4/users", ct, user);
        Assert.Equal(HttpStatusCode.Created, createdByApi.StatusCode);
    }

    [Fact]
    public async Task Read_user_token_reads_the_user_but_listing_projects_is_insufficient_scope()
    {
        var ct = Arrange(out var root);
        var (userId, username, _) = await root.CreateUserAsync(null, ct);
        var readUser = root.As((await root.NewPersonalAccessTokenAsync(userId, ct, scopes: "read_user")).Token);

        using var me = await readUser.GetAsync("/api/v4/user", ct);
        using var someone = await readUser.GetAsync($"/api/v4/users/{userId}", ct);
        using var projects = await readUser.GetAsync("/api/v4/projects", ct);

        Assert.Equal(username, (await GitLabApiClient.ExpectAsync(me, HttpStatusCode.OK, ct))["username"]?.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, someone.StatusCode);
        Assert.Equal((403, InsufficientScope("api read_api")), await projects.AnswerAsync(ct));
    }

    [Fact]
    public async Task Api_token_creates_a_trigger_and_deletes_its_project()
    {
        var ct = Arrange(out var root);
        var (ownerId, _, owner) = await root.CreateUserAsync(null, ct);
        var (projectId, _) = await owner.NewProjectAsync(Arrangements.PublicRepository, ct);
        var api = root.As((await root.NewPersonalAccessTokenAsync(ownerId, ct, scopes: "read_user api")).Token);

        using var created = await api.SendFormAsync(HttpMethod.Post, $"/api/v4/projects/{projectId}/triggers", ct, ("description", "full"));
        using var deleted = await api.SendAsync(HttpMethod.Delete, $"/api/v4/projects/{projectId}", null, ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal((202, """{"message":"202 Accepted"}"""), await deleted.AnswerAsync(ct));
    }

    [Theory]
    [InlineData("read_repository write_repository")]
    [InlineData("manage_runner")]
    public async Task Token_without_an_api_scope_reaches_no_api_route(string scopes)
    {
        var ct = Arrange(out var root);
        var (userId, _, _) = await root.CreateUserAsync(null, ct);
        var scoped = root.As((await root.NewPersonalAccessTokenAsync(userId, ct, scopes: scopes)).Token);

        using var me = await scoped.GetAsync("/api/v4/user", ct);
        using var projects = await scoped.GetAsync("/api/v4/projects", ct);

        Assert.Equal((403, InsufficientScope("read_user api read_api")), await me.AnswerAsync(ct));
        Assert.Equal((403, InsufficientScope("api read_api")), await projects.AnswerAsync(ct));
    }

    [Fact]
    public async Task Create_runner_token_of_an_admin_creates_a_runner_and_nothing_else()
    {
        var ct = Arrange(out var root);
        var createRunner = root.As((await root.NewPersonalAccessTokenAsync(await RootIdAsync(root, ct), ct, scopes: "create_runner")).Token);

        using var runner = await createRunner.SendFormAsync(HttpMethod.Post, "/api/v4/user/runners", ct, ("runner_type", "instance_type"));
        using var me = await createRunner.GetAsync("/api/v4/user", ct);

        Assert.Equal(HttpStatusCode.Created, runner.StatusCode);
        Assert.Equal((403, InsufficientScope("read_user api read_api")), await me.AnswerAsync(ct));
    }

    private CancellationToken Arrange(out GitLabApiClient root)
    {
        Require();
        root = Root();
        return TestContext.Current.CancellationToken;
    }

    private static async Task<long> RootIdAsync(GitLabApiClient root, CancellationToken ct)
    {
        using var me = await root.GetAsync("/api/v4/user", ct);
        return Id(await GitLabApiClient.ExpectAsync(me, HttpStatusCode.OK, ct));
    }

    private static string InsufficientScope(string scopes) =>
        $$"""{"error":"insufficient_scope","error_description":"{{ScopeDescription}}","scope":"{{scopes}}"}""";
}
