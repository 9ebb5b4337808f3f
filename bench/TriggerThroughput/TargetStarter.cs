using System.Globalization;
using WvsMesh.BenchKit;
using WvsMesh.TestKit;

namespace WvsMesh.TriggerThroughput;

/// <summary>
/// Starts each configuration as processes of its own on 127.0.0.1 and arranges what its load needs. Baselines are this
/// assembly in <c>serve</c> mode; the all-in-one host runs from its Release build with its own <c>WVS_DATA_DIR</c> and
/// root token; the distributed one is BenchKit's <see cref="Composition"/> with one Pipelines replica. A product gets a
/// project importing a one-job repository and a trigger token (<see cref="TriggerSlice"/>), arranged through its API.
/// </summary>
internal sealed class TargetStarter(string runFolder, BenchServers? servers)
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    /// <summary>The project id and token a baseline is sent: it checks only that they are there.</summary>
    private const string BaselineProject = "1";

    public async Task<BenchTarget> StartAsync(string name, CancellationToken ct) => name switch
    {
        Configurations.AllInOne => await StartAllInOneAsync(ct),
        Configurations.Distributed => await StartDistributedAsync(ct),
        _ => await StartBaselineAsync(name, ct),
    };

    private async Task<BenchTarget> StartBaselineAsync(string name, CancellationToken ct)
    {
        var port = HostProcess.FreePort();
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["WVS_DATA_DIR"] = Folder(name),
        };
        BenchDatabases? databases = null;
        if (name == Configurations.Postgres)
        {
            databases = new BenchDatabases(Servers.Postgres);
            environment["WVS_BASELINE_POSTGRES"] = await databases.CreateAsync("baseline", ct);
        }
        var host = HostProcess.StartDll(name, typeof(TargetStarter).Assembly.Location, ["serve", name], environment, port);
        async ValueTask Stop()
        {
            await host.DisposeAsync();
            if (databases is not null)
            {
                await databases.DisposeAsync();
            }
        }
        try
        {
            await host.WaitUntilReadyAsync(ReadyTimeout, ct);
        }
        catch
        {
            await Stop();
            throw;
        }
        return new BenchTarget(name, host.Address, BaselineProject, "baseline-token", [host],
            databases is null ? [] : ServerProcesses(postgres: true, rabbitMq: false), api: null, Stop);
    }

    private async Task<BenchTarget> StartAllInOneAsync(CancellationToken ct)
    {
        var port = HostProcess.FreePort();
        var host = HostProcess.Start(Configurations.AllInOne, port, new Dictionary<string, string>
        {
            ["WVS_DATA_DIR"] = Folder(Configurations.AllInOne),
            ["WVS_ROOT_TOKEN"] = Composition.RootToken,
            ["WVS_EXTERNAL_URL"] = $"http://127.0.0.1:{port}",
            // As the distributed hosts: the console of a host at hundreds of requests per second would be timed too.
            ["Logging__LogLevel__Default"] = "Warning",
        }, service: "AllInOne");
        try
        {
            await host.WaitUntilReadyAsync(ReadyTimeout, ct);
            return await ArrangeAsync(Configurations.AllInOne, host.Address, [host], [], host.DisposeAsync, ct);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    private async Task<BenchTarget> StartDistributedAsync(CancellationToken ct)
    {
        var composition = await Composition.StartAsync(1, Servers.Postgres, Servers.RabbitMq, ct);
        try
        {
            return await ArrangeAsync(Configurations.Distributed, composition.Gateway.Address, composition.Hosts,
                ServerProcesses(postgres: true, rabbitMq: true), composition.DisposeAsync, ct);
        }
        catch
        {
            await composition.DisposeAsync();
            throw;
        }
    }

    /// <summary>A project importing a one-job repository and its trigger token, through the product's API as root.</summary>
    private static async Task<BenchTarget> ArrangeAsync(string name, Uri address, IReadOnlyList<HostProcess> hosts, IReadOnlyList<int> servers,
        Func<ValueTask> stopHosts, CancellationToken ct)
    {
        var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        var api = new GitLabApiClient(http, Composition.RootToken);
        TriggerSlice slice;
        try
        {
            slice = await TriggerSlice.ArrangeAsync(api, ct);
        }
        catch
        {
            http.Dispose();
            throw;
        }
        async ValueTask Stop()
        {
            await stopHosts();
            slice.Dispose();
            http.Dispose();
        }
        return new BenchTarget(name, address, slice.ProjectId.ToString(CultureInfo.InvariantCulture), slice.Token, hosts, servers, api, Stop);
    }

    private BenchServers Servers => servers ?? throw new InvalidOperationException("this configuration needs PostgreSQL and RabbitMQ");

    private int[] ServerProcesses(bool postgres, bool rabbitMq) =>
        [.. new[] { postgres ? Servers.PostgresProcess : null, rabbitMq ? Servers.RabbitMqProcess : null }.OfType<int>()];

    private string Folder(string name) => Directory.CreateDirectory(Path.Combine(runFolder, name)).FullName;
}
