using WvsMesh.EndToEnd.Tests.AllInOne;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Accounts;

/// <summary>Token scopes on the all-in-one host (in-memory bus, SQLite).</summary>
public sealed class Enforcing_token_scopes_in_the_embedded_host(AllInOneApp app) : TokenScopeScenarios, IClassFixture<AllInOneApp>
{
    protected override GitLabApiClient Root() => app.Api();
}
