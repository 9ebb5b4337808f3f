using System.Security.Cryptography;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Distributed;

/// <summary>
/// The distributed composition: Gateway, Tokens, Pipelines and Webhooks hosts as separate processes over real
/// RabbitMQ and PostgreSQL (fresh databases per run), each printing its spans (OTEL_TRACES_EXPORTER=console).
/// </summary>
public sealed class DistributedHosts : IAsyncLifetime
{
    public const string RootToken = "root-token-distributed";

    private readonly TestServers _servers = new();
    private readonly List<HostProcess> _hosts = [];
    private Runners.RunnerProcess? _runner;
    private readonly List<string> _secrets = [RootToken];
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "wvs-distributed-" + Guid.NewGuid().ToString("N"));
    private Dictionary<string, string> _gatewaySettings = [];

    public HostProcess Gateway => Host("Gateway");

    public HostProcess Tokens => Host("Tokens");

    public HostProcess Pipelines => Host("Pipelines");

    public HostProcess Webhooks => Host("Webhooks");

    public GitLabApiClient Api() => new(new HttpClient { BaseAddress = Gateway.Address }, RootToken);

    public async ValueTask InitializeAsync()
    {
        await _servers.InitializeAsync();
        if (_servers.Postgres is null || _servers.RabbitMq is null)
        {
            return;
        }
        var ct = TestContext.Current.CancellationToken;
        var gatewayPort = HostProcess.FreePort();
        string NewKey()
        {
            var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            _secrets.Add(key);
            return key;
        }
        var common = new Dictionary<string, string>
        {
            ["RabbitMq__Host"] = _servers.RabbitMq,
            ["WVS_IDENTITY_KEY"] = NewKey(),
            ["WVS_EXTERNAL_URL"] = $"http://127.0.0.1:{gatewayPort}",
            ["OTEL_TRACES_EXPORTER"] = "console",
            ["Pipelines__JobRequestWait"] = "00:00:02",
            // Jobs check out projects imported from a test's own HTTP server on 127.0.0.1.
            ["Imports__AllowLocalRequests"] = "true",
        };
        var tokens = Start("Tokens", HostProcess.FreePort(), common, new()
        {
            ["ConnectionStrings__tokens"] = await _servers.NewDatabaseAsync("wvs_tokens", ct),
            ["WVS_ROOT_TOKEN"] = RootToken,
            ["WVS_ENCRYPTION_KEY"] = NewKey(),
            ["WVS_DATA_DIR"] = Path.Combine(_dataDirectory, "tokens"),
        });
        var pipelines = Start("Pipelines", HostProcess.FreePort(), common, new()
        {
            ["ConnectionStrings__pipelines"] = await _servers.NewDatabaseAsync("wvs_pipelines", ct),
            ["WVS_DATA_DIR"] = Path.Combine(_dataDirectory, "pipelines"),
        });
        var webhooks = Start("Webhooks", HostProcess.FreePort(), common, new()
        {
            ["ConnectionStrings__webhooks"] = await _servers.NewDatabaseAsync("wvs_webhooks", ct),
            ["WVS_ENCRYPTION_KEY"] = NewKey(),
            ["WVS_DATA_DIR"] = Path.Combine(_dataDirectory, "webhooks"),
            ["Webhooks__AllowLocalRequests"] = "true",
            ["Webhooks__RetryBaseDelay"] = "00:00:00.200",
            ["Webhooks__DispatchInterval"] = "00:00:00.100",
        });
        _gatewaySettings = common.Concat(new Dictionary<string, string>
        {
            ["ReverseProxy__Clusters__tokens__Destinations__primary__Address"] = tokens.Address.ToString(),
            ["ReverseProxy__Clusters__pipelines__Destinations__primary__Address"] = pipelines.Address.ToString(),
            ["ReverseProxy__Clusters__webhooks__Destinations__primary__Address"] = webhooks.Address.ToString(),
        }).ToDictionary();
        Start("Gateway", gatewayPort, _gatewaySettings, []);
        await Task.WhenAll(_hosts.Select(host => host.WaitUntilReadyAsync(TimeSpan.FromSeconds(90), ct)));
        // A runner beside them, talking to the gateway only, as the README starts one.
        _runner = await Runners.RunnerProcesses.RegisterAndStartAsync(Api(), Gateway.Address, ct);
        _secrets.Add(_runner.Token);
    }

    /// <summary>
    /// Another gateway replica beside <see cref="Gateway"/>, configured alike (same identity key, same services), ready;
    /// the caller disposes of it.
    /// </summary>
    public async Task<HostProcess> StartGatewayReplicaAsync(CancellationToken ct)
    {
        var replica = HostProcess.Start("Gateway-replica", HostProcess.FreePort(), _gatewaySettings, service: "Gateway");
        try
        {
            await replica.WaitUntilReadyAsync(TimeSpan.FromSeconds(90), ct);
            return replica;
        }
        catch
        {
            await replica.DisposeAsync();
            throw;
        }
    }

    /// <summary>The data directory (<c>WVS_DATA_DIR</c>) of <paramref name="service"/>: <c>Tokens</c>, <c>Pipelines</c> or <c>Webhooks</c>.</summary>
    public string DataDirectory(string service) => Path.Combine(_dataDirectory, service.ToLowerInvariant());

    /// <summary>What no job may see: root's token, the hosts' keys and the runner's token.</summary>
    public IReadOnlyList<string> Secrets() => _secrets;

    /// <summary>Skips (or under test.sh fails) when there is no PostgreSQL/RabbitMQ to run on.</summary>
    public void Require() => _servers.Require();

    public async ValueTask DisposeAsync()
    {
        if (_runner is not null)
        {
            await _runner.DisposeAsync();
        }
        // Each host's output stays beside its data for a look after a failed run.
        Directory.CreateDirectory(_dataDirectory);
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
            await File.WriteAllTextAsync(Path.Combine(_dataDirectory, host.Name + ".log"), host.Output);
        }
        await _servers.DisposeAsync();
    }

    private HostProcess Start(string name, int port, Dictionary<string, string> common, Dictionary<string, string> own)
    {
        var host = HostProcess.Start(name, port, common.Concat(own).ToDictionary());
        _hosts.Add(host);
        return host;
    }

    private HostProcess Host(string name) => _hosts.Single(host => host.Name == name);
}
