using WvsMesh.EndToEnd.Tests.AllInOne;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Hardening;

/// <summary>Malformed bodies on the all-in-one host (SQLite).</summary>
public sealed class Refusing_malformed_request_bodies_in_the_embedded_host(AllInOneApp app) : MalformedBodyScenarios, IClassFixture<AllInOneApp>
{
    protected override GitLabApiClient Root() => app.Api();
}
