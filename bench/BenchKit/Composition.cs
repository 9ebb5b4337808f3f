using System.Diagnostics;
using System.Security.Cryptography;
using WvsMesh.TestKit;

namespace WvsMesh.BenchKit;

/// <summary>
/// The distributed composition of tests/EndToEnd.Tests (DistributedHosts) with N Pipelines replicas, as
/// run-distributed.sh composes two: Tokens, Pipelines ×N (one database, one queue: competing consumers), Webhooks and the
/// Gateway, each its own process, on fresh databases. The gateway's <c>pipelines</c> cluster lists every replica with
/// round robin and an active health check on <c>/readyz</c>, for one replica too, so the only difference between
/// configurations is the second replica.
/// </summary>
public sealed class Composition : IAsyncDisposable
{
    public const string RootToken = "bench-root-token";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);
    private static readonly string[] DestinationNames = ["primary", "secondary", "tertiary", "quaternary"];

    private readonly BenchDatabases _databases;
    private readonly string _dataDirectory;
    private readonly List<HostProcess> _hosts = [];
    private readonly Dictionary<string, TimeSpan> _readyAfter = [];
    private readonly Stopwatch _sinceStart = Stopwatch.StartNew();

    private Composition(BenchDatabases databases, string dataDirectory)
    {
        _databases = databases;
        _dataDirectory = dataDirectory;
    }

    public IReadOnlyList<HostProcess> Hosts => _hosts;

    /// <summary>When each host first answered <c>/readyz</c>, from the start of the composition (databases included).</summary>
    public IReadOnlyDictionary<string, TimeSpan> ReadyAfter => _readyAfter;

    public HostProcess Gateway => _hosts.Single(host => host.Name == "gateway");

    /// <summary>
    /// Starts the composition on fresh databases of the PostgreSQL server <paramref name="postgres"/> (an Npgsql connection
    /// string whose user may create databases) and the broker <paramref name="rabbitMq"/> (<c>amqp://</c>); returns once
    /// every host answers <c>/readyz</c>.
    /// </summary>
    public static async Task<Composition> StartAsync(int replicas, string postgres, string rabbitMq, CancellationToken ct)
    {
        if (replicas < 1 || replicas > DestinationNames.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(replicas), replicas, $"1 to {DestinationNames.Length} replicas");
        }
        var composition = new Composition(new BenchDatabases(postgres),
            Path.Combine(Path.GetTempPath(), "wvs-bench-distributed-" + Guid.NewGuid().ToString("N")));
        try
        {
            await composition.StartHostsAsync(replicas, rabbitMq, ct);
            return composition;
        }
        catch
        {
            await composition.DisposeAsync();
            throw;
        }
    }

    private async Task StartHostsAsync(int replicas, string rabbitMq, CancellationToken ct)
    {
        var ports = Enumerable.Range(0, 3 + replicas).Select(_ => HostProcess.FreePort()).ToArray();
        var (gatewayPort, tokensPort, webhooksPort, pipelinesPorts) = (ports[0], ports[1], ports[2], ports[3..]);
        var encryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var common = new Dictionary<string, string>
        {
            ["RabbitMq__Host"] = rabbitMq,
            ["WVS_IDENTITY_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["WVS_EXTERNAL_URL"] = $"http://127.0.0.1:{gatewayPort}",
            // Warnings and errors only: the console of a host at hundreds of requests per second would be timed too.
            ["Logging__LogLevel__Default"] = "Warning",
        };
        var tokensDatabase = await _databases.CreateAsync("tokens", ct);
        var pipelinesDatabase = await _databases.CreateAsync("pipelines", ct);
        var webhooksDatabase = await _databases.CreateAsync("webhooks", ct);
        Start("tokens", "Tokens", tokensPort, common, new()
        {
            ["ConnectionStrings__tokens"] = tokensDatabase,
            ["WVS_ROOT_TOKEN"] = RootToken,
            ["WVS_ENCRYPTION_KEY"] = encryptionKey,
        });
        var first = Start("pipelines-1", "Pipelines", pipelinesPorts[0], common, new() { ["ConnectionStrings__pipelines"] = pipelinesDatabase });
        Start("webhooks", "Webhooks", webhooksPort, common, new()
        {
            ["ConnectionStrings__webhooks"] = webhooksDatabase,
            ["WVS_ENCRYPTION_KEY"] = encryptionKey,
        });
        const string Cluster = "ReverseProxy__Clusters";
        var proxy = new Dictionary<string, string>
        {
            [$"{Cluster}__tokens__Destinations__primary__Address"] = $"http://127.0.0.1:{tokensPort}/",
            [$"{Cluster}__webhooks__Destinations__primary__Address"] = $"http://127.0.0.1:{webhooksPort}/",
            [$"{Cluster}__pipelines__LoadBalancingPolicy"] = "RoundRobin",
            [$"{Cluster}__pipelines__HealthCheck__Active__Enabled"] = "true",
            [$"{Cluster}__pipelines__HealthCheck__Active__Interval"] = "00:00:02",
            [$"{Cluster}__pipelines__HealthCheck__Active__Timeout"] = "00:00:02",
            [$"{Cluster}__pipelines__HealthCheck__Active__Policy"] = "ConsecutiveFailures",
            [$"{Cluster}__pipelines__HealthCheck__Active__Path"] = "/readyz",
        };
        for (var replica = 0; replica < replicas; replica++)
        {
            proxy[$"{Cluster}__pipelines__Destinations__{DestinationNames[replica]}__Address"] = $"http://127.0.0.1:{pipelinesPorts[replica]}/";
        }
        Start("gateway", "Gateway", gatewayPort, common, proxy);
        // Further replicas once the first has migrated the shared database, as run-distributed.sh starts them.
        await WaitUntilReadyAsync(first, ct);
        for (var replica = 1; replica < replicas; replica++)
        {
            Start($"pipelines-{replica + 1}", "Pipelines", pipelinesPorts[replica], common,
                new() { ["ConnectionStrings__pipelines"] = pipelinesDatabase });
        }
        await Task.WhenAll(_hosts.Select(host => WaitUntilReadyAsync(host, ct)));
    }

    private async Task WaitUntilReadyAsync(HostProcess host, CancellationToken ct)
    {
        await host.WaitUntilReadyAsync(ReadyTimeout, ct);
        lock (_readyAfter)
        {
            _readyAfter.TryAdd(host.Name, _sinceStart.Elapsed);
        }
    }

    /// <summary>Starts a host with the shared settings, its own settings and its own data folder.</summary>
    private HostProcess Start(string name, string service, int port, Dictionary<string, string> common, Dictionary<string, string> own)
    {
        var environment = common.Concat(own).ToDictionary();
        environment["WVS_DATA_DIR"] = Path.Combine(_dataDirectory, name);
        var host = HostProcess.Start(name, port, environment, service);
        _hosts.Add(host);
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        // Every host of a configuration stops before the next one starts: the queues are durable and shared by name.
        await Task.WhenAll(_hosts.Select(host => host.DisposeAsync().AsTask()));
        _hosts.Clear();
        await _databases.DisposeAsync();
        try
        {
            if (Directory.Exists(_dataDirectory))
            {
                Directory.Delete(_dataDirectory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A leftover temp folder (a mirror git still held) is harmless.
        }
    }
}
