using System.Net;
using WvsMesh.EndToEnd.Tests.AllInOne;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Triggers;

/// <summary>
/// Issue #3, beyond GitLab (which asks for it in #417111): <c>POST /projects/:id/triggers/:trigger_id/rotate</c> gives
/// the token's owner a new secret; the old one keeps working for <c>Tokens:RotationGracePeriod</c>, then is 404.
/// </summary>
public sealed class Rotating_a_trigger_token(AllInOneApp app) : IClassFixture<AllInOneApp>
{
    private readonly GitLabApiClient _root = app.Api();

    [Fact]
    public async Task Owner_gets_a_new_full_token_and_both_work_within_the_grace_period()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);
        var owner = await project.NewMemberAsync(40, ct);
        var trigger = await project.CreateTriggerAsync(owner.Client, "rotated", ct);
        var oldToken = Answer.Token(trigger);

        using var rotated = await owner.Client.SendAsync(HttpMethod.Post, $"{project.Triggers}/{Answer.Id(trigger)}/rotate", null, ct);
        var answer = await GitLabApiClient.ExpectAsync(rotated, HttpStatusCode.OK, ct);
        var newToken = Answer.Token(answer);
        using var byNew = await project.TriggerAsync(newToken, "main", ct);
        using var byOld = await project.TriggerAsync(oldToken, "main", ct);
        using var read = await owner.Client.GetAsync($"{project.Triggers}/{Answer.Id(trigger)}", ct);

        Assert.Matches("^wvsptt-[0-9a-f]{40}$", newToken);
        Assert.NotEqual(oldToken, newToken);
        Assert.Equal(Answer.Id(trigger), Answer.Id(answer));
        Assert.Equal("rotated", answer["description"]?.GetValue<string>());
        await Answer.IsAsync(byNew, 201, null, ct);
        await Answer.IsAsync(byOld, 201, null, ct);
        Assert.Equal(newToken, Answer.Token(await GitLabApiClient.ExpectAsync(read, HttpStatusCode.OK, ct)));
    }

    [Fact]
    public async Task Old_token_is_404_once_the_grace_period_is_over()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var quick = new AllInOneApp { Settings = new Dictionary<string, string> { ["Tokens:RotationGracePeriod"] = "00:00:01" } };
        using var project = await OwnedProject.ArrangeAsync(quick.Api(), ct);
        var trigger = await project.CreateTriggerAsync(project.Creator.Client, "rotated", ct);
        using var rotated = await project.Creator.Client.SendAsync(HttpMethod.Post, $"{project.Triggers}/{Answer.Id(trigger)}/rotate", null, ct);
        var newToken = Answer.Token(await GitLabApiClient.ExpectAsync(rotated, HttpStatusCode.OK, ct));

        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        using var byOld = await project.TriggerAsync(Answer.Token(trigger), "main", ct);
        using var byNew = await project.TriggerAsync(newToken, "main", ct);

        await Answer.IsAsync(byOld, 404, Answer.NotFound, ct);
        await Answer.IsAsync(byNew, 201, null, ct);
    }

    [Fact]
    public async Task Rotating_again_ends_the_grace_of_the_first_token()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);
        var trigger = await project.CreateTriggerAsync(project.Creator.Client, "twice", ct);
        var path = $"{project.Triggers}/{Answer.Id(trigger)}/rotate";
        using var once = await project.Creator.Client.SendAsync(HttpMethod.Post, path, null, ct);
        var second = Answer.Token(await GitLabApiClient.ExpectAsync(once, HttpStatusCode.OK, ct));
        using var twice = await project.Creator.Client.SendAsync(HttpMethod.Post, path, null, ct);
        var third = Answer.Token(await GitLabApiClient.ExpectAsync(twice, HttpStatusCode.OK, ct));

        using var byFirst = await project.TriggerAsync(Answer.Token(trigger), "main", ct);
        using var bySecond = await project.TriggerAsync(second, "main", ct);
        using var byThird = await project.TriggerAsync(third, "main", ct);

        await Answer.IsAsync(byFirst, 404, Answer.NotFound, ct);
        await Answer.IsAsync(bySecond, 201, null, ct);
        await Answer.IsAsync(byThird, 201, null, ct);
    }

    [Fact]
    public async Task Another_maintainer_may_not_rotate_and_the_token_is_unchanged()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);
        var owner = await project.NewMemberAsync(40, ct);
        var other = await project.NewMemberAsync(40, ct);
        var trigger = await project.CreateTriggerAsync(owner.Client, "mine", ct);

        using var rotated = await other.Client.SendAsync(HttpMethod.Post, $"{project.Triggers}/{Answer.Id(trigger)}/rotate", null, ct);
        using var read = await owner.Client.GetAsync($"{project.Triggers}/{Answer.Id(trigger)}", ct);

        Assert.Equal(HttpStatusCode.Forbidden, rotated.StatusCode);
        Assert.StartsWith("""{"message":"403 Forbidden""", await rotated.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(Answer.Token(trigger), Answer.Token(await GitLabApiClient.ExpectAsync(read, HttpStatusCode.OK, ct)));
    }

    [Theory]
    [InlineData(30, 403)]
    [InlineData(0, 404)]
    public async Task Developers_and_non_members_may_not_rotate(int accessLevel, int status)
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);
        var trigger = await project.CreateTriggerAsync(project.Creator.Client, "mine", ct);
        var caller = accessLevel == 0 ? await project.NewUserAsync(ct) : await project.NewMemberAsync(accessLevel, ct);

        using var rotated = await caller.Client.SendAsync(HttpMethod.Post, $"{project.Triggers}/{Answer.Id(trigger)}/rotate", null, ct);

        await Answer.IsAsync(rotated, status, status == 404 ? Answer.ProjectNotFound : null, ct);
    }

    [Fact]
    public async Task Admin_rotates_anyones_token_and_sees_the_new_one()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);
        var trigger = await project.CreateTriggerAsync(project.Creator.Client, "theirs", ct);

        using var rotated = await _root.SendAsync(HttpMethod.Post, $"{project.Triggers}/{Answer.Id(trigger)}/rotate", null, ct);

        var newToken = Answer.Token(await GitLabApiClient.ExpectAsync(rotated, HttpStatusCode.OK, ct));
        Assert.Matches("^wvsptt-[0-9a-f]{40}$", newToken);
        using var byNew = await project.TriggerAsync(newToken, "main", ct);
        await Answer.IsAsync(byNew, 201, null, ct);
    }

    [Fact]
    public async Task Revoking_within_the_grace_period_stops_the_old_token_too()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);
        var trigger = await project.CreateTriggerAsync(project.Creator.Client, "leaked", ct);
        var path = $"{project.Triggers}/{Answer.Id(trigger)}";
        using var rotated = await project.Creator.Client.SendAsync(HttpMethod.Post, $"{path}/rotate", null, ct);
        var newToken = Answer.Token(await GitLabApiClient.ExpectAsync(rotated, HttpStatusCode.OK, ct));

        using var revoked = await project.Creator.Client.SendAsync(HttpMethod.Delete, path, null, ct);
        using var byOld = await project.TriggerAsync(Answer.Token(trigger), "main", ct);
        using var byNew = await project.TriggerAsync(newToken, "main", ct);

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        await Answer.IsAsync(byOld, 404, Answer.NotFound, ct);
        await Answer.IsAsync(byNew, 404, Answer.NotFound, ct);
    }

    [Fact]
    public async Task Rotating_a_revoked_token_is_404_and_revives_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);
        var trigger = await project.CreateTriggerAsync(project.Creator.Client, "gone", ct);
        var path = $"{project.Triggers}/{Answer.Id(trigger)}";
        using var revoked = await project.Creator.Client.SendAsync(HttpMethod.Delete, path, null, ct);

        using var rotated = await project.Creator.Client.SendAsync(HttpMethod.Post, $"{path}/rotate", null, ct);
        using var byOld = await project.TriggerAsync(Answer.Token(trigger), "main", ct);

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        await Answer.IsAsync(rotated, 404, Answer.TriggerNotFound, ct);
        await Answer.IsAsync(byOld, 404, Answer.NotFound, ct);
    }
}
