using System.Net;
using System.Net.Sockets;
using System.Text;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Hardening;

/// <summary>
/// What Kestrel does to a request before any handler sees it, on a real listener (#13): <c>%2E%2E</c> is decoded and
/// its dot segment removed, so it must be refused first (finding 10); bodies are bounded per route, and a request refused
/// for want of authentication is answered before its body is read (finding 6). Each composition runs these same cases
/// (see the derived classes): distributed, the gateway (YARP) is the first to see the target and the body.
/// </summary>
public abstract class DotSegmentAndBodyLimitScenarios
{
    /// <summary>The composition's root client (through the gateway).</summary>
    protected abstract GitLabApiClient Root();

    /// <summary>Where the composition listens (the gateway's address, distributed).</summary>
    protected abstract Uri Address();

    /// <summary>Root's personal access token in this composition.</summary>
    protected abstract string RootToken { get; }

    /// <summary>Skips (or, on CI, fails) when the composition cannot run here.</summary>
    protected virtual void Require()
    {
    }

    [Theory]
    [InlineData("triggers")]
    [InlineData("hooks")]
    public async Task Delete_of_an_encoded_dot_dot_segment_is_404_and_keeps_the_project(string resource)
    {
        Require();
        var ct = TestContext.Current.CancellationToken;
        var api = Root();
        using var slice = await TriggerSlice.ArrangeAsync(api, ct);

        var (status, body) = await SendRawAsync("DELETE", $"/api/v4/projects/{slice.ProjectId}/{resource}/%2E%2E", ct);

        Assert.Equal(404, status);
        Assert.Equal("""{"message":"404 Not Found"}""", body);
        using var project = await api.GetAsync($"/api/v4/projects/{slice.ProjectId}", ct);
        Assert.Equal(HttpStatusCode.OK, project.StatusCode);
    }

    [Theory]
    [InlineData("/api/v4/projects/{0}/triggers/..")]
    [InlineData("/api/v4/projects/{0}/triggers/%2e%2E")]
    [InlineData("/api/v4/projects/{0}/members/.%2E/")]
    [InlineData("/api/v4/projects/{0}/variables/%2E")]
    public async Task Any_dot_segment_is_404(string template)
    {
        Require();
        var ct = TestContext.Current.CancellationToken;
        var api = Root();
        using var slice = await TriggerSlice.ArrangeAsync(api, ct);

        var (status, _) = await SendRawAsync("DELETE", string.Format(System.Globalization.CultureInfo.InvariantCulture, template, slice.ProjectId), ct);

        Assert.Equal(404, status);
        using var project = await api.GetAsync($"/api/v4/projects/{slice.ProjectId}", ct);
        Assert.Equal(HttpStatusCode.OK, project.StatusCode);
    }

    [Fact]
    public async Task Three_MiB_body_to_a_management_route_is_413_without_being_read()
    {
        Require();
        var ct = TestContext.Current.CancellationToken;
        var api = Root();
        var json = "{\"name\":\"" + new string('a', 3 * 1024 * 1024) + "\"}";

        using var response = await api.SendAsync(HttpMethod.Post, "/api/v4/projects", new StringContent(json, Encoding.UTF8, "application/json"), ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("""{"message":"413 Request Entity Too Large"}""", await response.Content.ReadAsStringAsync(ct));
    }

    [Fact]
    public async Task Trigger_body_over_its_limit_is_413_on_both_urls()
    {
        Require();
        var ct = TestContext.Current.CancellationToken;
        var api = Root();
        using var slice = await TriggerSlice.ArrangeAsync(api, ct);
        var json = $$"""{"token":"{{slice.Token}}","ref":"main","x":"{{new string('a', 1024 * 1024)}}"}""";

        using var trigger = await api.Http.PostAsync($"/api/v4/projects/{slice.ProjectId}/trigger/pipeline",
            new StringContent(json, Encoding.UTF8, "application/json"), ct);
        using var webhook = await api.Http.PostAsync($"/api/v4/projects/{slice.ProjectId}/ref/main/trigger/pipeline?token={slice.Token}",
            new StringContent(json, Encoding.UTF8, "application/json"), ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, trigger.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, webhook.StatusCode);
    }

    [Fact]
    public async Task Anonymous_post_whose_body_never_ends_is_401_at_once()
    {
        Require();
        var ct = TestContext.Current.CancellationToken;
        // Generous, for a machine busy with the rest of the suite (10 s ran out once in a full run): the answer is the proof.
        // A server that read the body first would never get it and answer Kestrel's 408 after the minimum data rate's
        // 5 s grace (or nothing at all), not 401.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var address = Address();

        // #13: the body was parsed before the 401; a body that never ends kept the request (and its memory) forever.
        var (status, body) = await RawHttp.StalledPostAsync(address, "/api/v4/projects", timeout.Token);

        Assert.Equal((401, """{"message":"401 Unauthorized"}"""), (status, body));
    }

    /// <summary>Sends the request target exactly as written: HttpClient may rewrite dot segments itself.</summary>
    private async Task<(int Status, string Body)> SendRawAsync(string method, string target, CancellationToken ct)
    {
        var address = Address();
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port, ct);
        await using var stream = tcp.GetStream();
        var request = $"{method} {target} HTTP/1.1\r\nHost: {address.Authority}\r\nPRIVATE-TOKEN: {RootToken}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), ct);
        return await RawHttp.ReadAnswerAsync(stream, ct);
    }
}
