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
}
