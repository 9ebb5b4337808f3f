using System.Net;
using System.Text.Json.Nodes;
using WvsMesh.EndToEnd.Tests.AllInOne;
using WvsMesh.TestKit;
using Xunit;
using static WvsMesh.EndToEnd.Tests.Accounts.Arrangements;

namespace WvsMesh.EndToEnd.Tests.Accounts;

/// <summary>
/// <c>/projects</c>: a project lives in its creator's namespace with the creator as Owner; members (and admins) see
/// it by id or URL-encoded path, everyone else gets GitLab's 404; Owners and admins delete it.
/// </summary>
public sealed class Managing_projects(AllInOneApp app) : IClassFixture<AllInOneApp>, IDisposable
{
    private readonly GitLabApiClient _root = app.Api();
    private readonly GitRepository _repository = GitRepository.Create();

    public void Dispose() => _repository.Dispose();

    [Fact]
    public async Task Project_is_created_in_the_callers_namespace()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, username, user) = await _root.CreateUserAsync(null, ct);
        var name = Unique("Demo");

        using var response = await user.SendFormAsync(HttpMethod.Post, "/api/v4/projects", ct, ("name", name), ("import_url", PublicRepository));

        var project = await GitLabApiClient.ExpectAsync(response, HttpStatusCode.Created, ct);
        Assert.True(project["id"]?.GetValue<long>() > 0);
        Assert.Equal(name, project["name"]?.GetValue<string>());
        Assert.Equal(name.ToLowerInvariant(), project["path"]?.GetValue<string>());
        Assert.Equal($"{username}/{name.ToLowerInvariant()}", project["path_with_namespace"]?.GetValue<string>());
        Assert.Equal(username, project["namespace"]?["full_path"]?.GetValue<string>());
    }

    [Fact]
    public async Task Path_alone_names_the_project()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = Unique("only-path");

        using var response = await _root.SendFormAsync(HttpMethod.Post, "/api/v4/projects", ct, ("path", path), ("import_url", _repository.Path));

        var project = await GitLabApiClient.ExpectAsync(response, HttpStatusCode.Created, ct);
        Assert.Equal(path, project["name"]?.GetValue<string>());
        Assert.Equal($"root/{path}", project["path_with_namespace"]?.GetValue<string>());
    }

    [Fact]
    public async Task Creator_is_the_projects_owner()
    {
        var ct = TestContext.Current.CancellationToken;
        var (userId, _, user) = await _root.CreateUserAsync(null, ct);
        var (projectId, _) = await user.NewProjectAsync(PublicRepository, ct);

        using var response = await user.GetAsync($"/api/v4/projects/{projectId}/members/{userId}", ct);

        Assert.Equal(Owner, (await GitLabApiClient.ExpectAsync(response, HttpStatusCode.OK, ct))["access_level"]?.GetValue<int>());
    }

    [Fact]
    public async Task Duplicate_project_is_400()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = Unique("twice");
        using var first = await _root.SendFormAsync(HttpMethod.Post, "/api/v4/projects", ct, ("name", name), ("import_url", _repository.Path));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        using var second = await _root.SendFormAsync(HttpMethod.Post, "/api/v4/projects", ct, ("name", name), ("import_url", _repository.Path));

        Assert.Equal((400, """{"message":{"name":["has already been taken"],"path":["has already been taken"]}}"""), await second.AnswerAsync(ct));
    }

    [Fact]
    public async Task Same_path_in_another_namespace_is_a_different_project()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, _, user) = await _root.CreateUserAsync(null, ct);
        var name = Unique("shared-name");
        using var mine = await _root.SendFormAsync(HttpMethod.Post, "/api/v4/projects", ct, ("name", name), ("import_url", _repository.Path));

        using var theirs = await user.SendFormAsync(HttpMethod.Post, "/api/v4/projects", ct, ("name", name), ("import_url", PublicRepository));

        Assert.Equal(HttpStatusCode.Created, mine.StatusCode);
        Assert.Equal(HttpStatusCode.Created, theirs.StatusCode);
    }

    [Theory]
    [InlineData(false, true, """{"error":"name, path are missing, at least one parameter must be provided"}""")]
    [InlineData(true, false, """{"error":"import_url is missing"}""")]
    public async Task Missing_name_and_path_or_import_url_is_400(bool withName, bool withImportUrl, string body)
    {
        var ct = TestContext.Current.CancellationToken;
        var fields = new List<(string, string)>();
        if (withName)
        {
            fields.Add(("name", Unique("incomplete")));
        }
        if (withImportUrl)
        {
            fields.Add(("import_url", _repository.Path));
        }

        using var response = await _root.SendFormAsync(HttpMethod.Post, "/api/v4/projects", ct, [.. fields]);

        Assert.Equal((400, body), await response.AnswerAsync(ct));
    }

    [Fact]
    public async Task Member_reads_the_project_by_id_and_by_encoded_path()
    {
        var ct = TestContext.Current.CancellationToken;
        var (projectId, _, member) = await _root.ProjectWithMemberAsync(_repository, Guest, ct);
        using var byId = await member.GetAsync($"/api/v4/projects/{projectId}", ct);
        var fullPath = (await GitLabApiClient.ExpectAsync(byId, HttpStatusCode.OK, ct))["path_with_namespace"]?.GetValue<string>() ?? "";

        using var byPath = await member.GetAsync($"/api/v4/projects/{Uri.EscapeDataString(fullPath)}", ct);

        var project = await GitLabApiClient.ExpectAsync(byPath, HttpStatusCode.OK, ct);
        Assert.Equal(projectId, project["id"]?.GetValue<long>());
        Assert.StartsWith("root/", fullPath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Non_member_gets_404_by_id_and_by_path()
    {
        var ct = TestContext.Current.CancellationToken;
        var (projectId, fullPath) = await _root.NewProjectAsync(_repository, ct);
        var (_, _, stranger) = await _root.CreateUserAsync(null, ct);

        using var byId = await stranger.GetAsync($"/api/v4/projects/{projectId}", ct);
        using var byPath = await stranger.GetAsync($"/api/v4/projects/{Uri.EscapeDataString(fullPath)}", ct);

        Assert.Equal((404, ProjectNotFound), await byId.AnswerAsync(ct));
        Assert.Equal((404, ProjectNotFound), await byPath.AnswerAsync(ct));
    }

    [Theory]
    [InlineData("999999")]
    [InlineData("root%2Fno-such-project")]
    public async Task Unknown_project_is_404(string reference)
    {
        var ct = TestContext.Current.CancellationToken;

        using var response = await _root.GetAsync($"/api/v4/projects/{reference}", ct);

        Assert.Equal((404, ProjectNotFound), await response.AnswerAsync(ct));
    }

    [Fact]
    public async Task Project_looked_up_by_path_before_it_existed_is_found_once_created()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, username, user) = await _root.CreateUserAsync(null, ct);
        var path = Unique("get-or-create");
        var encoded = Uri.EscapeDataString($"{username}/{path}");
        // A client's "get or create": the lookup misses, the project is created, the next lookup must find it.
        using var missing = await user.GetAsync($"/api/v4/projects/{encoded}", ct);
        Assert.Equal((404, ProjectNotFound), await missing.AnswerAsync(ct));
        using var created = await user.SendFormAsync(HttpMethod.Post, "/api/v4/projects", ct, ("path", path), ("import_url", PublicRepository));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var found = await user.GetAsync($"/api/v4/projects/{encoded}", ct);

        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
    }

    [Fact]
    public async Task List_holds_the_callers_memberships_only_with_pagination_headers()
    {
        var ct = TestContext.Current.CancellationToken;
        var (userId, _, user) = await _root.CreateUserAsync(null, ct);
        var (own, _) = await user.NewProjectAsync(PublicRepository, ct);
        var (joined, _) = await _root.NewProjectAsync(_repository, ct);
        await _root.AddMemberAsync(joined, userId, Reporter, ct);
        await _root.NewProjectAsync(_repository, ct);

        using var firstPage = await user.GetAsync("/api/v4/projects?per_page=1", ct);
        using var all = await user.GetAsync("/api/v4/projects", ct);

        Assert.Equal(HttpStatusCode.OK, firstPage.StatusCode);
        Assert.Equal("2", firstPage.Headers.GetValues("X-Total").Single());
        Assert.Equal("2", firstPage.Headers.GetValues("X-Total-Pages").Single());
        Assert.Equal("1", firstPage.Headers.GetValues("X-Page").Single());
        Assert.Equal("1", firstPage.Headers.GetValues("X-Per-Page").Single());
        Assert.Equal("2", firstPage.Headers.GetValues("X-Next-Page").Single());
        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        Assert.Equal(new[] { own, joined }.Order(), await ProjectIdsAsync(all, ct));
    }

    [Fact]
    public async Task Admin_lists_every_project()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, _, user) = await _root.CreateUserAsync(null, ct);
        var (theirs, _) = await user.NewProjectAsync(PublicRepository, ct);

        using var response = await _root.GetAsync("/api/v4/projects?per_page=100", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(theirs, await ProjectIdsAsync(response, ct));
    }

    [Fact]
    public async Task Owner_deletes_the_project_with_202_and_it_is_gone()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, _, user) = await _root.CreateUserAsync(null, ct);
        var (projectId, _) = await user.NewProjectAsync(PublicRepository, ct);

        using var deleted = await user.SendAsync(HttpMethod.Delete, $"/api/v4/projects/{projectId}", null, ct);
        using var afterwards = await user.GetAsync($"/api/v4/projects/{projectId}", ct);
        using var byAdmin = await _root.GetAsync($"/api/v4/projects/{projectId}", ct);

        Assert.Equal((202, """{"message":"202 Accepted"}"""), await deleted.AnswerAsync(ct));
        Assert.Equal((404, ProjectNotFound), await afterwards.AnswerAsync(ct));
        Assert.Equal((404, ProjectNotFound), await byAdmin.AnswerAsync(ct));
    }

    [Fact]
    public async Task Admin_deletes_any_project()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, _, user) = await _root.CreateUserAsync(null, ct);
        var (projectId, _) = await user.NewProjectAsync(PublicRepository, ct);

        using var deleted = await _root.SendAsync(HttpMethod.Delete, $"/api/v4/projects/{projectId}", null, ct);
        using var afterwards = await user.GetAsync($"/api/v4/projects/{projectId}", ct);

        Assert.Equal((202, """{"message":"202 Accepted"}"""), await deleted.AnswerAsync(ct));
        Assert.Equal((404, ProjectNotFound), await afterwards.AnswerAsync(ct));
    }

    [Theory]
    [InlineData(Maintainer)]
    [InlineData(Developer)]
    public async Task Member_below_owner_deleting_the_project_is_403(int accessLevel)
    {
        var ct = TestContext.Current.CancellationToken;
        var (projectId, _, member) = await _root.ProjectWithMemberAsync(_repository, accessLevel, ct);

        using var response = await member.SendAsync(HttpMethod.Delete, $"/api/v4/projects/{projectId}", null, ct);
        using var stillThere = await member.GetAsync($"/api/v4/projects/{projectId}", ct);

        Assert.Equal((403, Forbidden), await response.AnswerAsync(ct));
        Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);
    }

    [Fact]
    public async Task Non_member_deleting_the_project_is_404()
    {
        var ct = TestContext.Current.CancellationToken;
        var (projectId, _) = await _root.NewProjectAsync(_repository, ct);
        var (_, _, stranger) = await _root.CreateUserAsync(null, ct);

        using var response = await stranger.SendAsync(HttpMethod.Delete, $"/api/v4/projects/{projectId}", null, ct);

        Assert.Equal((404, ProjectNotFound), await response.AnswerAsync(ct));
    }

    private static async Task<IEnumerable<long>> ProjectIdsAsync(HttpResponseMessage response, CancellationToken ct) =>
        (JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))?.AsArray() ?? new JsonArray())
            .Select(project => project?["id"]?.GetValue<long>() ?? 0).Order().ToList();
}
