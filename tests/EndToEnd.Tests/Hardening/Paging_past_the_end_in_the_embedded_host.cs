using WvsMesh.EndToEnd.Tests.AllInOne;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Hardening;

/// <summary>Pages past the end on the all-in-one host (SQLite).</summary>
public sealed class Paging_past_the_end_in_the_embedded_host(AllInOneApp app) : PagingScenarios, IClassFixture<AllInOneApp>
{
    protected override GitLabApiClient Root() => app.Api();
}
