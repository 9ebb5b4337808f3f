namespace WvsMesh.Contracts.Pipelines;

/// <summary>
/// Pipelines refused a requested pipeline; <see cref="Message"/> is GitLab's error text (e.g. <c>Reference not found</c>).
/// <see cref="FailedPipelineId"/> is set when a failed pipeline was recorded (GitLab answers 422), null when nothing was (400).
/// <see cref="RetryAfterSeconds"/> is set when the creation limit was hit (429 with <c>Retry-After</c>).
/// </summary>
public sealed record PipelineRejected(Guid RequestId, long ProjectId, string Message, long? FailedPipelineId)
{
    /// <summary>Seconds until the per-commit creation limit admits another pipeline; null unless throttled.</summary>
    public int? RetryAfterSeconds { get; init; }
}
