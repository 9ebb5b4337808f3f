using MassTransit;
using Microsoft.Extensions.Logging;
using WvsMesh.Contracts.Tokens;

namespace WvsMesh.Webhooks.Deliveries;

/// <summary>
/// Writes a delivery Tokens answered into the delivery log, once per <see cref="TriggerDeliveryHandled.DeliveryId"/>: a
/// redelivered event finds its row and writes nothing more.
/// </summary>
internal sealed class TriggerDeliveryHandledConsumer(TriggerDeliveryStore deliveries, ILogger<TriggerDeliveryHandledConsumer> logger)
    : IConsumer<TriggerDeliveryHandled>
{
    public async Task Consume(ConsumeContext<TriggerDeliveryHandled> context)
    {
        var handled = context.Message;
        var (written, outcome) = await deliveries.RecordAsync(new TriggerDelivery
        {
            Uuid = handled.DeliveryId,
            ProjectId = handled.ProjectId,
            ProjectRef = handled.ProjectRef,
            Ref = handled.Ref,
            DeliveryKey = handled.DeliveryKey,
            Event = handled.Event,
            ContentType = handled.ContentType,
            Size = handled.Size,
            Body = handled.Body,
            StatusCode = handled.StatusCode,
            Outcome = handled.Outcome,
            Message = handled.Message,
            PipelineId = handled.PipelineId,
            ReceivedAt = handled.ReceivedAt,
            CompletedAt = handled.CompletedAt,
        }, context.CancellationToken);
        if (written)
        {
            WebhooksLog.DeliveryLogged(logger, handled.DeliveryId, handled.ProjectRef, handled.Size, handled.StatusCode, outcome, handled.PipelineId);
            WebhooksTelemetry.Deliveries.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        }
    }
}

/// <summary>One insert (and a repeat check) per delivery; a few at a time keep a burst of deliveries moving.</summary>
internal sealed class TriggerDeliveryHandledConsumerDefinition : ConsumerDefinition<TriggerDeliveryHandledConsumer>
{
    public TriggerDeliveryHandledConsumerDefinition() => ConcurrentMessageLimit = 8;
}
