using WvsMesh.EndToEnd.Tests.AllInOne;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Projects;

/// <summary>Imports on the all-in-one host, whose modules share one data directory.</summary>
public sealed class Importing_a_repository_in_the_embedded_host(AllInOneApp app) : ImportingScenarios, IClassFixture<AllInOneApp>
{
    protected override GitLabApiClient Root() => app.Api();

    protected override string DataDirectory(string service) => app.DataDirectory;
}
