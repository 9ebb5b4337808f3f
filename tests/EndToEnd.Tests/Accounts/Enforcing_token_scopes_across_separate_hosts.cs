using WvsMesh.EndToEnd.Tests.Distributed;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Accounts;

/// <summary>
/// The same cases through the YARP gateway with Tokens, Pipelines and Webhooks as separate processes: the scopes travel
/// from Tokens to the gateway over RabbitMQ and on to each service in the signed identity.
/// </summary>
[Collection(DistributedComposition.Name)]
public sealed class Enforcing_token_scopes_across_separate_hosts(DistributedHosts hosts) : TokenScopeScenarios
{
    protected override GitLabApiClient Root() => hosts.Api();

    protected override void Require() => hosts.Require();

    [Fact]
    public async Task Anonymous_post_whose_body_never_ends_is_401_at_once_through_the_gateway()
    {
        hosts.Require();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));

        // #13 (finding 6): Tokens behind the proxy answers before the body it would not read arrives.
        var (status, body) = await RawHttp.StalledPostAsync(hosts.Gateway.Address, "/api/v4/projects", timeout.Token);

        Assert.Equal((401, """{"message":"401 Unauthorized"}"""), (status, body));
    }
}
