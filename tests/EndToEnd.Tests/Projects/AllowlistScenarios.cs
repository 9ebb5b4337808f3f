using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using WvsMesh.EndToEnd.Tests.Pipelines;
using WvsMesh.TestKit;
using Xunit;
using static WvsMesh.EndToEnd.Tests.Accounts.Arrangements;

namespace WvsMesh.EndToEnd.Tests.Projects;

/// <summary>
/// A project's job-token allowlist names other projects; as in GitLab, a Maintainer may add or remove only a project they
/// can read — any other answers as a missing one, 404 — and the list shows GitLab's <c>BasicProjectDetails</c>, never
/// another project's <c>import_url</c> (#13).
/// Each composition runs these same cases (see the derived classes).
/// </summary>
public abstract class AllowlistScenarios
{
    private const string WithCredentials = "https://deploy:s3cret-Pa55@93.184.215.14/group/private.git";
    private static readonly JsonObject ProjectNotFound = new() { ["message"] = "404 Project Not Found" };

    /// <summary>The composition's root client (through the gateway).</summary>
    protected abstract GitLabApiClient Root();

    /// <summary>Skips (or, on CI, fails) when the composition cannot run here.</summary>
    protected virtual void Require()
    {
    }

    [Fact]
    public async Task Another_users_private_project_cannot_be_added_or_removed()
    {
        Require();
        var ct = TestContext.Current.CancellationToken;
        var root = Root();
        var (_, _, victim) = await root.CreateUserAsync(null, ct);
        var (secret, _) = await victim.NewProjectAsync(WithCredentials, ct);
        var (_, _, attacker) = await root.CreateUserAsync(null, ct);
        var (mine, _) = await attacker.NewProjectAsync(PublicRepository, ct);

        using var added = await AddAsync(attacker, mine, secret, ct);
        using var missing = await AddAsync(attacker, mine, secret + 1_000_000, ct);
        using var removed = await attacker.SendAsync(HttpMethod.Delete, $"/api/v4/projects/{mine}/job_token_scope/allowlist/{secret}", null, ct);
        using var listed = await attacker.GetAsync($"/api/v4/projects/{mine}/job_token_scope/allowlist", ct);

        await Refusal.IsJsonAsync(added, 404, ProjectNotFound, ct);
        await Refusal.IsJsonAsync(missing, 404, ProjectNotFound, ct);
        await Refusal.IsJsonAsync(removed, 404, ProjectNotFound, ct);
        Assert.Equal("[]", await listed.Content.ReadAsStringAsync(ct));
    }

    [Fact]
    public async Task A_readable_project_is_listed_with_GitLabs_basic_fields_only()
    {
        Require();
        var ct = TestContext.Current.CancellationToken;
        var root = Root();
        var (_, _, other) = await root.CreateUserAsync(null, ct);
        var (source, sourcePath) = await other.NewProjectAsync(WithCredentials, ct);
        var (maintainerId, _, maintainer) = await root.CreateUserAsync(null, ct);
        var (mine, _) = await maintainer.NewProjectAsync(PublicRepository, ct);
        await other.AddMemberAsync(source, maintainerId, Guest, ct);

        using var added = await AddAsync(maintainer, mine, source, ct);
        var listed = await CiProject.ArrayAsync(maintainer, $"/api/v4/projects/{mine}/job_token_scope/allowlist", ct);

        await GitLabApiClient.ExpectAsync(added, HttpStatusCode.Created, ct);
        Assert.DoesNotContain("s3cret", listed.ToJsonString(), StringComparison.Ordinal);
        var project = Assert.Single(listed)!.AsObject(); // ! : a listed project is an object
        Assert.Equal(source, project["id"]?.GetValue<long>());
        Assert.Equal(sourcePath, project["path_with_namespace"]?.GetValue<string>());
        Assert.Equal(
            ["avatar_url", "created_at", "default_branch", "description", "id", "last_activity_at", "name", "name_with_namespace",
             "namespace", "path", "path_with_namespace", "star_count", "tag_list", "topics", "web_url"],
            project.Select(field => field.Key).Order(StringComparer.Ordinal));
    }

    private static Task<HttpResponseMessage> AddAsync(GitLabApiClient caller, long projectId, long targetId, CancellationToken ct) =>
        caller.SendFormAsync(HttpMethod.Post, $"/api/v4/projects/{projectId}/job_token_scope/allowlist", ct,
            ("target_project_id", targetId.ToString(CultureInfo.InvariantCulture)));
}
