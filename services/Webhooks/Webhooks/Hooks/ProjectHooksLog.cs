using Microsoft.Extensions.Logging;

namespace WvsMesh.Webhooks.Hooks;

/// <summary>
/// Log messages of outbound project hooks. Tokens, signatures, payloads and hook URLs (which may carry credentials or
/// a token in the query) are never parameters; a hook is named by its id and the host it calls.
/// </summary>
internal static partial class ProjectHooksLog
{
    [LoggerMessage(EventId = 4501, Level = LogLevel.Information, Message = "Queued {Count} hook event(s) for pipeline {PipelineId} ({Status}) of project {ProjectId}")]
    public static partial void Queued(ILogger logger, int count, long pipelineId, string status, long projectId);

    [LoggerMessage(EventId = 4502, Level = LogLevel.Information, Message = "Hook {HookId} event {EventUuid} attempt {Attempt} to {Host}: {Outcome} in {ElapsedMs} ms")]
    public static partial void Attempted(ILogger logger, long hookId, string eventUuid, int attempt, string host, string outcome, long elapsedMs);

    [LoggerMessage(EventId = 4503, Level = LogLevel.Warning, Message = "Hook {HookId} event {EventUuid} given up after {Attempts} attempt(s)")]
    public static partial void GivenUp(ILogger logger, long hookId, string eventUuid, int attempts);

    [LoggerMessage(EventId = 4504, Level = LogLevel.Warning, Message = "Could not dispatch due hook events; trying again in {Interval}")]
    public static partial void DispatchFailed(ILogger logger, TimeSpan interval, Exception exception);

    [LoggerMessage(EventId = 4506, Level = LogLevel.Error, Message = "Could not attempt hook event {EventId}; it is tried again when its claim lapses")]
    public static partial void AttemptFailed(ILogger logger, long eventId, Exception exception);

    [LoggerMessage(EventId = 4505, Level = LogLevel.Information, Message = "Refused hook URL on {Host} for project {ProjectId}: {Reason}")]
    public static partial void UrlRefused(ILogger logger, string host, long projectId, string reason);
}
