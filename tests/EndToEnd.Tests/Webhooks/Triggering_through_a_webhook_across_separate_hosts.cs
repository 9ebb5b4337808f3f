using WvsMesh.EndToEnd.Tests.Distributed;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Webhooks;

/// <summary>
/// Issue #5, acceptance 5: the same cases through the YARP gateway with Webhooks, Tokens and Pipelines as separate
/// processes over RabbitMQ and PostgreSQL.
/// </summary>
[Collection(DistributedComposition.Name)]
public sealed class Triggering_through_a_webhook_across_separate_hosts(DistributedHosts hosts) : WebhookTriggerScenarios
{
    protected override GitLabApiClient Root() => hosts.Api();

    protected override void Require() => hosts.Require();
}
