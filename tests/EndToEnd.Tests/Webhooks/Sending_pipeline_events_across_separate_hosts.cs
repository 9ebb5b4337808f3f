using WvsMesh.EndToEnd.Tests.Distributed;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Webhooks;

/// <summary>
/// The outbound-hook acceptance through the YARP gateway, with Pipelines publishing <c>PipelineCreated</c> over RabbitMQ
/// to a separate Webhooks host on its own PostgreSQL database (local receivers allowed, quick retries).
/// </summary>
[Collection(DistributedComposition.Name)]
public sealed class Sending_pipeline_events_across_separate_hosts(DistributedHosts hosts)
{
    [Fact]
    public async Task Signed_event_fails_twice_then_succeeds_and_the_log_shows_all_three_attempts()
    {
        hosts.Require();

        await HookScenarios.SignedEventSurvivesTwoFailuresAsync(hosts.Api(), TestContext.Current.CancellationToken);
    }
}
