namespace WvsMesh.Contracts.Pipelines;

/// <summary>A job stopped running (success, failed or canceled); its <c>CI_JOB_TOKEN</c> stops working from now on.</summary>
public sealed record JobFinished(long JobId, long PipelineId, long ProjectId, string Status);
