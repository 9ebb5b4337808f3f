using System.Net;
using WvsMesh.EndToEnd.Tests.AllInOne;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Triggers;

/// <summary>
/// Issue #3: a trigger token impersonates its owner's access as it is at each call (reference §5, catalogue #74):
/// demoted below Developer, removed or blocked means 400 "Insufficient permissions"; restored means it works again;
/// revoked means 404 for good.
/// </summary>
public sealed class Triggering_with_a_token_whose_owner_changed(AllInOneApp app) : IClassFixture<AllInOneApp>
{
    public enum Change
    {
        DemotedToDeveloper,
        DemotedToReporter,
        DemotedToGuest,
        Removed,
        Blocked,
    }

    private readonly GitLabApiClient _root = app.Api();

    [Fact]
    public async Task Token_of_a_maintainer_creates_a_pipeline_as_that_maintainer()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);
        var maintainer = await project.NewMemberAsync(40, ct);
        var token = Answer.Token(await project.CreateTriggerAsync(maintainer.Client, "ci", ct));

        using var first = await project.TriggerAsync(token, "main", ct);
        using var second = await project.TriggerAsync(token, "main", ct);

        var pipeline = await GitLabApiClient.ExpectAsync(first, HttpStatusCode.Created, ct);
        Assert.Equal("pending", pipeline["status"]?.GetValue<string>());
        Assert.Equal("trigger", pipeline["source"]?.GetValue<string>());
        Assert.Equal(maintainer.Username, pipeline["user"]?["username"]?.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
    }

    [Fact]
    public async Task Token_of_an_admin_who_is_no_member_creates_a_pipeline()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);
        var token = Answer.Token(await project.CreateTriggerAsync(_root, "admin's", ct));

        using var response = await project.TriggerAsync(token, "main", ct);

        var pipeline = await GitLabApiClient.ExpectAsync(response, HttpStatusCode.Created, ct);
        Assert.Equal("root", pipeline["user"]?["username"]?.GetValue<string>());
    }

    [Theory]
    [InlineData(Change.DemotedToDeveloper, 201)]
    [InlineData(Change.DemotedToReporter, 400)]
    [InlineData(Change.DemotedToGuest, 400)]
    [InlineData(Change.Removed, 400)]
    [InlineData(Change.Blocked, 400)]
    public async Task Owner_below_developer_makes_the_token_refuse_until_restored(Change change, int status)
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);
        var owner = await project.NewMemberAsync(40, ct);
        var token = Answer.Token(await project.CreateTriggerAsync(owner.Client, "ci", ct));

        await ApplyAsync(project, owner, change, ct);
        using var changed = await project.TriggerAsync(token, "main", ct);
        await UndoAsync(project, owner, change, ct);
        using var restored = await project.TriggerAsync(token, "main", ct);

        await Answer.IsAsync(changed, status, status == 201 ? null : Answer.InsufficientPermissions, ct);
        await Answer.IsAsync(restored, 201, null, ct);
    }

    [Fact]
    public async Task Refused_trigger_creates_no_pipeline()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);
        var owner = await project.NewMemberAsync(40, ct);
        var token = Answer.Token(await project.CreateTriggerAsync(owner.Client, "ci", ct));
        await project.SetAccessLevelAsync(owner.Id, 20, ct);
        using var refused = await project.TriggerAsync(token, "main", ct);
        await project.SetAccessLevelAsync(owner.Id, 40, ct);

        using var next = await project.TriggerAsync(token, "main", ct);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(1, (await GitLabApiClient.ExpectAsync(next, HttpStatusCode.Created, ct))["iid"]?.GetValue<long>());
    }

    [Fact]
    public async Task Revoked_token_is_404_and_stays_404_whatever_happens_to_its_owner()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);
        var owner = await project.NewMemberAsync(40, ct);
        var trigger = await project.CreateTriggerAsync(owner.Client, "ci", ct);
        var token = Answer.Token(trigger);
        using var revoked = await project.Creator.Client.SendAsync(HttpMethod.Delete, $"{project.Triggers}/{Answer.Id(trigger)}", null, ct);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);

        using var afterRevoke = await project.TriggerAsync(token, "main", ct);
        await project.SetAccessLevelAsync(owner.Id, 20, ct);
        await project.SetAccessLevelAsync(owner.Id, 50, ct);
        using var afterPromotion = await project.TriggerAsync(token, "main", ct);
        await project.RemoveMemberAsync(owner.Id, ct);
        await _root.AddMemberAsync(project.Id, owner.Id, 40, ct);
        using var afterReAdding = await project.TriggerAsync(token, "main", ct);
        await project.SetBlockedAsync(owner.Id, blocked: true, ct);
        await project.SetBlockedAsync(owner.Id, blocked: false, ct);
        using var afterUnblock = await project.TriggerAsync(token, "main", ct);

        foreach (var response in new[] { afterRevoke, afterPromotion, afterReAdding, afterUnblock })
        {
            await Answer.IsAsync(response, 404, Answer.NotFound, ct);
        }
    }

    [Fact]
    public async Task Revoked_token_leaves_the_list_and_cannot_be_read_updated_or_revoked_again()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);
        var owner = await project.NewMemberAsync(40, ct);
        var trigger = await project.CreateTriggerAsync(owner.Client, "ci", ct);
        var kept = await project.CreateTriggerAsync(owner.Client, "kept", ct);
        var path = $"{project.Triggers}/{Answer.Id(trigger)}";
        using var revoked = await owner.Client.SendAsync(HttpMethod.Delete, path, null, ct);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);

        using var list = await owner.Client.GetAsync(project.Triggers, ct);
        using var get = await owner.Client.GetAsync(path, ct);
        using var update = await owner.Client.SendFormAsync(HttpMethod.Put, path, ct, ("description", "again"));
        using var again = await owner.Client.SendAsync(HttpMethod.Delete, path, null, ct);

        var listed = Assert.Single(await Answer.ArrayAsync(list, ct));
        Assert.Equal(Answer.Id(kept), listed?["id"]?.GetValue<long>());
        Assert.Equal("1", list.Headers.GetValues("X-Total").Single());
        await Answer.IsAsync(get, 404, Answer.TriggerNotFound, ct);
        await Answer.IsAsync(update, 404, Answer.TriggerNotFound, ct);
        await Answer.IsAsync(again, 404, Answer.TriggerNotFound, ct);
    }

    private static Task ApplyAsync(OwnedProject project, ProjectUser owner, Change change, CancellationToken ct) => change switch
    {
        Change.DemotedToDeveloper => project.SetAccessLevelAsync(owner.Id, 30, ct),
        Change.DemotedToReporter => project.SetAccessLevelAsync(owner.Id, 20, ct),
        Change.DemotedToGuest => project.SetAccessLevelAsync(owner.Id, 10, ct),
        Change.Removed => project.RemoveMemberAsync(owner.Id, ct),
        _ => project.SetBlockedAsync(owner.Id, blocked: true, ct),
    };

    private static Task UndoAsync(OwnedProject project, ProjectUser owner, Change change, CancellationToken ct) => change switch
    {
        Change.Removed => project.Root.AddMemberAsync(project.Id, owner.Id, 40, ct),
        Change.Blocked => project.SetBlockedAsync(owner.Id, blocked: false, ct),
        _ => project.SetAccessLevelAsync(owner.Id, 40, ct),
    };
}
