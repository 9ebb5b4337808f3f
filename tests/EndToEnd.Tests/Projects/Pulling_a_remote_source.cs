using System.Net;
using WvsMesh.EndToEnd.Tests.AllInOne;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Projects;

/// <summary>
/// #14: the refs of an <c>http(s)</c> source serve triggers for <c>Pipelines__RemoteRefsMaxAge</c> (here an hour) without a
/// fetch; <c>POST /projects/:id/mirror/pull</c> (GitLab's "start the pull mirroring process", Maintainer and up) makes
/// the next trigger fetch.
/// </summary>
public sealed class Pulling_a_remote_source : IAsyncDisposable
{
    private readonly AllInOneApp _app = new()
    {
        Settings = new Dictionary<string, string>
        {
            ["Imports:AllowLocalRequests"] = "true",
            ["Pipelines:RemoteRefsMaxAge"] = "01:00:00",
        },
    };

    [Fact]
    public async Task A_push_is_built_after_the_mirror_is_pulled_and_not_before()
    {
        var ct = TestContext.Current.CancellationToken;
        var root = _app.Api();
        using var source = GitRepository.Create();
        await using var remote = await ServedRepository.StartAsync(source, ct);
        var project = await root.CreateProjectAsync("remote-" + Guid.NewGuid().ToString("N")[..8], remote.Url, ct);
        var projectId = project["id"]!.GetValue<long>(); // ! : CreateProjectAsync asserted 201
        var token = (await root.CreateTriggerAsync(projectId, "remote", ct))["token"]!.GetValue<string>();
        var (developerId, _, developer) = await root.CreateUserAsync(null, ct);
        await root.AddMemberAsync(projectId, developerId, 30, ct);
        var first = await ShaOfTriggerAsync(root, projectId, token, ct);
        var pushed = source.Commit("README.md", "changed", "second");
        remote.Push();

        var cached = await ShaOfTriggerAsync(root, projectId, token, ct);
        using var refused = await developer.SendAsync(HttpMethod.Post, $"/api/v4/projects/{projectId}/mirror/pull", null, ct);
        using var pulled = await root.SendAsync(HttpMethod.Post, $"/api/v4/projects/{projectId}/mirror/pull", null, ct);
        var after = await ShaOfTriggerAsync(root, projectId, token, ct);

        Assert.Equal(first, cached);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, pulled.StatusCode);
        Assert.Equal(pushed, after);
    }

    private static async Task<string?> ShaOfTriggerAsync(GitLabApiClient api, long projectId, string token, CancellationToken ct)
    {
        using var response = await api.TriggerPipelineAsync(projectId.ToString(System.Globalization.CultureInfo.InvariantCulture), token, "main", ct);
        return (await GitLabApiClient.ExpectAsync(response, HttpStatusCode.Created, ct))["sha"]?.GetValue<string>();
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
