namespace WvsMesh.Contracts.Pipelines;

/// <summary>Pipelines created (or, on redelivery, had already created) the pipeline for <see cref="RequestId"/>.</summary>
public sealed record PipelineCreated(Guid RequestId, PipelineSnapshot Pipeline)
{
    /// <summary>The project's full path, <c>namespace/path</c>.</summary>
    public string? ProjectPath { get; init; }

    /// <summary>The project's name.</summary>
    public string? ProjectName { get; init; }

    /// <summary>The project's default branch.</summary>
    public string? DefaultBranch { get; init; }

    /// <summary>The pipeline's jobs in id order (GitLab's pipeline event lists them as <c>builds</c>).</summary>
    public IReadOnlyList<JobSnapshot> Jobs { get; init; } = [];
}
