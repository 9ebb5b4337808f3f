using MassTransit;
using WvsMesh.Contracts.Pipelines;

namespace WvsMesh.Webhooks.Hooks;

/// <summary>A pipeline that moved on (running, succeeded, failed) is news for the project's hooks that want pipeline events.</summary>
internal sealed class PipelineStatusChangedConsumer(HookEventQueue queue) : IConsumer<PipelineStatusChanged>
{
    public Task Consume(ConsumeContext<PipelineStatusChanged> context) =>
        queue.QueuePipelineEventAsync(PipelineHookSource.From(context.Message), context.CancellationToken);
}

/// <summary>Queuing is a few inserts; the sending happens later in <see cref="HookDispatcher"/>.</summary>
internal sealed class PipelineStatusChangedConsumerDefinition : ConsumerDefinition<PipelineStatusChangedConsumer>
{
    public PipelineStatusChangedConsumerDefinition() => ConcurrentMessageLimit = 8;
}
