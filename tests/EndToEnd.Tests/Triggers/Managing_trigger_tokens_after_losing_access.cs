using System.Net;
using WvsMesh.EndToEnd.Tests.AllInOne;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Triggers;

/// <summary>
/// Issue #3: a Maintainer who has just used the token endpoints is demoted, removed or blocked; GitLab checks access on
/// every request, so the very next request is refused (the gateway's identity cache must not keep the old access).
/// </summary>
public sealed class Managing_trigger_tokens_after_losing_access(AllInOneApp app) : IClassFixture<AllInOneApp>
{
    private readonly GitLabApiClient _root = app.Api();

    [Fact]
    public async Task Demoted_to_developer_the_next_request_is_403()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);
        var maintainer = await project.NewMemberAsync(40, ct);
        var trigger = await project.CreateTriggerAsync(maintainer.Client, "mine", ct);
        using var before = await maintainer.Client.GetAsync($"{project.Triggers}/{Answer.Id(trigger)}", ct);

        await project.SetAccessLevelAsync(maintainer.Id, 30, ct);
        using var get = await maintainer.Client.GetAsync($"{project.Triggers}/{Answer.Id(trigger)}", ct);
        using var update = await maintainer.Client.SendFormAsync(HttpMethod.Put, $"{project.Triggers}/{Answer.Id(trigger)}", ct, ("description", "x"));

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        await Answer.IsAsync(get, 403, Answer.Forbidden, ct);
        // Catalogue #36: the token's owner, now a Developer, may not update it.
        await Answer.IsAsync(update, 403, Answer.UpdateForbidden, ct);
    }

    [Fact]
    public async Task Removed_from_the_project_the_next_request_is_404()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);
        var maintainer = await project.NewMemberAsync(40, ct);
        using var before = await maintainer.Client.GetAsync(project.Triggers, ct);

        await project.RemoveMemberAsync(maintainer.Id, ct);
        using var after = await maintainer.Client.GetAsync(project.Triggers, ct);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        await Answer.IsAsync(after, 404, Answer.ProjectNotFound, ct);
    }

    [Fact]
    public async Task Blocked_the_next_request_is_401()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);
        var maintainer = await project.NewMemberAsync(40, ct);
        using var before = await maintainer.Client.GetAsync(project.Triggers, ct);

        await project.SetBlockedAsync(maintainer.Id, blocked: true, ct);
        using var blocked = await maintainer.Client.GetAsync(project.Triggers, ct);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        await Answer.IsAsync(blocked, 401, Answer.Unauthorized, ct);
    }

    [Fact]
    public async Task Unblocked_the_next_request_is_allowed_again()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);
        var maintainer = await project.NewMemberAsync(40, ct);
        await project.SetBlockedAsync(maintainer.Id, blocked: true, ct);
        using var blocked = await maintainer.Client.GetAsync(project.Triggers, ct);

        await project.SetBlockedAsync(maintainer.Id, blocked: false, ct);
        using var unblocked = await maintainer.Client.GetAsync(project.Triggers, ct);

        Assert.Equal(HttpStatusCode.Unauthorized, blocked.StatusCode);
        await Answer.IsAsync(unblocked, 200, null, ct);
    }

    [Fact]
    public async Task Promoted_to_maintainer_the_next_request_is_allowed()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);
        var developer = await project.NewMemberAsync(30, ct);
        using var before = await developer.Client.GetAsync(project.Triggers, ct);

        await project.SetAccessLevelAsync(developer.Id, 40, ct);
        using var after = await developer.Client.GetAsync(project.Triggers, ct);

        Assert.Equal(HttpStatusCode.Forbidden, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Project_named_by_its_url_encoded_path_is_managed_alike()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);
        using var read = await project.Creator.Client.GetAsync($"/api/v4/projects/{project.Id}", ct);
        var path = Uri.EscapeDataString((await GitLabApiClient.ExpectAsync(read, HttpStatusCode.OK, ct))["path_with_namespace"]?.GetValue<string>() ?? "");

        using var created = await project.Creator.Client.SendFormAsync(HttpMethod.Post, $"/api/v4/projects/{path}/triggers", ct, ("description", "by path"));
        using var list = await project.Creator.Client.GetAsync($"/api/v4/projects/{path}/triggers", ct);

        await Answer.IsAsync(created, 201, null, ct);
        Assert.Equal("by path", Assert.Single(await Answer.ArrayAsync(list, ct))?["description"]?.GetValue<string>());
    }
}
