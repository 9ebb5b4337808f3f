using System.Text.Json.Nodes;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Hosts;

/// <summary>The runtime settings every host is built with (Directory.Build.props), read from what the build wrote beside it.</summary>
public sealed class The_hosts_runtime_settings
{
    public static TheoryData<string, string> Hosts { get; } = new()
    {
        { "services/AllInOne", "WvsMesh.AllInOne" },
        { "services/Gateway/Gateway.Host", "WvsMesh.Gateway.Host" },
        { "services/Tokens/Tokens.Host", "WvsMesh.Tokens.Host" },
        { "services/Pipelines/Pipelines.Host", "WvsMesh.Pipelines.Host" },
        { "services/Webhooks/Webhooks.Host", "WvsMesh.Webhooks.Host" },
    };

    /// <summary>
    /// Idle thread-pool workers sleep instead of spinning: several hosts share a few cores, and the spinning of each
    /// took CPU the others were waiting for (a quarter of the hosts' CPU at half load in #14's benchmark).
    /// </summary>
    [Theory]
    [MemberData(nameof(Hosts))]
    public void Idle_thread_pool_workers_do_not_spin(string project, string assembly)
    {
        var runtimeConfig = Path.ChangeExtension(RepositoryRoot.Binary(project, assembly), ".runtimeconfig.json");
        var properties = JsonNode.Parse(File.ReadAllText(runtimeConfig))?["runtimeOptions"]?["configProperties"];

        Assert.Equal(0, properties?["System.Threading.ThreadPool.UnfairSemaphoreSpinLimit"]?.GetValue<int>());
    }
}
