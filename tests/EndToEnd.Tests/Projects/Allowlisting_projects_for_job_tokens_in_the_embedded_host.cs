using WvsMesh.EndToEnd.Tests.AllInOne;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Projects;

/// <summary>The job-token allowlist on the all-in-one host (SQLite).</summary>
public sealed class Allowlisting_projects_for_job_tokens_in_the_embedded_host(AllInOneApp app) : AllowlistScenarios, IClassFixture<AllInOneApp>
{
    protected override GitLabApiClient Root() => app.Api();
}
