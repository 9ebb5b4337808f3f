using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Runners;

/// <summary>Issue #6 on the embedded default: the all-in-one host and a runner, each its own process.</summary>
public sealed class Running_jobs_in_the_embedded_host(EmbeddedSystem system) : RunningJobsScenarios, IClassFixture<EmbeddedSystem>
{
    protected override GitLabApiClient Root() => system.Api();

    protected override IReadOnlyList<string> Secrets() => system.Secrets();
}
