using WvsMesh.EndToEnd.Tests.Distributed;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Hardening;

/// <summary>The same pages through the gateway on PostgreSQL, where a wrapped negative OFFSET is an error.</summary>
[Collection(DistributedComposition.Name)]
public sealed class Paging_past_the_end_across_separate_hosts(DistributedHosts hosts) : PagingScenarios
{
    protected override GitLabApiClient Root() => hosts.Api();

    protected override void Require() => hosts.Require();
}
