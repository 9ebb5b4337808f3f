using System.Net;
using System.Text.Json.Nodes;
using WvsMesh.EndToEnd.Tests.AllInOne;
using WvsMesh.EndToEnd.Tests.Pipelines;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Webhooks;

/// <summary>
/// With the default settings (<c>Webhooks:AllowLocalRequests</c> off, as GitLab's admin setting is) a hook may not point
/// at loopback, private, link-local (cloud metadata) or shared addresses: GitLab's 422 <c>{"message":"Invalid url given"}</c>.
/// </summary>
public sealed class Refusing_hooks_into_the_local_network(AllInOneApp app) : IClassFixture<AllInOneApp>
{
    private readonly GitLabApiClient _root = app.Api();

    [Theory]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("http://localhost/hook")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://[::ffff:127.0.0.1]/hook")]
    [InlineData("http://0.0.0.0/hook")]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("https://192.168.1.1/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://100.64.0.1/hook")]
    [InlineData("http://[fd00::1]/hook")]
    public async Task Local_addresses_are_refused(string url)
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await CiProject.ArrangeAsync(_root, HookScenarios.CiConfig, ct);

        using var created = await project.Owner.SendFormAsync(HttpMethod.Post, $"{project.Path}/hooks", ct, ("url", url), ("pipeline_events", "true"));

        await Refusal.IsJsonAsync(created, 422, new JsonObject { ["message"] = "Invalid url given" }, ct);
        Assert.Empty(await CiProject.ArrayAsync(project.Owner, $"{project.Path}/hooks", ct));
    }

    [Fact]
    public async Task A_public_hook_cannot_be_moved_to_a_local_address()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await CiProject.ArrangeAsync(_root, HookScenarios.CiConfig, ct);
        // A literal public address: accepted without asking DNS.
        var hook = await HookScenarios.CreateHookAsync(project.Owner, project.Id, ct, ("url", "http://93.184.215.14/hook"));

        using var moved = await project.Owner.SendFormAsync(HttpMethod.Put, $"{project.Path}/hooks/{CiProject.IdOf(hook)}", ct, ("url", "http://127.0.0.1:9/hook"));
        using var read = await project.Owner.GetAsync($"{project.Path}/hooks/{CiProject.IdOf(hook)}", ct);

        await Refusal.IsJsonAsync(moved, 422, new JsonObject { ["message"] = "Invalid url given" }, ct);
        Assert.Equal("http://93.184.215.14/hook", (await GitLabApiClient.ExpectAsync(read, HttpStatusCode.OK, ct))["url"]?.GetValue<string>());
    }
}
