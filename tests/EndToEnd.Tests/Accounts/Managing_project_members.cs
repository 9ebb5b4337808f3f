using System.Net;
using System.Text.Json.Nodes;
using WvsMesh.EndToEnd.Tests.AllInOne;
using WvsMesh.TestKit;
using Xunit;
using static WvsMesh.EndToEnd.Tests.Accounts.Arrangements;

namespace WvsMesh.EndToEnd.Tests.Accounts;

/// <summary>
/// <c>/projects/:id/members</c>: members read the list; Maintainers add, re-level and remove members; only Owners touch
/// the Owner role; anyone may leave. A changed role counts from the very next request.
/// </summary>
public sealed class Managing_project_members(AllInOneApp app) : IClassFixture<AllInOneApp>, IDisposable
{
    private readonly GitLabApiClient _root = app.Api();
    private readonly GitRepository _repository = GitRepository.Create();

    public void Dispose() => _repository.Dispose();

    [Fact]
    public async Task Any_member_lists_the_members_with_their_levels()
    {
        var ct = TestContext.Current.CancellationToken;
        var (projectId, userId, guest) = await _root.ProjectWithMemberAsync(_repository, Guest, ct);

        using var response = await guest.GetAsync($"/api/v4/projects/{projectId}/members", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2", response.Headers.GetValues("X-Total").Single());
        var members = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))?.AsArray() ?? new JsonArray();
        Assert.Equal(Owner, members.Single(member => member?["username"]?.GetValue<string>() == "root")?["access_level"]?.GetValue<int>());
        Assert.Equal(Guest, members.Single(member => member?["id"]?.GetValue<long>() == userId)?["access_level"]?.GetValue<int>());
    }

    [Fact]
    public async Task Member_reads_one_member()
    {
        var ct = TestContext.Current.CancellationToken;
        var (projectId, userId, reporter) = await _root.ProjectWithMemberAsync(_repository, Reporter, ct);

        using var response = await reporter.GetAsync($"/api/v4/projects/{projectId}/members/{userId}", ct);

        var member = await GitLabApiClient.ExpectAsync(response, HttpStatusCode.OK, ct);
        Assert.Equal(userId, member["id"]?.GetValue<long>());
        Assert.Equal(Reporter, member["access_level"]?.GetValue<int>());
        Assert.Equal("active", member["state"]?.GetValue<string>());
    }

    [Theory]
    [InlineData("GET", "/members")]
    [InlineData("GET", "/members/1")]
    [InlineData("POST", "/members")]
    [InlineData("PUT", "/members/1")]
    [InlineData("DELETE", "/members/1")]
    public async Task Non_member_is_404(string method, string suffix)
    {
        var ct = TestContext.Current.CancellationToken;
        var (projectId, _) = await _root.NewProjectAsync(_repository, ct);
        var (strangerId, _, stranger) = await _root.CreateUserAsync(null, ct);

        using var response = await stranger.SendFormAsync(new HttpMethod(method), $"/api/v4/projects/{projectId}{suffix}", ct,
            ("user_id", Text(strangerId)), ("access_level", Text(Developer)));

        Assert.Equal((404, ProjectNotFound), await response.AnswerAsync(ct));
    }

    [Theory]
    [InlineData(Maintainer, Guest)]
    [InlineData(Maintainer, Reporter)]
    [InlineData(Maintainer, Developer)]
    [InlineData(Maintainer, Maintainer)]
    [InlineData(Owner, Owner)]
    public async Task Maintainer_or_owner_adds_a_member_with_201(int adderLevel, int grantedLevel)
    {
        var ct = TestContext.Current.CancellationToken;
        var (projectId, _, adder) = await _root.ProjectWithMemberAsync(_repository, adderLevel, ct);
        var (newcomerId, _, newcomer) = await _root.CreateUserAsync(null, ct);

        using var response = await adder.SendFormAsync(HttpMethod.Post, $"/api/v4/projects/{projectId}/members", ct,
            ("user_id", Text(newcomerId)), ("access_level", Text(grantedLevel)));
        using var seen = await newcomer.GetAsync($"/api/v4/projects/{projectId}", ct);

        var member = await GitLabApiClient.ExpectAsync(response, HttpStatusCode.Created, ct);
        Assert.Equal(newcomerId, member["id"]?.GetValue<long>());
        Assert.Equal(grantedLevel, member["access_level"]?.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, seen.StatusCode);
    }

    [Theory]
    [InlineData(Guest)]
    [InlineData(Reporter)]
    [InlineData(Developer)]
    public async Task Member_below_maintainer_adding_a_member_is_403(int accessLevel)
    {
        var ct = TestContext.Current.CancellationToken;
        var (projectId, _, member) = await _root.ProjectWithMemberAsync(_repository, accessLevel, ct);
        var (newcomerId, _, _) = await _root.CreateUserAsync(null, ct);

        using var response = await member.SendFormAsync(HttpMethod.Post, $"/api/v4/projects/{projectId}/members", ct,
            ("user_id", Text(newcomerId)), ("access_level", Text(Guest)));

        Assert.Equal((403, Forbidden), await response.AnswerAsync(ct));
    }

    [Fact]
    public async Task Adding_an_existing_member_is_409()
    {
        var ct = TestContext.Current.CancellationToken;
        var (projectId, userId, _) = await _root.ProjectWithMemberAsync(_repository, Developer, ct);

        using var response = await _root.SendFormAsync(HttpMethod.Post, $"/api/v4/projects/{projectId}/members", ct,
            ("user_id", Text(userId)), ("access_level", Text(Reporter)));

        Assert.Equal((409, """{"message":"Member already exists"}"""), await response.AnswerAsync(ct));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("35")]
    [InlineData("60")]
    [InlineData("developer")]
    public async Task Invalid_access_level_is_400(string accessLevel)
    {
        var ct = TestContext.Current.CancellationToken;
        var (projectId, userId, _) = await _root.ProjectWithMemberAsync(_repository, Developer, ct);
        var (newcomerId, _, _) = await _root.CreateUserAsync(null, ct);

        using var added = await _root.SendFormAsync(HttpMethod.Post, $"/api/v4/projects/{projectId}/members", ct,
            ("user_id", Text(newcomerId)), ("access_level", accessLevel));
        using var updated = await _root.SendFormAsync(HttpMethod.Put, $"/api/v4/projects/{projectId}/members/{userId}", ct, ("access_level", accessLevel));

        Assert.Equal((400, """{"error":"access_level does not have a valid value"}"""), await added.AnswerAsync(ct));
        Assert.Equal((400, """{"error":"access_level does not have a valid value"}"""), await updated.AnswerAsync(ct));
    }

    [Fact]
    public async Task Adding_an_unknown_user_is_404()
    {
        var ct = TestContext.Current.CancellationToken;
        var (projectId, _) = await _root.NewProjectAsync(_repository, ct);

        using var response = await _root.SendFormAsync(HttpMethod.Post, $"/api/v4/projects/{projectId}/members", ct,
            ("user_id", "999999"), ("access_level", Text(Developer)));

        Assert.Equal((404, """{"message":"404 User Not Found"}"""), await response.AnswerAsync(ct));
    }

    [Fact]
    public async Task Maintainer_granting_owner_is_403()
    {
        var ct = TestContext.Current.CancellationToken;
        var (projectId, _, maintainer) = await _root.ProjectWithMemberAsync(_repository, Maintainer, ct);
        var (newcomerId, _, _) = await _root.CreateUserAsync(null, ct);

        using var response = await maintainer.SendFormAsync(HttpMethod.Post, $"/api/v4/projects/{projectId}/members", ct,
            ("user_id", Text(newcomerId)), ("access_level", Text(Owner)));

        Assert.Equal((403, Forbidden), await response.AnswerAsync(ct));
    }

    [Fact]
    public async Task Maintainer_changes_a_members_level()
    {
        var ct = TestContext.Current.CancellationToken;
        var (projectId, _, maintainer) = await _root.ProjectWithMemberAsync(_repository, Maintainer, ct);
        var (userId, _, _) = await _root.CreateUserAsync(null, ct);
        await _root.AddMemberAsync(projectId, userId, Guest, ct);

        using var response = await maintainer.SetAccessLevelAsync(projectId, userId, Developer, ct);
        using var read = await maintainer.GetAsync($"/api/v4/projects/{projectId}/members/{userId}", ct);

        Assert.Equal(Developer, (await GitLabApiClient.ExpectAsync(response, HttpStatusCode.OK, ct))["access_level"]?.GetValue<int>());
        Assert.Equal(Developer, (await GitLabApiClient.ExpectAsync(read, HttpStatusCode.OK, ct))["access_level"]?.GetValue<int>());
    }

    [Fact]
    public async Task Unknown_member_is_404()
    {
        var ct = TestContext.Current.CancellationToken;
        var (projectId, _) = await _root.NewProjectAsync(_repository, ct);
        var (outsiderId, _, _) = await _root.CreateUserAsync(null, ct);

        using var read = await _root.GetAsync($"/api/v4/projects/{projectId}/members/{outsiderId}", ct);
        using var updated = await _root.SetAccessLevelAsync(projectId, outsiderId, Developer, ct);
        using var removed = await _root.SendAsync(HttpMethod.Delete, $"/api/v4/projects/{projectId}/members/{outsiderId}", null, ct);

        Assert.Equal((404, """{"message":"404 Member Not Found"}"""), await read.AnswerAsync(ct));
        Assert.Equal((404, """{"message":"404 Member Not Found"}"""), await updated.AnswerAsync(ct));
        Assert.Equal((404, """{"message":"404 Member Not Found"}"""), await removed.AnswerAsync(ct));
    }

    [Theory]
    [InlineData(Developer)]
    [InlineData(Owner)]
    public async Task Maintainer_touching_an_owner_is_403(int newLevel)
    {
        var ct = TestContext.Current.CancellationToken;
        var (projectId, _, maintainer) = await _root.ProjectWithMemberAsync(_repository, Maintainer, ct);
        var (ownerId, _, _) = await _root.CreateUserAsync(null, ct);
        await _root.AddMemberAsync(projectId, ownerId, Owner, ct);

        using var updated = await maintainer.SetAccessLevelAsync(projectId, ownerId, newLevel, ct);
        using var removed = await maintainer.SendAsync(HttpMethod.Delete, $"/api/v4/projects/{projectId}/members/{ownerId}", null, ct);

        Assert.Equal((403, Forbidden), await updated.AnswerAsync(ct));
        Assert.Equal((403, Forbidden), await removed.AnswerAsync(ct));
    }

    [Fact]
    public async Task Maintainer_promoting_a_member_to_owner_is_403()
    {
        var ct = TestContext.Current.CancellationToken;
        var (projectId, _, maintainer) = await _root.ProjectWithMemberAsync(_repository, Maintainer, ct);
        var (userId, _, _) = await _root.CreateUserAsync(null, ct);
        await _root.AddMemberAsync(projectId, userId, Developer, ct);

        using var response = await maintainer.SetAccessLevelAsync(projectId, userId, Owner, ct);

        Assert.Equal((403, Forbidden), await response.AnswerAsync(ct));
    }

    [Fact]
    public async Task Maintainer_removes_a_member_who_then_loses_the_project()
    {
        var ct = TestContext.Current.CancellationToken;
        var (projectId, _, maintainer) = await _root.ProjectWithMemberAsync(_repository, Maintainer, ct);
        var (userId, _, user) = await _root.CreateUserAsync(null, ct);
        await _root.AddMemberAsync(projectId, userId, Developer, ct);
        using var before = await user.GetAsync($"/api/v4/projects/{projectId}", ct);
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        using var removed = await maintainer.SendAsync(HttpMethod.Delete, $"/api/v4/projects/{projectId}/members/{userId}", null, ct);
        using var after = await user.GetAsync($"/api/v4/projects/{projectId}", ct);

        Assert.Equal((204, ""), await removed.AnswerAsync(ct));
        Assert.Equal((404, ProjectNotFound), await after.AnswerAsync(ct));
    }

    [Theory]
    [InlineData(Guest)]
    [InlineData(Developer)]
    public async Task Any_member_removes_themself(int accessLevel)
    {
        var ct = TestContext.Current.CancellationToken;
        var (projectId, userId, member) = await _root.ProjectWithMemberAsync(_repository, accessLevel, ct);

        using var left = await member.SendAsync(HttpMethod.Delete, $"/api/v4/projects/{projectId}/members/{userId}", null, ct);
        using var read = await _root.GetAsync($"/api/v4/projects/{projectId}/members/{userId}", ct);

        Assert.Equal((204, ""), await left.AnswerAsync(ct));
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Fact]
    public async Task Developer_removing_another_member_is_403()
    {
        var ct = TestContext.Current.CancellationToken;
        var (projectId, _, developer) = await _root.ProjectWithMemberAsync(_repository, Developer, ct);
        var (userId, _, _) = await _root.CreateUserAsync(null, ct);
        await _root.AddMemberAsync(projectId, userId, Guest, ct);

        using var response = await developer.SendAsync(HttpMethod.Delete, $"/api/v4/projects/{projectId}/members/{userId}", null, ct);

        Assert.Equal((403, Forbidden), await response.AnswerAsync(ct));
    }
}
