using System.Net;
using WvsMesh.EndToEnd.Tests.AllInOne;
using WvsMesh.TestKit;
using Xunit;
using static WvsMesh.EndToEnd.Tests.Accounts.Arrangements;

namespace WvsMesh.EndToEnd.Tests.Accounts;

/// <summary><c>/users</c>: admins create, block and unblock users; anyone signed in reads a user.</summary>
public sealed class Administering_users(AllInOneApp app) : IClassFixture<AllInOneApp>
{
    private readonly GitLabApiClient _root = app.Api();

    [Fact]
    public async Task Admin_creates_a_user_answering_201_with_the_user()
    {
        var ct = TestContext.Current.CancellationToken;
        var username = Unique("alice");

        using var response = await _root.SendFormAsync(HttpMethod.Post, "/api/v4/users", ct,
            ("email", $"{username}@example.com"), ("username", username), ("name", "Alice Liddell"), ("password", "long-enough-1"));

        var user = await GitLabApiClient.ExpectAsync(response, HttpStatusCode.Created, ct);
        Assert.True(user["id"]?.GetValue<long>() > 0);
        Assert.Equal(username, user["username"]?.GetValue<string>());
        Assert.Equal("Alice Liddell", user["name"]?.GetValue<string>());
        Assert.Equal($"{username}@example.com", user["email"]?.GetValue<string>());
        Assert.Equal("active", user["state"]?.GetValue<string>());
        Assert.False(user["is_admin"]?.GetValue<bool>());
    }

    [Fact]
    public async Task Admin_flag_creates_an_admin()
    {
        var ct = TestContext.Current.CancellationToken;
        var username = Unique("admin");

        using var response = await _root.SendFormAsync(HttpMethod.Post, "/api/v4/users", ct,
            ("email", $"{username}@example.com"), ("username", username), ("name", username), ("admin", "true"));

        var user = await GitLabApiClient.ExpectAsync(response, HttpStatusCode.Created, ct);
        Assert.True(user["is_admin"]?.GetValue<bool>());
    }

    [Theory]
    [InlineData(false, true, true, """{"error":"email is missing"}""")]
    [InlineData(true, false, true, """{"error":"username is missing"}""")]
    [InlineData(true, true, false, """{"error":"name is missing"}""")]
    [InlineData(false, false, true, """{"error":"email, username are missing"}""")]
    [InlineData(false, false, false, """{"error":"email, username, name are missing"}""")]
    public async Task Missing_required_fields_are_400(bool withEmail, bool withUsername, bool withName, string body)
    {
        var ct = TestContext.Current.CancellationToken;
        var username = Unique("partial");
        var fields = new List<(string, string)> { ("password", "long-enough-1") };
        if (withEmail)
        {
            fields.Add(("email", $"{username}@example.com"));
        }
        if (withUsername)
        {
            fields.Add(("username", username));
        }
        if (withName)
        {
            fields.Add(("name", username));
        }

        using var response = await _root.SendFormAsync(HttpMethod.Post, "/api/v4/users", ct, [.. fields]);

        Assert.Equal((400, body), await response.AnswerAsync(ct));
    }

    [Theory]
    [InlineData("short")]
    [InlineData("1234567")]
    public async Task Password_shorter_than_8_characters_is_400(string password)
    {
        var ct = TestContext.Current.CancellationToken;
        var username = Unique("weak");

        using var response = await _root.SendFormAsync(HttpMethod.Post, "/api/v4/users", ct,
            ("email", $"{username}@example.com"), ("username", username), ("name", username), ("password", password));

        Assert.Equal((400, """{"message":{"password":["is too short (minimum is 8 characters)"]}}"""), await response.AnswerAsync(ct));
    }

