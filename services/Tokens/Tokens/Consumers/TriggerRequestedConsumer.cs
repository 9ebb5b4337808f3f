using MassTransit;
using WvsMesh.Contracts.Tokens;
using WvsMesh.Tokens.Triggering;

namespace WvsMesh.Tokens.Consumers;

/// <summary>Handles a webhook delivery relayed by Webhooks exactly as the API form, and answers with the HTTP answer it would give.</summary>
internal sealed class TriggerRequestedConsumer(TriggerRequestHandler handler) : IConsumer<TriggerRequested>
{
    public async Task Consume(ConsumeContext<TriggerRequested> context)
    {
        var delivery = context.Message;
        var answer = await handler.HandleAsync(new TriggerCall
        {
            ProjectId = delivery.ProjectId,
            RouteRef = delivery.Ref,
            Query = delivery.Query,
            Body = delivery.Body,
            ContentType = delivery.ContentType,
            PresentedTokenDigest = delivery.TokenDigest,
            IdempotencyKey = delivery.DeliveryKey,
            SignatureHeaders = delivery.SignatureHeaders,
            ClientAddress = delivery.ClientAddress,
            IsWebhook = true,
        }, context.CancellationToken);
        await context.RespondAsync(new TriggerAnswered
        {
            DeliveryId = delivery.DeliveryId,
            StatusCode = answer.StatusCode,
            Body = answer.Body,
            ProjectId = answer.ProjectId,
            PipelineId = answer.PipelineId,
            Location = answer.Location,
            RetryAfterSeconds = answer.RetryAfterSeconds,
        });
    }
}
