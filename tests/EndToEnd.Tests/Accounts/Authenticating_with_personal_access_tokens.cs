using System.Globalization;
using System.Net;
using WvsMesh.EndToEnd.Tests.AllInOne;
using WvsMesh.TestKit;
using Xunit;
using static WvsMesh.EndToEnd.Tests.Accounts.Arrangements;

namespace WvsMesh.EndToEnd.Tests.Accounts;

/// <summary>
/// Who a request acts for: a personal access token in <c>PRIVATE-TOKEN</c> or <c>Authorization: Bearer</c>, refused
/// with GitLab's 401 when it is missing, unknown, revoked or expired or its user is blocked, from the very next request.
/// </summary>
public sealed class Authenticating_with_personal_access_tokens(AllInOneApp app) : IClassFixture<AllInOneApp>
{
    private readonly GitLabApiClient _root = app.Api();

    public static TheoryData<string, string> AuthenticatedEndpoints => new()
    {
        { "GET", "/api/v4/user" },
        { "GET", "/api/v4/users/1" },
        { "POST", "/api/v4/users" },
        { "POST", "/api/v4/users/1/block" },
        { "POST", "/api/v4/users/1/personal_access_tokens" },
        { "GET", "/api/v4/personal_access_tokens/1" },
        { "DELETE", "/api/v4/personal_access_tokens/1" },
        { "GET", "/api/v4/projects" },
        { "POST", "/api/v4/projects" },
        { "GET", "/api/v4/projects/1" },
        { "DELETE", "/api/v4/projects/1" },
        { "GET", "/api/v4/projects/1/members" },
        { "POST", "/api/v4/projects/1/members" },
        { "PUT", "/api/v4/projects/1/members/1" },
        { "DELETE", "/api/v4/projects/1/members/1" },
        { "GET", "/api/v4/projects/1/protected_branches" },
        { "POST", "/api/v4/projects/1/protected_tags" },
    };

    [Theory]
    [MemberData(nameof(AuthenticatedEndpoints))]
    public async Task Request_without_a_token_is_401(string method, string path)
    {
        var ct = TestContext.Current.CancellationToken;

        using var response = await _root.SendAnonymouslyAsync(new HttpMethod(method), path, ct);

        Assert.Equal((401, Unauthorized), await response.AnswerAsync(ct));
    }

    [Theory]
    [MemberData(nameof(AuthenticatedEndpoints))]
    public async Task Request_with_an_unknown_token_is_401(string method, string path)
    {
        var ct = TestContext.Current.CancellationToken;

        using var response = await _root.As("wvspat-0000000000000000000000000000000000000000").SendAsync(new HttpMethod(method), path, null, ct);

        Assert.Equal((401, Unauthorized), await response.AnswerAsync(ct));
    }

    [Fact]
    public async Task Get_user_answers_the_caller()
    {
        var ct = TestContext.Current.CancellationToken;
        var (id, username, user) = await _root.CreateUserAsync(null, ct);

        using var response = await user.GetAsync("/api/v4/user", ct);

        var me = await GitLabApiClient.ExpectAsync(response, HttpStatusCode.OK, ct);
        Assert.Equal(id, me["id"]?.GetValue<long>());
        Assert.Equal(username, me["username"]?.GetValue<string>());
        Assert.Equal($"{username}@example.com", me["email"]?.GetValue<string>());
        Assert.Equal("active", me["state"]?.GetValue<string>());
        Assert.False(me["is_admin"]?.GetValue<bool>());
    }

    [Fact]
    public async Task Bearer_token_authenticates_like_private_token()
    {
        var ct = TestContext.Current.CancellationToken;
        var (userId, _, _) = await _root.CreateUserAsync(null, ct);
        var (_, token) = await _root.NewPersonalAccessTokenAsync(userId, ct);

        using var byBearer = await _root.GetWithBearerAsync("/api/v4/user", token, ct);
        using var byPrivateToken = await _root.As(token).GetAsync("/api/v4/user", ct);

        var (status, body) = await byBearer.AnswerAsync(ct);
        Assert.Equal(200, status);
        Assert.Equal((status, body), await byPrivateToken.AnswerAsync(ct));
    }

    [Theory]
    [InlineData("wvspat-0000000000000000000000000000000000000000")]
    [InlineData("")]
    public async Task Bearer_with_an_unknown_or_empty_token_is_401(string token)
    {
        var ct = TestContext.Current.CancellationToken;

        using var response = await _root.SendAnonymouslyAsync(HttpMethod.Get, "/api/v4/user", ct, ("Authorization", $"Bearer {token}"));

        Assert.Equal((401, Unauthorized), await response.AnswerAsync(ct));
    }

