using WvsMesh.EndToEnd.Tests.Distributed;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Projects;

/// <summary>The same projects through the gateway, shown by a separate Tokens host on PostgreSQL.</summary>
[Collection(DistributedComposition.Name)]
public sealed class Showing_a_projects_import_url_across_separate_hosts(DistributedHosts hosts) : ImportUrlScenarios
{
    protected override GitLabApiClient Root() => hosts.Api();

    protected override void Require() => hosts.Require();
}
