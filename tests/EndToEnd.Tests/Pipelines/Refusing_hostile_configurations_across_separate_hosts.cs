using WvsMesh.EndToEnd.Tests.Distributed;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Pipelines;

/// <summary>The same configurations read by a separate Pipelines host, triggered through the gateway.</summary>
[Collection(DistributedComposition.Name)]
public sealed class Refusing_hostile_configurations_across_separate_hosts(DistributedHosts hosts) : HostileConfigurationScenarios
{
    protected override GitLabApiClient Root() => hosts.Api();

    protected override void Require() => hosts.Require();
}
