using WvsMesh.EndToEnd.Tests.Distributed;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Hardening;

/// <summary>The same targets and bodies sent to the YARP gateway, which proxies to each service's own host.</summary>
[Collection(DistributedComposition.Name)]
public sealed class Refusing_dot_segments_and_oversized_bodies_across_separate_hosts(DistributedHosts hosts) : DotSegmentAndBodyLimitScenarios
{
    protected override GitLabApiClient Root() => hosts.Api();

    protected override Uri Address() => hosts.Gateway.Address;

    protected override string RootToken => DistributedHosts.RootToken;

    protected override void Require() => hosts.Require();
}
