using System.Data.Common;
using System.Security.Cryptography;
using WvsMesh.ServiceDefaults;
using WvsMesh.ServiceDefaults.Bus;
using WvsMesh.Tokens;

namespace WvsMesh.TriggerLookup;

/// <summary>
/// The Tokens module as its own host composes it (services/Tokens/Tokens.Host/Program.cs), on the storage of the run,
/// the in-memory bus and a free port of 127.0.0.1. Starting it runs the real migrations.
/// </summary>
internal sealed class BenchHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BenchHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        Database = app.Services.GetRequiredKeyedService<DbDataSource>(TokensModule.Database);
    }

    /// <summary>Where the host listens.</summary>
    public Uri Address { get; }

    /// <summary>The Tokens database, the very data source the module's stores use.</summary>
    public DbDataSource Database { get; }

    public static async Task<BenchHost> StartAsync(BenchStorage storage, CancellationToken ct)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(storage.Settings)
        {
            ["urls"] = "http://127.0.0.1:0",
            ["RabbitMq:Host"] = "",
            ["WVS_ENCRYPTION_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        });
        // The console would otherwise time itself: one line per refused trigger.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddServiceDefaults();
        storage.Place(builder);
        builder.AddBus(bus => bus.AddTokensConsumers());
        builder.AddTokens();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapTokens();
        await app.StartAsync(ct);
        var address = app.Urls.FirstOrDefault() ?? throw new InvalidOperationException("The host listens nowhere.");
        return new BenchHost(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
