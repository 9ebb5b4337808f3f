namespace WvsMesh.Contracts.Pipelines;

/// <summary>Pipelines created (or, on redelivery, had already created) the pipeline for <see cref="RequestId"/>.</summary>
public sealed record PipelineCreated(Guid RequestId, PipelineSnapshot Pipeline);
