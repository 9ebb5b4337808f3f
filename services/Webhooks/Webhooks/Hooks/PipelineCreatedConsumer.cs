using MassTransit;
using WvsMesh.Contracts.Pipelines;

namespace WvsMesh.Webhooks.Hooks;

/// <summary>A new pipeline is news for the project's hooks that want pipeline events (queued once, however often redelivered).</summary>
internal sealed class PipelineCreatedConsumer(HookEventQueue queue) : IConsumer<PipelineCreated>
{
    public Task Consume(ConsumeContext<PipelineCreated> context) =>
        queue.QueuePipelineEventAsync(PipelineHookSource.From(context.Message), context.CancellationToken);
}

/// <summary>Queuing is a few inserts; the sending happens later in <see cref="HookDispatcher"/>.</summary>
internal sealed class PipelineCreatedConsumerDefinition : ConsumerDefinition<PipelineCreatedConsumer>
{
    public PipelineCreatedConsumerDefinition() => ConcurrentMessageLimit = 8;
}
