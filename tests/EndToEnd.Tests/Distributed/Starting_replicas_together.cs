using System.Security.Cryptography;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Distributed;

/// <summary>
/// A Kubernetes Deployment starts its replicas at once, on a database nobody has created: each service's replicas
/// take turns migrating it (a PostgreSQL advisory lock), and all of them come up ready.
/// </summary>
public sealed class Starting_replicas_together : IAsyncLifetime
{
    private readonly TestServers _servers = new();
    private readonly List<HostProcess> _hosts = [];
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "wvs-replicas-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Two_replicas_of_each_service_migrate_one_new_database_and_all_become_ready()
    {
        _servers.Require();
        var ct = TestContext.Current.CancellationToken;
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var settings = new Dictionary<string, Dictionary<string, string>>();
        foreach (var service in new[] { "Tokens", "Pipelines", "Webhooks" })
        {
            var module = service.ToLowerInvariant();
            // A name only: the first replica to get there creates the database.
            var database = new Npgsql.NpgsqlConnectionStringBuilder(_servers.Postgres)
            {
                Database = $"wvs_{module}_{Guid.NewGuid():N}",
            }.ConnectionString;
            settings[service] = new()
            {
                [$"ConnectionStrings__{module}"] = database,
                ["WVS_ENCRYPTION_KEY"] = key,
                ["WVS_IDENTITY_KEY"] = key,
            };
        }

        foreach (var replica in new[] { 1, 2 })
        {
            foreach (var (service, environment) in settings)
            {
                var own = new Dictionary<string, string>(environment) { ["WVS_DATA_DIR"] = Path.Combine(_dataDirectory, $"{service}-{replica}") };
                _hosts.Add(HostProcess.Start(service, HostProcess.FreePort(), own));
            }
        }
        await Task.WhenAll(_hosts.Select(host => host.WaitUntilReadyAsync(TimeSpan.FromSeconds(120), ct)));

        foreach (var host in _hosts)
        {
            Assert.Contains("is current;", host.Output, StringComparison.Ordinal);
        }
    }

    public ValueTask InitializeAsync() => _servers.InitializeAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }
        await _servers.DisposeAsync();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }
}
