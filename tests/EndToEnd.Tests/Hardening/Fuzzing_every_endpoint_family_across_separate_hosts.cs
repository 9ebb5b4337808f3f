using WvsMesh.EndToEnd.Tests.Distributed;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Hardening;

/// <summary>
/// The fuzz test through the YARP gateway, on PostgreSQL and RabbitMQ: fewer requests (every one crosses a proxy hop and
/// often the bus), and each host process's resident memory stays within its bound.
/// </summary>
[Collection(DistributedComposition.Name)]
public sealed class Fuzzing_every_endpoint_family_across_separate_hosts(DistributedHosts hosts) : FuzzingScenarios
{
    private const long ResidentMemoryLimit = 512L * 1024 * 1024;

    protected override GitLabApiClient Root() => hosts.Api();

    protected override Uri Address() => hosts.Gateway.Address;

    protected override string RootToken => DistributedHosts.RootToken;

    protected override (int Requests, TimeSpan Budget) Bounds => (1500, TimeSpan.FromSeconds(55));

    protected override void Require() => hosts.Require();

    protected override string? MemoryBeyondBound()
    {
        var beyond = new[] { hosts.Gateway, hosts.Tokens, hosts.Pipelines, hosts.Webhooks }
            .Select(host => (host.Name, Bytes: host.ResidentMemory()))
            .Where(host => host.Bytes is 0 or > ResidentMemoryLimit)
            .Select(host => host.Bytes == 0 ? $"{host.Name} is no longer running" : $"{host.Name} holds {host.Bytes / (1024 * 1024)} MiB resident")
            .ToList();
        return beyond.Count == 0 ? null : string.Join("; ", beyond) + $" (at most {ResidentMemoryLimit / (1024 * 1024)} MiB each)";
    }
}
