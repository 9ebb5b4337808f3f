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
}
