using System.Net;
using WvsMesh.EndToEnd.Tests.Distributed;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Ui;

/// <summary>
/// #7 through the YARP gateway process: the gateway serves sign-in and the pages itself (they are no proxied routes),
/// asks the Tokens process over RabbitMQ to check the password, and lets its cookie through to the proxied <c>/api/v4</c>.
/// </summary>
[Collection(DistributedComposition.Name)]
public sealed class Signing_in_across_separate_hosts(DistributedHosts hosts)
{
    private const string InvalidCsrf = """{"message":"403 Forbidden - invalid CSRF token"}""";

    [Fact]
    public async Task Signed_in_browser_reads_the_api_and_unsafe_calls_need_the_csrf_header()
    {
        hosts.Require();
        var ct = TestContext.Current.CancellationToken;
        var root = hosts.Api();
        var (userId, username, client) = await root.CreateUserAsync(null, ct);
        using var repository = GitRepository.Create();
        var project = await root.CreateProjectForUserAsync(userId, "ui-" + Guid.NewGuid().ToString("N")[..8], repository.Path, ct);
        var triggers = $"/api/v4/projects/{project["id"]}/triggers";
        using var browser = Browser.At(hosts.Gateway.Address);

        var wrongPassword = "wrong-" + Guid.NewGuid().ToString("N");
        using var wrong = await browser.SignInAsync(username, wrongPassword, ct);
        var csrf = await browser.SignInAndOpenAppAsync(username, GitLabApiClient.Password, ct);
        using var user = await browser.GetAsync("/api/v4/user", ct);
        var me = await user.JsonAsync(ct);
        using var refused = await browser.SendAsync(HttpMethod.Post, triggers, GitLabApiClient.Form(("description", "no header")), ct);
        using var created = await browser.SendAsync(HttpMethod.Post, triggers, GitLabApiClient.Form(("description", "with header")), ct, csrfToken: csrf);

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal((HttpStatusCode.OK, userId), (user.StatusCode, me["id"]?.GetValue<long>()));
        Assert.Equal((HttpStatusCode.Forbidden, InvalidCsrf), (refused.StatusCode, await refused.Content.ReadAsStringAsync(ct)));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("with header", (await created.JsonAsync(ct))["description"]?.GetValue<string>());
        Assert.All(new[] { hosts.Gateway, hosts.Tokens }, host => Assert.DoesNotContain(wrongPassword, host.Output, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Signing_out_at_one_gateway_replica_ends_the_session_at_every_replica()
    {
        hosts.Require();
        var ct = TestContext.Current.CancellationToken;
        var (_, username, _) = await hosts.Api().CreateUserAsync(null, ct);
        await using var running = await hosts.StartGatewayReplicaAsync(ct);
        using var browser = Browser.At(hosts.Gateway.Address);
        var csrf = await browser.SignInAndOpenAppAsync(username, GitLabApiClient.Password, ct);
        var session = browser.Cookies[Browser.SessionCookie];
        using var copy = Browser.At(running.Address); // the cookie, kept by someone else, at a replica that has it cached
        copy.SetCookie(Browser.SessionCookie, session);
        using var before = await copy.GetAsync("/api/v4/user", ct);

        // #13: sign-out was remembered only by the replica that served it; a kept copy of the cookie went on elsewhere.
        using var signedOut = await browser.PostFormAsync("/users/sign_out", ct, ("authenticity_token", csrf));
        browser.SetCookie(Browser.SessionCookie, session);
        using var sameReplica = await browser.GetAsync("/api/v4/user", ct);
        using var otherReplica = await Eventually.AnswersAsync(() => copy.GetAsync("/api/v4/user", ct), HttpStatusCode.Unauthorized, ct);
        using var otherPage = await copy.GetAsync("/", ct);
        await using var later = await hosts.StartGatewayReplicaAsync(ct); // heard no event: only Tokens' record refuses it
        using var atLater = Browser.At(later.Address);
        atLater.SetCookie(Browser.SessionCookie, session);
        using var laterApi = await atLater.GetAsync("/api/v4/user", ct);
        using var laterPage = await atLater.GetAsync("/", ct);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, sameReplica.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, otherReplica.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, otherPage.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, laterApi.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, laterPage.StatusCode);
    }

    [Theory]
    [InlineData("/ü", "/%C3%BC")]
    [InlineData("/projects/ä?tab=ö#x", "/projects/%C3%A4?tab=%C3%B6#x")]
    public async Task A_local_return_path_beyond_ascii_is_percent_encoded_in_the_redirect(string returnTo, string location)
    {
        hosts.Require();
        var ct = TestContext.Current.CancellationToken;
        var (_, username, _) = await hosts.Api().CreateUserAsync(null, ct);
        using var browser = Browser.At(hosts.Gateway.Address);

        // #13: Kestrel refused the non-ASCII Location header, so a correct password answered 500.
        using var answer = await browser.SignInAsync(username, GitLabApiClient.Password, ct, returnTo);

        Assert.Equal((HttpStatusCode.SeeOther, location), (answer.StatusCode, answer.Headers.Location?.OriginalString));
    }
}
