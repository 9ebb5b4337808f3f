using System.Net;
using WvsMesh.EndToEnd.Tests.AllInOne;
using WvsMesh.TestKit;
using Xunit;
using static WvsMesh.EndToEnd.Tests.Accounts.Arrangements;

namespace WvsMesh.EndToEnd.Tests.Accounts;

/// <summary>
/// <c>/users/:id/personal_access_tokens</c> (admin) and <c>/personal_access_tokens/:id</c> (the token's user or an
/// admin): the secret is shown once, when the token is created; revoking it refuses it at once.
/// </summary>
public sealed class Managing_personal_access_tokens(AllInOneApp app) : IClassFixture<AllInOneApp>
{
    private readonly GitLabApiClient _root = app.Api();

    [Fact]
    public async Task Admin_creates_a_token_answering_201_with_its_secret_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var (userId, _, _) = await _root.CreateUserAsync(null, ct);

        using var response = await _root.SendFormAsync(HttpMethod.Post, $"/api/v4/users/{userId}/personal_access_tokens", ct,
            ("name", "deploy"), ("scopes[]", "api"), ("scopes[]", "read_user"));

        var token = await GitLabApiClient.ExpectAsync(response, HttpStatusCode.Created, ct);
        Assert.Matches("^wvspat-[0-9a-f]{40}$", token["token"]?.GetValue<string>());
        Assert.Equal("deploy", token["name"]?.GetValue<string>());
        Assert.Equal(userId, token["user_id"]?.GetValue<long>());
        Assert.Equal("""["api","read_user"]""", token["scopes"]?.ToJsonString());
        Assert.False(token["revoked"]?.GetValue<bool>());
        Assert.True(token["active"]?.GetValue<bool>());
    }

    [Fact]
    public async Task New_token_authenticates_as_its_user()
    {
        var ct = TestContext.Current.CancellationToken;
        var (userId, username, _) = await _root.CreateUserAsync(null, ct);
        var (_, token) = await _root.NewPersonalAccessTokenAsync(userId, ct);

        using var response = await _root.As(token).GetAsync("/api/v4/user", ct);

        Assert.Equal(username, (await GitLabApiClient.ExpectAsync(response, HttpStatusCode.OK, ct))["username"]?.GetValue<string>());
    }

    [Theory]
    [InlineData(false, "api", """{"error":"name is missing"}""")]
    [InlineData(true, null, """{"error":"scopes is missing"}""")]
    [InlineData(true, "everything", """{"error":"scopes does not have a valid value"}""")]
    public async Task Missing_name_or_scopes_and_invalid_scopes_are_400(bool withName, string? scope, string body)
    {
        var ct = TestContext.Current.CancellationToken;
        var (userId, _, _) = await _root.CreateUserAsync(null, ct);
        var fields = new List<(string, string)>();
        if (withName)
        {
            fields.Add(("name", "ci"));
        }
        if (scope is not null)
        {
            fields.Add(("scopes[]", scope));
        }

        using var response = await _root.SendFormAsync(HttpMethod.Post, $"/api/v4/users/{userId}/personal_access_tokens", ct, [.. fields]);

        Assert.Equal((400, body), await response.AnswerAsync(ct));
    }

    [Fact]
    public async Task Token_for_an_unknown_user_is_404()
    {
        var ct = TestContext.Current.CancellationToken;

        using var response = await _root.SendFormAsync(HttpMethod.Post, "/api/v4/users/999999/personal_access_tokens", ct,
            ("name", "ci"), ("scopes[]", "api"));

        Assert.Equal((404, """{"message":"404 User Not Found"}"""), await response.AnswerAsync(ct));
    }

    [Fact]
    public async Task User_creating_a_token_for_themself_is_403()
    {
        var ct = TestContext.Current.CancellationToken;
        var (userId, _, user) = await _root.CreateUserAsync(null, ct);

        using var response = await user.SendFormAsync(HttpMethod.Post, $"/api/v4/users/{userId}/personal_access_tokens", ct,
            ("name", "ci"), ("scopes[]", "api"));

        Assert.Equal((403, Forbidden), await response.AnswerAsync(ct));
    }

    [Fact]
    public async Task Its_user_and_admins_read_a_token_without_its_secret()
    {
        var ct = TestContext.Current.CancellationToken;
        var (userId, _, _) = await _root.CreateUserAsync(null, ct);
        var (tokenId, token) = await _root.NewPersonalAccessTokenAsync(userId, ct);

        using var byOwner = await _root.As(token).GetAsync($"/api/v4/personal_access_tokens/{tokenId}", ct);
        using var byAdmin = await _root.GetAsync($"/api/v4/personal_access_tokens/{tokenId}", ct);

        foreach (var response in new[] { byOwner, byAdmin })
        {
            var read = await GitLabApiClient.ExpectAsync(response, HttpStatusCode.OK, ct);
            Assert.Equal(tokenId, read["id"]?.GetValue<long>());
            Assert.Equal(userId, read["user_id"]?.GetValue<long>());
            Assert.False(read.ContainsKey("token"), "the secret is shown only when the token is created");
            Assert.DoesNotContain(token, read.ToJsonString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Another_users_token_is_404()
    {
        var ct = TestContext.Current.CancellationToken;
        var (ownerId, _, _) = await _root.CreateUserAsync(null, ct);
        var (tokenId, _) = await _root.NewPersonalAccessTokenAsync(ownerId, ct);
        var (_, _, stranger) = await _root.CreateUserAsync(null, ct);

        using var read = await stranger.GetAsync($"/api/v4/personal_access_tokens/{tokenId}", ct);
        using var revoke = await stranger.SendAsync(HttpMethod.Delete, $"/api/v4/personal_access_tokens/{tokenId}", null, ct);

        Assert.Equal((404, """{"message":"404 Not Found"}"""), await read.AnswerAsync(ct));
        Assert.Equal((404, """{"message":"404 Not Found"}"""), await revoke.AnswerAsync(ct));
    }

    [Fact]
    public async Task Unknown_token_id_is_404()
    {
        var ct = TestContext.Current.CancellationToken;

        using var read = await _root.GetAsync("/api/v4/personal_access_tokens/999999", ct);
        using var revoke = await _root.SendAsync(HttpMethod.Delete, "/api/v4/personal_access_tokens/999999", null, ct);

        Assert.Equal((404, """{"message":"404 Not Found"}"""), await read.AnswerAsync(ct));
        Assert.Equal((404, """{"message":"404 Not Found"}"""), await revoke.AnswerAsync(ct));
    }

    [Fact]
    public async Task Revoking_answers_204_and_the_token_reads_as_revoked()
    {
        var ct = TestContext.Current.CancellationToken;
        var (userId, _, _) = await _root.CreateUserAsync(null, ct);
        var (tokenId, _) = await _root.NewPersonalAccessTokenAsync(userId, ct);

        using var revoked = await _root.SendAsync(HttpMethod.Delete, $"/api/v4/personal_access_tokens/{tokenId}", null, ct);
        using var read = await _root.GetAsync($"/api/v4/personal_access_tokens/{tokenId}", ct);

        Assert.Equal((204, ""), await revoked.AnswerAsync(ct));
        var token = await GitLabApiClient.ExpectAsync(read, HttpStatusCode.OK, ct);
        Assert.True(token["revoked"]?.GetValue<bool>());
        Assert.False(token["active"]?.GetValue<bool>());
    }

    [Fact]
    public async Task Revoking_twice_is_400()
    {
        var ct = TestContext.Current.CancellationToken;
        var (userId, _, _) = await _root.CreateUserAsync(null, ct);
        var (tokenId, _) = await _root.NewPersonalAccessTokenAsync(userId, ct);
        using var first = await _root.SendAsync(HttpMethod.Delete, $"/api/v4/personal_access_tokens/{tokenId}", null, ct);
        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);

        using var second = await _root.SendAsync(HttpMethod.Delete, $"/api/v4/personal_access_tokens/{tokenId}", null, ct);

        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
    }

    [Fact]
    public async Task Revoking_one_token_leaves_the_users_other_tokens_working()
    {
        var ct = TestContext.Current.CancellationToken;
        var (userId, _, user) = await _root.CreateUserAsync(null, ct);
        var (tokenId, _) = await _root.NewPersonalAccessTokenAsync(userId, ct);

        using var revoked = await _root.SendAsync(HttpMethod.Delete, $"/api/v4/personal_access_tokens/{tokenId}", null, ct);
        using var other = await user.GetAsync("/api/v4/user", ct);

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }
}
