using System.Net;
using WvsMesh.EndToEnd.Tests.Distributed;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Runners;

/// <summary>
/// The README's run command as a user runs it: the all-in-one host as its own process on a loopback port (jobs call its
/// API with curl, so it must really listen), and a runner program beside it, registered through the API.
/// </summary>
public sealed class EmbeddedSystem : IAsyncLifetime
{
    public const string RootToken = "root-token-embedded-runner";

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "wvs-embedded-" + Guid.NewGuid().ToString("N"));
    private HostProcess? _host;
    private RunnerProcess? _runner;

    public GitLabApiClient Api() => new(new HttpClient { BaseAddress = _host?.Address }, RootToken);

    /// <summary>What no job may see: root's token and the runner's.</summary>
    public IReadOnlyList<string> Secrets() => [RootToken, _runner?.Token ?? throw new InvalidOperationException("no runner")];

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var port = HostProcess.FreePort();
        _host = HostProcess.Start("AllInOne", port, new Dictionary<string, string>
        {
            ["WVS_DATA_DIR"] = _dataDirectory,
            ["WVS_ROOT_TOKEN"] = RootToken,
            ["WVS_EXTERNAL_URL"] = $"http://127.0.0.1:{port}",
            ["Pipelines__JobRequestWait"] = "00:00:02",
            ["Webhooks__AllowLocalRequests"] = "true",
            // Jobs check out projects imported from a test's own HTTP server on 127.0.0.1.
            ["Imports__AllowLocalRequests"] = "true",
            ["Webhooks__RetryBaseDelay"] = "00:00:00.200",
            ["Webhooks__DispatchInterval"] = "00:00:00.100",
        });
        await _host.WaitUntilReadyAsync(TimeSpan.FromSeconds(90), ct);
        _runner = await RunnerProcesses.RegisterAndStartAsync(Api(), _host.Address, ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_runner is not null)
        {
            await _runner.DisposeAsync();
        }
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left for a look.
        }
    }
}

/// <summary>Registering a runner through the API (as an admin) and starting the runner program with its token.</summary>
public static class RunnerProcesses
{
    public static async Task<RunnerProcess> RegisterAndStartAsync(GitLabApiClient admin, Uri server, CancellationToken ct)
    {
        using var created = await admin.SendFormAsync(HttpMethod.Post, "/api/v4/user/runners", ct, ("runner_type", "instance_type"), ("description", "tests"));
        var runner = await GitLabApiClient.ExpectAsync(created, HttpStatusCode.Created, ct);
        var token = runner["token"]?.GetValue<string>() ?? throw new InvalidOperationException($"no runner token: {runner}");
        return RunnerProcess.Start(server, token);
    }
}
