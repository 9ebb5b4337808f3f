using System.Net;
using WvsMesh.EndToEnd.Tests.AllInOne;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Triggers;

/// <summary>
/// Issue #3, beyond GitLab: <c>allowed_refs[]</c> on create or update limits the refs a token may build (names or
/// <c>*</c> patterns); any other ref is 400 and creates nothing.
/// </summary>
public sealed class Restricting_a_trigger_token_to_refs(AllInOneApp app) : IClassFixture<AllInOneApp>
{
    private readonly GitLabApiClient _root = app.Api();

    [Fact]
    public async Task Token_for_release_branches_refuses_main_and_builds_a_release_branch()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);
        var trigger = await project.CreateTriggerAsync(project.Creator.Client, "releases", ct, ("allowed_refs[]", "release/*"));
        project.Repository.Git("branch", "release/1");

        using var onMain = await project.TriggerAsync(Answer.Token(trigger), "main", ct);
        using var onRelease = await project.TriggerAsync(Answer.Token(trigger), "release/1", ct);

        await Answer.IsAsync(onMain, 400, """{"message":{"base":["This trigger token may not run pipelines on 'main'"]}}""", ct);
        var pipeline = await GitLabApiClient.ExpectAsync(onRelease, HttpStatusCode.Created, ct);
        Assert.Equal("release/1", pipeline["ref"]?.GetValue<string>());
        Assert.Equal(1, pipeline["iid"]?.GetValue<long>());
    }

    [Theory]
    [InlineData("main", "main", 201)]
    [InlineData("main", "refs/heads/main", 201)]
    [InlineData("main", "mainline", 400)]
    [InlineData("release/*", "release/2.0/hotfix", 201)]
    [InlineData("*-stable", "1-0-stable", 201)]
    [InlineData("*-stable", "stable", 400)]
    public async Task Allowed_ref_patterns_match_as_protected_ref_names_do(string pattern, string reference, int status)
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);
        var trigger = await project.CreateTriggerAsync(project.Creator.Client, "limited", ct, ("allowed_refs[]", pattern));
        foreach (var branch in new[] { "mainline", "release/2.0/hotfix", "1-0-stable", "stable" })
        {
            project.Repository.Git("branch", branch);
        }

        using var response = await project.TriggerAsync(Answer.Token(trigger), reference, ct);

        await Answer.IsAsync(response, status, null, ct);
    }

    [Fact]
    public async Task Several_allowed_refs_each_admit_their_ref()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);
        var trigger = await project.CreateTriggerAsync(project.Creator.Client, "two", ct, ("allowed_refs[]", "main"), ("allowed_refs[]", "release/*"));
        project.Repository.Git("branch", "release/1");
        project.Repository.Git("branch", "feature");

        using var onMain = await project.TriggerAsync(Answer.Token(trigger), "main", ct);
        using var onRelease = await project.TriggerAsync(Answer.Token(trigger), "release/1", ct);
        using var onFeature = await project.TriggerAsync(Answer.Token(trigger), "feature", ct);

        await Answer.IsAsync(onMain, 201, null, ct);
        await Answer.IsAsync(onRelease, 201, null, ct);
        await Answer.IsAsync(onFeature, 400, """{"message":{"base":["This trigger token may not run pipelines on 'feature'"]}}""", ct);
    }

    [Fact]
    public async Task Allowed_refs_set_by_update_apply_to_the_next_trigger_and_are_shown()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);
        var trigger = await project.CreateTriggerAsync(project.Creator.Client, "open", ct);
        using var before = await project.TriggerAsync(Answer.Token(trigger), "main", ct);

        using var updated = await project.Creator.Client.SendFormAsync(HttpMethod.Put, $"{project.Triggers}/{Answer.Id(trigger)}", ct,
            ("description", "closed"), ("allowed_refs[]", "release/*"));
        using var after = await project.TriggerAsync(Answer.Token(trigger), "main", ct);

        await Answer.IsAsync(before, 201, null, ct);
        var answer = await GitLabApiClient.ExpectAsync(updated, HttpStatusCode.OK, ct);
        Assert.Equal("release/*", Assert.Single(answer["allowed_refs"]?.AsArray() ?? [])?.GetValue<string>());
        await Answer.IsAsync(after, 400, """{"message":{"base":["This trigger token may not run pipelines on 'main'"]}}""", ct);
    }

    [Fact]
    public async Task Update_without_allowed_refs_keeps_them()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);
        var trigger = await project.CreateTriggerAsync(project.Creator.Client, "limited", ct, ("allowed_refs[]", "release/*"));

        using var updated = await project.Creator.Client.SendFormAsync(HttpMethod.Put, $"{project.Triggers}/{Answer.Id(trigger)}", ct, ("description", "renamed"));
        using var onMain = await project.TriggerAsync(Answer.Token(trigger), "main", ct);

        var answer = await GitLabApiClient.ExpectAsync(updated, HttpStatusCode.OK, ct);
        Assert.Equal("release/*", Assert.Single(answer["allowed_refs"]?.AsArray() ?? [])?.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, onMain.StatusCode);
    }
}