    [Fact]
    public async Task Forged_identity_header_is_ignored()
    {
        var ct = TestContext.Current.CancellationToken;
        // What a signed identity header would carry, made up by the client: the gateway must drop it, not trust it.
        var forged = Convert.ToBase64String("""{"UserId":1,"Username":"root","IsAdmin":true}"""u8.ToArray()) + ".forged";

        using var plain = await _root.SendAnonymouslyAsync(HttpMethod.Get, "/api/v4/user", ct, ("X-Wvs-Identity", forged));
        using var withUnknownToken = await _root.SendAnonymouslyAsync(HttpMethod.Get, "/api/v4/user", ct,
            ("X-Wvs-Identity", forged), ("PRIVATE-TOKEN", "wvspat-0000000000000000000000000000000000000000"));

        Assert.Equal((401, Unauthorized), await plain.AnswerAsync(ct));
        Assert.Equal((401, Unauthorized), await withUnknownToken.AnswerAsync(ct));
    }

    [Fact]
    public async Task Revoked_token_is_refused_on_the_next_request()
    {
        var ct = TestContext.Current.CancellationToken;
        var (userId, _, _) = await _root.CreateUserAsync(null, ct);
        var (tokenId, token) = await _root.NewPersonalAccessTokenAsync(userId, ct);
        var user = _root.As(token);
        using var before = await user.GetAsync("/api/v4/user", ct);
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        using var revoked = await _root.SendAsync(HttpMethod.Delete, $"/api/v4/personal_access_tokens/{tokenId}", null, ct);
        using var after = await user.GetAsync("/api/v4/user", ct);

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal((401, Unauthorized), await after.AnswerAsync(ct));
    }

    [Fact]
    public async Task Token_revoked_by_its_own_user_is_refused_on_the_next_request()
    {
        var ct = TestContext.Current.CancellationToken;
        var (userId, _, _) = await _root.CreateUserAsync(null, ct);
        var (tokenId, token) = await _root.NewPersonalAccessTokenAsync(userId, ct);
        var user = _root.As(token);
        using var before = await user.GetAsync("/api/v4/user", ct);
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        using var revoked = await user.SendAsync(HttpMethod.Delete, $"/api/v4/personal_access_tokens/{tokenId}", null, ct);
        using var after = await user.GetAsync("/api/v4/user", ct);

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal((401, Unauthorized), await after.AnswerAsync(ct));
    }

    [Fact]
    public async Task Expired_token_is_401()
    {
        var ct = TestContext.Current.CancellationToken;
        var (userId, _, _) = await _root.CreateUserAsync(null, ct);
        // GitLab's expires_at is a date; a token expiring on a past day no longer authenticates.
        var yesterday = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var (_, token) = await _root.NewPersonalAccessTokenAsync(userId, ct, expiresAt: yesterday);

        using var response = await _root.As(token).GetAsync("/api/v4/user", ct);

        Assert.Equal((401, Unauthorized), await response.AnswerAsync(ct));
    }

    [Fact]
    public async Task Token_expiring_next_month_still_authenticates()
    {
        var ct = TestContext.Current.CancellationToken;
        var (userId, _, _) = await _root.CreateUserAsync(null, ct);
        var nextMonth = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var (_, token) = await _root.NewPersonalAccessTokenAsync(userId, ct, expiresAt: nextMonth);

        using var response = await _root.As(token).GetAsync("/api/v4/user", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Blocked_user_is_refused_on_the_next_request()
    {
        var ct = TestContext.Current.CancellationToken;
        var (userId, _, user) = await _root.CreateUserAsync(null, ct);
        using var before = await user.GetAsync("/api/v4/user", ct);
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        using var blocked = await _root.SendAsync(HttpMethod.Post, $"/api/v4/users/{userId}/block", null, ct);
        using var after = await user.GetAsync("/api/v4/user", ct);

        Assert.Equal((201, "true"), await blocked.AnswerAsync(ct));
        Assert.Equal((401, Unauthorized), await after.AnswerAsync(ct));
    }

    [Fact]
    public async Task Unblocked_user_is_accepted_again_on_the_next_request()
    {
        var ct = TestContext.Current.CancellationToken;
        var (userId, _, user) = await _root.CreateUserAsync(null, ct);
        using var blocked = await _root.SendAsync(HttpMethod.Post, $"/api/v4/users/{userId}/block", null, ct);
        using var refused = await user.GetAsync("/api/v4/user", ct);
        Assert.Equal((401, Unauthorized), await refused.AnswerAsync(ct));

        using var unblocked = await _root.SendAsync(HttpMethod.Post, $"/api/v4/users/{userId}/unblock", null, ct);
        using var after = await user.GetAsync("/api/v4/user", ct);

        Assert.Equal((201, "true"), await unblocked.AnswerAsync(ct));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }
}
