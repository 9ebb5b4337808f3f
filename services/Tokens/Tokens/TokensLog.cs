using Microsoft.Extensions.Logging;

namespace WvsMesh.Tokens;

/// <summary>The Tokens service's log messages; secrets are never parameters.</summary>
internal static partial class TokensLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Created root user {UserId} from WVS_ROOT_TOKEN")]
    public static partial void RootCreated(ILogger logger, long userId);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Trigger {TriggerId} ({ShortToken}…) started pipeline {PipelineId} of project {ProjectId}")]
    public static partial void Triggered(ILogger logger, long triggerId, string shortToken, long pipelineId, long projectId);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Trigger {TriggerId} on project {ProjectId} refused: {Reason}")]
    public static partial void TriggerRefused(ILogger logger, long triggerId, long projectId, string reason);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Pipelines did not answer request {RequestId} in time; it stays queued")]
    public static partial void PipelineRequestPending(ILogger logger, Guid requestId);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Could not record the last use of {Count} trigger token(s)")]
    public static partial void UsageNotRecorded(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "Could not announce webhook delivery {DeliveryId} to the delivery log")]
    public static partial void DeliveryNotAnnounced(ILogger logger, Guid deliveryId, Exception exception);
}
