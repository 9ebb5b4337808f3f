using System.Net;
using System.Text.Json.Nodes;
using WvsMesh.EndToEnd.Tests.AllInOne;
using WvsMesh.TestKit;
using Xunit;
using static WvsMesh.EndToEnd.Tests.Accounts.Arrangements;

namespace WvsMesh.EndToEnd.Tests.Accounts;

/// <summary>
/// <c>/projects/:id/protected_branches</c> and <c>/protected_tags</c>: Maintainers protect a name or pattern with
/// GitLab's access levels, list and unprotect them; Developers are refused.
/// </summary>
public sealed class Protecting_branches_and_tags(AllInOneApp app) : IClassFixture<AllInOneApp>, IDisposable
{
    private readonly GitLabApiClient _root = app.Api();
    private readonly GitRepository _repository = GitRepository.Create();

    public void Dispose() => _repository.Dispose();

    [Theory]
    [InlineData(null, 40, "Maintainers")]
    [InlineData("0", 0, "No one")]
    [InlineData("30", 30, "Developers + Maintainers")]
    [InlineData("40", 40, "Maintainers")]
    [InlineData("60", 60, "Administrators")]
    public async Task Maintainer_protects_a_branch_with_201_and_gitlabs_entity(string? level, int expected, string description)
    {
        var ct = TestContext.Current.CancellationToken;
        var (projectId, _, maintainer) = await _root.ProjectWithMemberAsync(_repository, Maintainer, ct);
        (string, string)[] fields = level is null
            ? [("name", "main")]
            : [("name", "main"), ("push_access_level", level), ("merge_access_level", level)];

        using var response = await maintainer.SendFormAsync(HttpMethod.Post, $"/api/v4/projects/{projectId}/protected_branches", ct, fields);

        var branch = await GitLabApiClient.ExpectAsync(response, HttpStatusCode.Created, ct);
        Assert.Equal("main", branch["name"]?.GetValue<string>());
        Assert.Equal((expected, description), SingleLevel(branch["push_access_levels"]));
        Assert.Equal((expected, description), SingleLevel(branch["merge_access_levels"]));
    }

    [Theory]
    [InlineData(null, 40, "Maintainers")]
    [InlineData("0", 0, "No one")]
    [InlineData("30", 30, "Developers + Maintainers")]
    [InlineData("60", 60, "Administrators")]
    public async Task Maintainer_protects_a_tag_with_201_and_gitlabs_entity(string? level, int expected, string description)
    {
        var ct = TestContext.Current.CancellationToken;
        var (projectId, _, maintainer) = await _root.ProjectWithMemberAsync(_repository, Maintainer, ct);
        (string, string)[] fields = level is null ? [("name", "v*")] : [("name", "v*"), ("create_access_level", level)];

        using var response = await maintainer.SendFormAsync(HttpMethod.Post, $"/api/v4/projects/{projectId}/protected_tags", ct, fields);

        var tag = await GitLabApiClient.ExpectAsync(response, HttpStatusCode.Created, ct);
        Assert.Equal("v*", tag["name"]?.GetValue<string>());
        Assert.Equal((expected, description), SingleLevel(tag["create_access_levels"]));
    }

    [Theory]
    [InlineData("protected_branches", "push_access_level")]
    [InlineData("protected_tags", "create_access_level")]
    public async Task Invalid_access_level_is_400(string resource, string field)
    {
        var ct = TestContext.Current.CancellationToken;
        var (projectId, _) = await _root.NewProjectAsync(_repository, ct);

        using var response = await _root.SendFormAsync(HttpMethod.Post, $"/api/v4/projects/{projectId}/{resource}", ct, ("name", "main"), (field, "50"));

        Assert.Equal((400, $$"""{"error":"{{field}} does not have a valid value"}"""), await response.AnswerAsync(ct));
    }

    [Theory]
    [InlineData("protected_branches")]
    [InlineData("protected_tags")]
    public async Task Missing_name_is_400(string resource)
    {
        var ct = TestContext.Current.CancellationToken;
        var (projectId, _) = await _root.NewProjectAsync(_repository, ct);

        using var response = await _root.SendFormAsync(HttpMethod.Post, $"/api/v4/projects/{projectId}/{resource}", ct);

        Assert.Equal((400, """{"error":"name is missing"}"""), await response.AnswerAsync(ct));
    }

    [Theory]
    [InlineData("protected_branches", "release/*", """{"message":"Protected branch 'release/*' already exists"}""")]
    [InlineData("protected_tags", "v1.0", """{"message":"Protected tag 'v1.0' already exists"}""")]
    public async Task Protecting_the_same_name_twice_is_409(string resource, string name, string body)
    {
        var ct = TestContext.Current.CancellationToken;
        var (projectId, _) = await _root.NewProjectAsync(_repository, ct);
        using var first = await _root.SendFormAsync(HttpMethod.Post, $"/api/v4/projects/{projectId}/{resource}", ct, ("name", name));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        using var second = await _root.SendFormAsync(HttpMethod.Post, $"/api/v4/projects/{projectId}/{resource}", ct, ("name", name));

        Assert.Equal((409, body), await second.AnswerAsync(ct));
    }

