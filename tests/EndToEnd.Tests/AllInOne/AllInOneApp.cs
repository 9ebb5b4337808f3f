using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using WvsMesh.TestKit;

namespace WvsMesh.EndToEnd.Tests.AllInOne;

/// <summary>The all-in-one host in process: in-memory bus, SQLite under its own data directory, root bootstrapped.</summary>
public sealed class AllInOneApp : WebApplicationFactory<Program>
{
    public const string RootToken = "root-token-for-tests";

    /// <summary>Its own temporary folder unless a test sets one (to restart on the same data).</summary>
    public string DataDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "wvs-allinone-" + Guid.NewGuid().ToString("N"));

    /// <summary>Extra configuration (e.g. <c>Tokens:MaxTriggersPerProject</c>), set before the host starts.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    public GitLabApiClient Api() => new(CreateClient(), RootToken);

    /// <summary>
    /// The host on a real Kestrel listener (127.0.0.1, a free port) rather than the in-memory test server, for what only
    /// Kestrel does to a request: dot-segment removal, body size limits.
    /// </summary>
    public static AllInOneApp OnKestrel()
    {
        var app = new AllInOneApp();
        app.UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        return app;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("WVS_DATA_DIR", DataDirectory);
        builder.UseSetting("WVS_ROOT_TOKEN", RootToken);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
