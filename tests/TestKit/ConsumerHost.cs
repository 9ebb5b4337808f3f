using System.Reflection;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using WvsMesh.ServiceDefaults.Data;

namespace WvsMesh.TestKit;

/// <summary>
/// A module's consumers under MassTransit's test harness, over one module database of either dialect: SQLite under a
/// fresh data directory (the all-in-one host's storage) or a fresh PostgreSQL database (the distributed one's). A test
/// class owns one and disposes it.
/// </summary>
public sealed class ConsumerHost : IAsyncDisposable
{
    private readonly bool _postgres;
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "wvs-consumers-" + Guid.NewGuid().ToString("N"));
    private readonly TestServers _servers = new();
    private IHost? _host;

    private ConsumerHost(bool postgres) => _postgres = postgres;

    /// <summary>SQLite under a fresh data directory.</summary>
    public static ConsumerHost OnSqlite() => new(postgres: false);

    /// <summary>A fresh PostgreSQL database (skips, or under test.sh fails, without the test servers).</summary>
    public static ConsumerHost OnPostgres() => new(postgres: true);

    /// <summary>The started host's services.</summary>
    public IServiceProvider Services => _host?.Services ?? throw new InvalidOperationException("The host has not started.");

    /// <summary>The bus test harness.</summary>
    public ITestHarness Harness => Services.GetRequiredService<ITestHarness>();

    /// <summary>
    /// Starts a host with the module database <paramref name="database"/> (migrated from <paramref name="migrations"/>),
    /// the services <paramref name="services"/> adds, and the consumers <paramref name="consumers"/> adds to the harness.
    /// </summary>
    public async Task StartAsync(
        string database, Assembly migrations, Action<IServiceCollection> services, Action<IBusRegistrationConfigurator> consumers, CancellationToken ct)
    {
        Environment.SetEnvironmentVariable("MASSTRANSIT_USAGE_TELEMETRY", "false");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        if (_postgres)
        {
            await _servers.InitializeAsync();
            _servers.Require();
            builder.Configuration[$"ConnectionStrings:{database}"] = await _servers.NewDatabaseAsync($"wvs_{database}_consumers", ct);
            builder.AddPostgres(database);
        }
        else
        {
            builder.Configuration["WVS_DATA_DIR"] = _dataDirectory;
            builder.AddEmbeddedStorage();
        }
        builder.AddDatabase(database, migrations);
        builder.Services.AddSingleton(TimeProvider.System);
        services(builder.Services);
        builder.Services.AddMassTransitTestHarness(bus =>
        {
            // A first statement on a fresh database can take longer than the harness's default second of quiet, after
            // which it would stop waiting for a message that is still being consumed.
            bus.SetTestTimeouts(testInactivityTimeout: TimeSpan.FromSeconds(10));
            consumers(bus);
        });
        _host = builder.Build();
        await _host.StartAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync(CancellationToken.None);
            _host.Dispose();
        }
        await _servers.DisposeAsync();
        if (!_postgres && Directory.Exists(_dataDirectory))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }
}
