namespace WvsMesh.Contracts.Pipelines;

/// <summary>
/// Pipelines refused a requested pipeline; <see cref="Message"/> is GitLab's error text (e.g. <c>Reference not found</c>).
/// <see cref="FailedPipelineId"/> is set when a failed pipeline was recorded (GitLab answers 422), null when nothing was (400).
/// </summary>
public sealed record PipelineRejected(Guid RequestId, long ProjectId, string Message, long? FailedPipelineId);
