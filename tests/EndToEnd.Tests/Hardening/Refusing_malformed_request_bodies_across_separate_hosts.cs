using WvsMesh.EndToEnd.Tests.Distributed;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Hardening;

/// <summary>The same bodies through the YARP gateway to each service's own host, on PostgreSQL.</summary>
[Collection(DistributedComposition.Name)]
public sealed class Refusing_malformed_request_bodies_across_separate_hosts(DistributedHosts hosts) : MalformedBodyScenarios
{
    protected override GitLabApiClient Root() => hosts.Api();

    protected override void Require() => hosts.Require();
}
