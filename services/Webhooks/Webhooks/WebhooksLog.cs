using Microsoft.Extensions.Logging;

namespace WvsMesh.Webhooks;

/// <summary>The Webhooks service's log messages; tokens, secrets and payloads are never parameters.</summary>
internal static partial class WebhooksLog
{
    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Trigger delivery {DeliveryId} for project {ProjectRef} ({Size} bytes) answered {StatusCode} ({Outcome}), pipeline {PipelineId}")]
    public static partial void DeliveryLogged(ILogger logger, Guid deliveryId, string projectRef, long size, int statusCode, string outcome, long? pipelineId);
}
