using System.Net;
using WvsMesh.EndToEnd.Tests.AllInOne;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Triggers;

/// <summary>
/// Issue #3: protected refs are checked against the token's owner at trigger time (GitLab's
/// <c>Chain::Validate::Abilities</c>): a protected branch admits who may push or merge, a protected tag who may create.
/// Only Maintainers create tokens, so each test demotes the owner to Developer afterwards.
/// </summary>
public sealed class Triggering_on_a_protected_ref(AllInOneApp app) : IClassFixture<AllInOneApp>
{
    private readonly GitLabApiClient _root = app.Api();

    [Theory]
    [InlineData(40, 40, 400)]
    [InlineData(30, 40, 201)]
    [InlineData(40, 30, 201)]
    [InlineData(0, 0, 400)]
    [InlineData(60, 60, 400)]
    public async Task Protected_main_admits_a_developer_who_may_push_or_merge(int push, int merge, int status)
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);
        var (_, token) = await DeveloperTokenAsync(project, ct);

        await project.ProtectBranchAsync("main", push, merge, ct);
        using var response = await project.TriggerAsync(token, "main", ct);

        await Answer.IsAsync(response, status, status == 400 ? Answer.ProtectedRef("main") : null, ct);
    }

    [Fact]
    public async Task Protected_main_admits_a_maintainer()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);
        var maintainer = await project.NewMemberAsync(40, ct);
        var token = Answer.Token(await project.CreateTriggerAsync(maintainer.Client, "ci", ct));

        await project.ProtectBranchAsync("main", 40, 40, ct);
        using var response = await project.TriggerAsync(token, "main", ct);

        await Answer.IsAsync(response, 201, null, ct);
    }

    [Fact]
    public async Task Protection_by_wildcard_applies_to_matching_branches_only()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);
        var (_, token) = await DeveloperTokenAsync(project, ct);
        project.Repository.Git("branch", "release/1");

        await project.ProtectBranchAsync("release/*", 40, 40, ct);
        using var onRelease = await project.TriggerAsync(token, "release/1", ct);
        using var onMain = await project.TriggerAsync(token, "main", ct);

        await Answer.IsAsync(onRelease, 400, Answer.ProtectedRef("release/1"), ct);
        await Answer.IsAsync(onMain, 201, null, ct);
    }

    [Fact]
    public async Task Protected_tag_refuses_a_developer_while_unprotected_main_builds()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);
        var (_, token) = await DeveloperTokenAsync(project, ct);
        project.Repository.Git("tag", "v1");

        await project.ProtectTagAsync("v*", 40, ct);
        using var onTag = await project.TriggerAsync(token, "v1", ct);
        using var onFullTagRef = await project.TriggerAsync(token, "refs/tags/v1", ct);
        using var onMain = await project.TriggerAsync(token, "main", ct);

        await Answer.IsAsync(onTag, 400, Answer.ProtectedRef("v1"), ct);
        await Answer.IsAsync(onFullTagRef, 400, Answer.ProtectedRef("v1"), ct);
        await Answer.IsAsync(onMain, 201, null, ct);
    }

    [Theory]
    [InlineData(30, 201)]
    [InlineData(40, 400)]
    public async Task Protected_tag_admits_a_developer_who_may_create_it(int create, int status)
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);
        var (_, token) = await DeveloperTokenAsync(project, ct);
        project.Repository.Git("tag", "v2");

        await project.ProtectTagAsync("v2", create, ct);
        using var response = await project.TriggerAsync(token, "v2", ct);

        await Answer.IsAsync(response, status, status == 400 ? Answer.ProtectedRef("v2") : null, ct);
    }

    [Fact]
    public async Task Protection_of_a_tag_pattern_does_not_protect_a_branch_of_a_matching_name()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);
        var (_, token) = await DeveloperTokenAsync(project, ct);
        project.Repository.Git("branch", "v-branch");

        await project.ProtectTagAsync("v*", 40, ct);
        using var response = await project.TriggerAsync(token, "v-branch", ct);

        var pipeline = await GitLabApiClient.ExpectAsync(response, HttpStatusCode.Created, ct);
        Assert.False(pipeline["tag"]?.GetValue<bool>());
    }

    [Fact]
    public async Task Protected_ref_refusal_creates_no_pipeline()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);
        var (owner, token) = await DeveloperTokenAsync(project, ct);
        await project.ProtectBranchAsync("main", 40, 40, ct);
        using var refused = await project.TriggerAsync(token, "main", ct);
        await project.SetAccessLevelAsync(owner.Id, 40, ct);

        using var next = await project.TriggerAsync(token, "main", ct);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(1, (await GitLabApiClient.ExpectAsync(next, HttpStatusCode.Created, ct))["iid"]?.GetValue<long>());
    }

    /// <summary>A token made by a Maintainer who is then demoted to Developer.</summary>
    private static async Task<(ProjectUser Owner, string Token)> DeveloperTokenAsync(OwnedProject project, CancellationToken ct)
    {
        var owner = await project.NewMemberAsync(40, ct);
        var token = Answer.Token(await project.CreateTriggerAsync(owner.Client, "developer's", ct));
        await project.SetAccessLevelAsync(owner.Id, 30, ct);
        return (owner, token);
    }
}
