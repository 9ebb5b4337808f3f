using System.Globalization;
using System.Net;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Distributed;

/// <summary>
/// The gateway process caches who a personal access token is (and their role in the route's project). Tokens, a
/// separate process, announces revocations, blocks and role changes over RabbitMQ; the gateway must drop the cached
/// identity so the change counts within moments (an event's delivery), not when the entry would have expired (30 s).
/// Across processes this is eventual, so each check allows the event two seconds to arrive.
/// </summary>
[Collection(DistributedComposition.Name)]
public sealed class Evicting_cached_identities(DistributedHosts hosts)
{
    private const string Unauthorized = """{"message":"401 Unauthorized"}""";

    [Fact]
    public async Task Revoked_token_is_refused_on_the_next_request()
    {
        hosts.Require();
        var ct = TestContext.Current.CancellationToken;
        var root = hosts.Api();
        var (userId, _, _) = await root.CreateUserAsync(null, ct);
        using var created = await root.SendFormAsync(HttpMethod.Post, $"/api/v4/users/{userId}/personal_access_tokens", ct, ("name", "cached"), ("scopes[]", "api"));
        var token = await GitLabApiClient.ExpectAsync(created, HttpStatusCode.Created, ct);
        var user = root.As(token["token"]?.GetValue<string>() ?? throw new InvalidOperationException("no token"));
        using var before = await user.GetAsync("/api/v4/user", ct);
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        using var revoked = await root.SendAsync(HttpMethod.Delete, $"/api/v4/personal_access_tokens/{token["id"]}", null, ct);
        using var after = await Eventually.AnswersAsync(() => user.GetAsync("/api/v4/user", ct), HttpStatusCode.Unauthorized, ct);

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal((HttpStatusCode.Unauthorized, Unauthorized), (after.StatusCode, await after.Content.ReadAsStringAsync(ct)));
    }

    [Fact]
    public async Task Blocked_user_is_refused_on_the_next_request()
    {
        hosts.Require();
        var ct = TestContext.Current.CancellationToken;
        var root = hosts.Api();
        var (userId, _, user) = await root.CreateUserAsync(null, ct);
        using var before = await user.GetAsync("/api/v4/user", ct);
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        using var blocked = await root.SendAsync(HttpMethod.Post, $"/api/v4/users/{userId}/block", null, ct);
        using var after = await Eventually.AnswersAsync(() => user.GetAsync("/api/v4/user", ct), HttpStatusCode.Unauthorized, ct);

        Assert.Equal(HttpStatusCode.Created, blocked.StatusCode);
        Assert.Equal((HttpStatusCode.Unauthorized, Unauthorized), (after.StatusCode, await after.Content.ReadAsStringAsync(ct)));
    }

    [Fact]
    public async Task Unblocked_user_is_accepted_on_the_next_request()
    {
        hosts.Require();
        var ct = TestContext.Current.CancellationToken;
        var root = hosts.Api();
        var (userId, _, user) = await root.CreateUserAsync(null, ct);
        using var blocked = await root.SendAsync(HttpMethod.Post, $"/api/v4/users/{userId}/block", null, ct);
        using var refused = await user.GetAsync("/api/v4/user", ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        using var unblocked = await root.SendAsync(HttpMethod.Post, $"/api/v4/users/{userId}/unblock", null, ct);
        using var after = await Eventually.AnswersAsync(() => user.GetAsync("/api/v4/user", ct), HttpStatusCode.OK, ct);

        Assert.Equal(HttpStatusCode.Created, unblocked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Demoted_member_loses_maintainer_rights_on_the_next_request()
    {
        hosts.Require();
        var ct = TestContext.Current.CancellationToken;
        var root = hosts.Api();
        using var slice = await TriggerSlice.ArrangeAsync(root, ct);
        var (userId, _, member) = await root.CreateUserAsync(null, ct);
        await root.AddMemberAsync(slice.ProjectId, userId, 40, ct);
        using var before = await member.GetAsync($"/api/v4/projects/{slice.ProjectId}/triggers", ct);
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        using var demoted = await root.SendFormAsync(HttpMethod.Put, $"/api/v4/projects/{slice.ProjectId}/members/{userId}", ct,
            ("access_level", 30.ToString(CultureInfo.InvariantCulture)));
        using var after = await Eventually.AnswersAsync(() => member.GetAsync($"/api/v4/projects/{slice.ProjectId}/triggers", ct), HttpStatusCode.Forbidden, ct);

        Assert.Equal(HttpStatusCode.OK, demoted.StatusCode);
        Assert.Equal((HttpStatusCode.Forbidden, """{"message":"403 Forbidden"}"""), (after.StatusCode, await after.Content.ReadAsStringAsync(ct)));
    }

    [Fact]
    public async Task Removed_member_loses_the_project_on_the_next_request()
    {
        hosts.Require();
        var ct = TestContext.Current.CancellationToken;
        var root = hosts.Api();
        using var slice = await TriggerSlice.ArrangeAsync(root, ct);
        var (userId, _, member) = await root.CreateUserAsync(null, ct);
        await root.AddMemberAsync(slice.ProjectId, userId, 30, ct);
        using var before = await member.GetAsync($"/api/v4/projects/{slice.ProjectId}", ct);
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        using var removed = await root.SendAsync(HttpMethod.Delete, $"/api/v4/projects/{slice.ProjectId}/members/{userId}", null, ct);
        using var after = await Eventually.AnswersAsync(() => member.GetAsync($"/api/v4/projects/{slice.ProjectId}", ct), HttpStatusCode.NotFound, ct);

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal((HttpStatusCode.NotFound, """{"message":"404 Project Not Found"}"""), (after.StatusCode, await after.Content.ReadAsStringAsync(ct)));
    }
}
