using Microsoft.Extensions.Logging;

namespace WvsMesh.Pipelines;

/// <summary>The Pipelines service's log messages; variables and payloads are never parameters.</summary>
internal static partial class PipelinesLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Created pipeline {PipelineId} ({Source}) of project {ProjectId} on {Ref} at {Sha}")]
    public static partial void Created(ILogger logger, long pipelineId, string source, long projectId, string @ref, string sha);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Refused pipeline request {RequestId} of project {ProjectId}: {Reason}")]
    public static partial void Refused(ILogger logger, Guid requestId, long projectId, string reason);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Could not refresh the mirror of project {ProjectId} (git exit code {ExitCode}); using the refs mirrored before")]
    public static partial void MirrorRefreshFailed(ILogger logger, long projectId, int exitCode);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Runner {RunnerId} took job {JobId} of pipeline {PipelineId}")]
    public static partial void JobTaken(ILogger logger, long runnerId, long jobId, long pipelineId);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Job {JobId} of pipeline {PipelineId} finished: {Status}; pipeline {PipelineStatus}")]
    public static partial void JobFinished(ILogger logger, long jobId, long pipelineId, string status, string pipelineStatus);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "Job {JobId} went back to the queue: its job token could not be registered")]
    public static partial void JobRequeued(ILogger logger, long jobId, Exception exception);
}
