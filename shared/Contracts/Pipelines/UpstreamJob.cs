namespace WvsMesh.Contracts.Pipelines;

/// <summary>The job whose <c>CI_JOB_TOKEN</c> triggered a multi-project (downstream) pipeline.</summary>
public sealed record UpstreamJob(long ProjectId, long PipelineId, long JobId);
