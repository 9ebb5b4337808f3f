using System.Net;
using WvsMesh.EndToEnd.Tests.AllInOne;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Triggers;

/// <summary>
/// Issue #3: who may list, read, create, update and revoke trigger tokens — GitLab's <c>Ci::TriggerPolicy</c> and
/// <c>lib/api/ci/triggers.rb</c> (reference §1.2, §2). The token acted on belongs to another Maintainer.
/// </summary>
public sealed class Managing_trigger_tokens_in_each_role(AllInOneApp app) : IClassFixture<AllInOneApp>
{
    public enum Actor
    {
        Guest,
        Reporter,
        Developer,
        Maintainer,
        Owner,
        NonMember,
        BlockedMaintainer,
        Admin,
    }

    public enum Operation
    {
        List,
        Get,
        Create,
        Update,
        Revoke,
    }

    private readonly GitLabApiClient _root = app.Api();

    public static TheoryData<Actor, Operation, int, string?> Policy => new()
    {
        // Below Maintainer: no admin_build, no manage_trigger; update is refused by UpdateService's own check.
        { Actor.Guest, Operation.List, 403, Answer.Forbidden },
        { Actor.Guest, Operation.Get, 403, Answer.Forbidden },
        { Actor.Guest, Operation.Create, 403, Answer.Forbidden },
        { Actor.Guest, Operation.Update, 403, Answer.UpdateForbidden },
        { Actor.Guest, Operation.Revoke, 403, Answer.Forbidden },
        { Actor.Reporter, Operation.List, 403, Answer.Forbidden },
        { Actor.Reporter, Operation.Get, 403, Answer.Forbidden },
        { Actor.Reporter, Operation.Create, 403, Answer.Forbidden },
        { Actor.Reporter, Operation.Update, 403, Answer.UpdateForbidden },
        { Actor.Reporter, Operation.Revoke, 403, Answer.Forbidden },
        { Actor.Developer, Operation.List, 403, Answer.Forbidden },
        { Actor.Developer, Operation.Get, 403, Answer.Forbidden },
        { Actor.Developer, Operation.Create, 403, Answer.Forbidden },
        { Actor.Developer, Operation.Update, 403, Answer.UpdateForbidden },
        { Actor.Developer, Operation.Revoke, 403, Answer.Forbidden },
        // Maintainers and Owners manage every token, but update only their own.
        { Actor.Maintainer, Operation.List, 200, null },
        { Actor.Maintainer, Operation.Get, 200, null },
        { Actor.Maintainer, Operation.Create, 201, null },
        { Actor.Maintainer, Operation.Update, 403, Answer.UpdateForbidden },
        { Actor.Maintainer, Operation.Revoke, 204, "" },
        { Actor.Owner, Operation.List, 200, null },
        { Actor.Owner, Operation.Get, 200, null },
        { Actor.Owner, Operation.Create, 201, null },
        { Actor.Owner, Operation.Update, 403, Answer.UpdateForbidden },
        { Actor.Owner, Operation.Revoke, 204, "" },
        // A private project does not exist for a non-member.
        { Actor.NonMember, Operation.List, 404, Answer.ProjectNotFound },
        { Actor.NonMember, Operation.Get, 404, Answer.ProjectNotFound },
        { Actor.NonMember, Operation.Create, 404, Answer.ProjectNotFound },
        { Actor.NonMember, Operation.Update, 404, Answer.ProjectNotFound },
        { Actor.NonMember, Operation.Revoke, 404, Answer.ProjectNotFound },
        // The gateway drops blocked users before any endpoint sees them.
        { Actor.BlockedMaintainer, Operation.List, 401, Answer.Unauthorized },
        { Actor.BlockedMaintainer, Operation.Get, 401, Answer.Unauthorized },
        { Actor.BlockedMaintainer, Operation.Create, 401, Answer.Unauthorized },
        { Actor.BlockedMaintainer, Operation.Update, 401, Answer.Unauthorized },
        { Actor.BlockedMaintainer, Operation.Revoke, 401, Answer.Unauthorized },
        // Instance admins may do everything, as a member or not.
        { Actor.Admin, Operation.List, 200, null },
        { Actor.Admin, Operation.Get, 200, null },
        { Actor.Admin, Operation.Create, 201, null },
        { Actor.Admin, Operation.Update, 200, null },
        { Actor.Admin, Operation.Revoke, 204, "" },
    };

