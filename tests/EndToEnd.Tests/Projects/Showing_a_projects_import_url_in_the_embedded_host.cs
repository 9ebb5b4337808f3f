using WvsMesh.EndToEnd.Tests.AllInOne;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Projects;

/// <summary>Projects' import URLs as the all-in-one host shows them (SQLite).</summary>
public sealed class Showing_a_projects_import_url_in_the_embedded_host(AllInOneApp app) : ImportUrlScenarios, IClassFixture<AllInOneApp>
{
    protected override GitLabApiClient Root() => app.Api();
}
