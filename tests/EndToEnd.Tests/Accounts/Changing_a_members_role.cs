using System.Net;
using WvsMesh.EndToEnd.Tests.AllInOne;
using WvsMesh.TestKit;
using Xunit;
using static WvsMesh.EndToEnd.Tests.Accounts.Arrangements;

namespace WvsMesh.EndToEnd.Tests.Accounts;

/// <summary>
/// A member's role changes while their identity is cached at the edge: the gateway drops it on Tokens' event, so the
/// change counts from the very next request rather than when the cache entry would have expired.
/// </summary>
public sealed class Changing_a_members_role(AllInOneApp app) : IClassFixture<AllInOneApp>, IDisposable
{
    private readonly GitLabApiClient _root = app.Api();
    private readonly GitRepository _repository = GitRepository.Create();

    public void Dispose() => _repository.Dispose();

    [Fact]
    public async Task Demoted_maintainer_loses_maintainer_rights_on_the_very_next_request()
    {
        var ct = TestContext.Current.CancellationToken;
        var (projectId, userId, member) = await _root.ProjectWithMemberAsync(_repository, Maintainer, ct);
        using var before = await member.GetAsync($"/api/v4/projects/{projectId}/triggers", ct);
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        using var demoted = await _root.SetAccessLevelAsync(projectId, userId, Developer, ct);
        using var after = await member.GetAsync($"/api/v4/projects/{projectId}/triggers", ct);

        Assert.Equal(HttpStatusCode.OK, demoted.StatusCode);
        Assert.Equal((403, Forbidden), await after.AnswerAsync(ct));
    }

    [Fact]
    public async Task Promoted_developer_gains_maintainer_rights_on_the_very_next_request()
    {
        var ct = TestContext.Current.CancellationToken;
        var (projectId, userId, member) = await _root.ProjectWithMemberAsync(_repository, Developer, ct);
        using var before = await member.GetAsync($"/api/v4/projects/{projectId}/triggers", ct);
        Assert.Equal((403, Forbidden), await before.AnswerAsync(ct));

        using var promoted = await _root.SetAccessLevelAsync(projectId, userId, Maintainer, ct);
        using var after = await member.GetAsync($"/api/v4/projects/{projectId}/triggers", ct);

        Assert.Equal(HttpStatusCode.OK, promoted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Added_member_sees_the_project_on_the_very_next_request()
    {
        var ct = TestContext.Current.CancellationToken;
        var (projectId, _) = await _root.NewProjectAsync(_repository, ct);
        var (userId, _, user) = await _root.CreateUserAsync(null, ct);
        using var before = await user.GetAsync($"/api/v4/projects/{projectId}", ct);
        Assert.Equal((404, ProjectNotFound), await before.AnswerAsync(ct));

        await _root.AddMemberAsync(projectId, userId, Reporter, ct);
        using var after = await user.GetAsync($"/api/v4/projects/{projectId}", ct);

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }
}