    [Theory]
    [InlineData("protected_branches")]
    [InlineData("protected_tags")]
    public async Task Maintainer_lists_the_protected_names(string resource)
    {
        var ct = TestContext.Current.CancellationToken;
        var (projectId, _, maintainer) = await _root.ProjectWithMemberAsync(_repository, Maintainer, ct);
        foreach (var name in new[] { "main", "release/*" })
        {
            using var created = await maintainer.SendFormAsync(HttpMethod.Post, $"/api/v4/projects/{projectId}/{resource}", ct, ("name", name));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using var response = await maintainer.GetAsync($"/api/v4/projects/{projectId}/{resource}", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var listed = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))?.AsArray() ?? new JsonArray();
        Assert.Equal("main release/*", string.Join(' ', listed.Select(entry => entry?["name"]?.GetValue<string>()).Order(StringComparer.Ordinal)));
    }

    [Theory]
    [InlineData("protected_branches", "main")]
    [InlineData("protected_branches", "release/*")]
    [InlineData("protected_tags", "v*")]
    [InlineData("protected_tags", "releases/v1.0")]
    public async Task Unprotecting_by_url_encoded_name_answers_204_and_drops_it(string resource, string name)
    {
        var ct = TestContext.Current.CancellationToken;
        var (projectId, _, maintainer) = await _root.ProjectWithMemberAsync(_repository, Maintainer, ct);
        using var created = await maintainer.SendFormAsync(HttpMethod.Post, $"/api/v4/projects/{projectId}/{resource}", ct, ("name", name));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var deleted = await maintainer.SendAsync(HttpMethod.Delete, $"/api/v4/projects/{projectId}/{resource}/{Uri.EscapeDataString(name)}", null, ct);
        using var listed = await maintainer.GetAsync($"/api/v4/projects/{projectId}/{resource}", ct);

        Assert.Equal((204, ""), await deleted.AnswerAsync(ct));
        Assert.Equal((200, "[]"), await listed.AnswerAsync(ct));
    }

    [Theory]
    [InlineData("protected_branches")]
    [InlineData("protected_tags")]
    public async Task Unprotecting_an_unknown_name_is_404(string resource)
    {
        var ct = TestContext.Current.CancellationToken;
        var (projectId, _) = await _root.NewProjectAsync(_repository, ct);

        using var response = await _root.SendAsync(HttpMethod.Delete, $"/api/v4/projects/{projectId}/{resource}/{Uri.EscapeDataString("no/such")}", null, ct);

        // GitLab's API answers a missing record with its generic "404 Not found".
        Assert.Equal((404, """{"message":"404 Not found"}"""), await response.AnswerAsync(ct));
    }

    [Theory]
    [InlineData("GET", "protected_branches")]
    [InlineData("POST", "protected_branches")]
    [InlineData("DELETE", "protected_branches/main")]
    [InlineData("GET", "protected_tags")]
    [InlineData("POST", "protected_tags")]
    [InlineData("DELETE", "protected_tags/v1")]
    public async Task Developer_is_403(string method, string suffix)
    {
        var ct = TestContext.Current.CancellationToken;
        var (projectId, _, developer) = await _root.ProjectWithMemberAsync(_repository, Developer, ct);

        using var response = await developer.SendFormAsync(new HttpMethod(method), $"/api/v4/projects/{projectId}/{suffix}", ct, ("name", "main"));

        Assert.Equal((403, Forbidden), await response.AnswerAsync(ct));
    }

    [Theory]
    [InlineData("GET", "protected_branches")]
    [InlineData("POST", "protected_tags")]
    public async Task Non_member_is_404(string method, string suffix)
    {
        var ct = TestContext.Current.CancellationToken;
        var (projectId, _) = await _root.NewProjectAsync(_repository, ct);
        var (_, _, stranger) = await _root.CreateUserAsync(null, ct);

        using var response = await stranger.SendFormAsync(new HttpMethod(method), $"/api/v4/projects/{projectId}/{suffix}", ct, ("name", "main"));

        Assert.Equal((404, ProjectNotFound), await response.AnswerAsync(ct));
    }

    /// <summary>The one entry of a GitLab access-level array, as (access_level, access_level_description).</summary>
    private static (int, string) SingleLevel(JsonNode? levels)
    {
        var level = Assert.Single(levels?.AsArray() ?? new JsonArray());
        return (level?["access_level"]?.GetValue<int>() ?? -1, level?["access_level_description"]?.GetValue<string>() ?? "");
    }
}
