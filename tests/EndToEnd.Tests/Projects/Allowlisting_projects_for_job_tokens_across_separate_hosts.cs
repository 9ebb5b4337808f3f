using WvsMesh.EndToEnd.Tests.Distributed;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Projects;

/// <summary>The same allowlist through the gateway, kept by a separate Tokens host on PostgreSQL.</summary>
[Collection(DistributedComposition.Name)]
public sealed class Allowlisting_projects_for_job_tokens_across_separate_hosts(DistributedHosts hosts) : AllowlistScenarios
{
    protected override GitLabApiClient Root() => hosts.Api();

    protected override void Require() => hosts.Require();
}
