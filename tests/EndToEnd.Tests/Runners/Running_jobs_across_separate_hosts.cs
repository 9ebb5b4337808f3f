using WvsMesh.EndToEnd.Tests.Distributed;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Runners;

/// <summary>Issue #6 in the distributed composition: the runner talks to the gateway; jobs run on the separate hosts.</summary>
[Collection(DistributedComposition.Name)]
public sealed class Running_jobs_across_separate_hosts(DistributedHosts hosts) : RunningJobsScenarios
{
    protected override GitLabApiClient Root() => hosts.Api();

    protected override void Require() => hosts.Require();

    protected override IReadOnlyList<string> Secrets() => hosts.Secrets();
}