    [Fact]
    public async Task Taken_username_is_409()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, username, _) = await _root.CreateUserAsync(null, ct);

        using var response = await _root.SendFormAsync(HttpMethod.Post, "/api/v4/users", ct,
            ("email", $"other-{username}@example.com"), ("username", username), ("name", username), ("password", "long-enough-1"));

        Assert.Equal((409, """{"message":"Username has already been taken"}"""), await response.AnswerAsync(ct));
    }

    [Fact]
    public async Task Username_taken_in_another_case_is_409()
    {
        var ct = TestContext.Current.CancellationToken;
        // GitLab's usernames (namespace paths) are unique regardless of case.
        var (_, username, _) = await _root.CreateUserAsync(Unique("carol"), ct);

        using var response = await _root.SendFormAsync(HttpMethod.Post, "/api/v4/users", ct,
            ("email", $"upper-{username}@example.com"), ("username", username.ToUpperInvariant()), ("name", username), ("password", "long-enough-1"));

        Assert.Equal((409, """{"message":"Username has already been taken"}"""), await response.AnswerAsync(ct));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Taken_email_is_409(bool inAnotherCase)
    {
        var ct = TestContext.Current.CancellationToken;
        // GitLab stores emails downcased, so one address in another case is the same address.
        var (_, username, _) = await _root.CreateUserAsync(null, ct);
        var email = $"{username}@example.com";
        var other = Unique("bob");

        using var response = await _root.SendFormAsync(HttpMethod.Post, "/api/v4/users", ct,
            ("email", inAnotherCase ? email.ToUpperInvariant() : email), ("username", other), ("name", other), ("password", "long-enough-1"));

        Assert.Equal((409, """{"message":"Email has already been taken"}"""), await response.AnswerAsync(ct));
    }

    public static TheoryData<string, string> AdminOnlyEndpoints => new()
    {
        { "POST", "/api/v4/users" },
        { "POST", "/api/v4/users/{id}/block" },
        { "POST", "/api/v4/users/{id}/unblock" },
        { "POST", "/api/v4/users/{id}/personal_access_tokens" },
    };

    [Theory]
    [MemberData(nameof(AdminOnlyEndpoints))]
    public async Task Non_admin_is_403_on_admin_endpoints(string method, string path)
    {
        var ct = TestContext.Current.CancellationToken;
        var (id, username, user) = await _root.CreateUserAsync(null, ct);

        using var response = await user.SendFormAsync(new HttpMethod(method), path.Replace("{id}", Text(id), StringComparison.Ordinal), ct,
            ("email", $"again-{username}@example.com"), ("username", Unique("again")), ("name", "again"), ("scopes[]", "api"));

        Assert.Equal((403, Forbidden), await response.AnswerAsync(ct));
    }

    [Fact]
    public async Task Any_user_reads_another_user()
    {
        var ct = TestContext.Current.CancellationToken;
        var (id, username, _) = await _root.CreateUserAsync(null, ct);
        var (_, _, reader) = await _root.CreateUserAsync(null, ct);

        using var response = await reader.GetAsync($"/api/v4/users/{id}", ct);

        var user = await GitLabApiClient.ExpectAsync(response, HttpStatusCode.OK, ct);
        Assert.Equal(id, user["id"]?.GetValue<long>());
        Assert.Equal(username, user["username"]?.GetValue<string>());
        Assert.Equal("active", user["state"]?.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_user_is_404()
    {
        var ct = TestContext.Current.CancellationToken;

        using var response = await _root.GetAsync("/api/v4/users/999999", ct);

        Assert.Equal((404, """{"message":"404 User Not Found"}"""), await response.AnswerAsync(ct));
    }

    [Fact]
    public async Task Block_and_unblock_answer_201_true_and_show_in_the_state()
    {
        var ct = TestContext.Current.CancellationToken;
        var (id, _, _) = await _root.CreateUserAsync(null, ct);

        using var blocked = await _root.SendAsync(HttpMethod.Post, $"/api/v4/users/{id}/block", null, ct);
        using var whileBlocked = await _root.GetAsync($"/api/v4/users/{id}", ct);
        using var unblocked = await _root.SendAsync(HttpMethod.Post, $"/api/v4/users/{id}/unblock", null, ct);
        using var afterwards = await _root.GetAsync($"/api/v4/users/{id}", ct);

        Assert.Equal((201, "true"), await blocked.AnswerAsync(ct));
        Assert.Equal("blocked", (await GitLabApiClient.ExpectAsync(whileBlocked, HttpStatusCode.OK, ct))["state"]?.GetValue<string>());
        Assert.Equal((201, "true"), await unblocked.AnswerAsync(ct));
        Assert.Equal("active", (await GitLabApiClient.ExpectAsync(afterwards, HttpStatusCode.OK, ct))["state"]?.GetValue<string>());
    }

    [Theory]
    [InlineData("block")]
    [InlineData("unblock")]
    public async Task Blocking_an_unknown_user_is_404(string action)
    {
        var ct = TestContext.Current.CancellationToken;

        using var response = await _root.SendAsync(HttpMethod.Post, $"/api/v4/users/999999/{action}", null, ct);

        Assert.Equal((404, """{"message":"404 User Not Found"}"""), await response.AnswerAsync(ct));
    }
}