    [Theory]
    [MemberData(nameof(Policy))]
    public async Task Each_role_gets_gitlabs_answer(Actor actor, Operation operation, int status, string? body)
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);
        var tokenOwner = await project.NewMemberAsync(40, ct);
        var trigger = await project.CreateTriggerAsync(tokenOwner.Client, "another maintainer's", ct);
        var client = await ActAsAsync(project, actor, ct);

        using var response = await SendAsync(client, project, Answer.Id(trigger), operation, ct);

        await Answer.IsAsync(response, status, body, ct);
    }

    [Fact]
    public async Task Revoke_by_another_maintainer_leaves_the_token_unusable()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);
        var tokenOwner = await project.NewMemberAsync(40, ct);
        var other = await project.NewMemberAsync(40, ct);
        var trigger = await project.CreateTriggerAsync(tokenOwner.Client, "to revoke", ct);

        using var revoked = await other.Client.SendAsync(HttpMethod.Delete, $"{project.Triggers}/{trigger["id"]}", null, ct);
        using var triggered = await project.TriggerAsync(Answer.Token(trigger), "main", ct);

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        await Answer.IsAsync(triggered, 404, Answer.NotFound, ct);
    }

    [Fact]
    public async Task Update_by_admin_changes_the_description_of_anyones_token()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);
        var tokenOwner = await project.NewMemberAsync(40, ct);
        var trigger = await project.CreateTriggerAsync(tokenOwner.Client, "before", ct);

        using var updated = await _root.SendFormAsync(HttpMethod.Put, $"{project.Triggers}/{trigger["id"]}", ct, ("description", "after"));

        var entity = await GitLabApiClient.ExpectAsync(updated, HttpStatusCode.OK, ct);
        Assert.Equal("after", entity["description"]?.GetValue<string>());
        Assert.Equal(tokenOwner.Id, entity["owner"]?["id"]?.GetValue<long>());
    }

    private static async Task<GitLabApiClient> ActAsAsync(OwnedProject project, Actor actor, CancellationToken ct)
    {
        switch (actor)
        {
            case Actor.Guest or Actor.Reporter or Actor.Developer or Actor.Maintainer:
                return (await project.NewMemberAsync(actor switch { Actor.Guest => 10, Actor.Reporter => 20, Actor.Developer => 30, _ => 40 }, ct)).Client;
            case Actor.Owner:
                return project.Creator.Client;
            case Actor.NonMember:
                return (await project.NewUserAsync(ct)).Client;
            case Actor.BlockedMaintainer:
                var blocked = await project.NewMemberAsync(40, ct);
                await project.SetBlockedAsync(blocked.Id, blocked: true, ct);
                return blocked.Client;
            default:
                return project.Root;
        }
    }

    private static Task<HttpResponseMessage> SendAsync(GitLabApiClient client, OwnedProject project, long triggerId, Operation operation, CancellationToken ct) =>
        operation switch
        {
            Operation.List => client.GetAsync(project.Triggers, ct),
            Operation.Get => client.GetAsync($"{project.Triggers}/{triggerId}", ct),
            Operation.Create => client.SendFormAsync(HttpMethod.Post, project.Triggers, ct, ("description", "new")),
            Operation.Update => client.SendFormAsync(HttpMethod.Put, $"{project.Triggers}/{triggerId}", ct, ("description", "renamed")),
            _ => client.SendAsync(HttpMethod.Delete, $"{project.Triggers}/{triggerId}", null, ct),
        };
}
