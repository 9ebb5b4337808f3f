using Microsoft.Extensions.Logging;

namespace WvsMesh.Webhooks;

/// <summary>The Webhooks service's log messages; tokens, secrets and payloads are never parameters.</summary>
internal static partial class WebhooksLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Received trigger delivery {DeliveryId} for project {ProjectRef} ({Size} bytes)")]
    public static partial void DeliveryReceived(ILogger logger, long deliveryId, string projectRef, long size);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Trigger delivery {DeliveryId} answered {StatusCode} ({Outcome}), pipeline {PipelineId}")]
    public static partial void DeliveryCompleted(ILogger logger, long deliveryId, int statusCode, string outcome, long? pipelineId);
}
