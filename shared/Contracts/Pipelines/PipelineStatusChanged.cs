namespace WvsMesh.Contracts.Pipelines;

/// <summary>A pipeline's status changed as its jobs ran (<c>pending</c> → <c>running</c> → <c>success</c>/<c>failed</c>…).</summary>
public sealed record PipelineStatusChanged(PipelineSnapshot Pipeline)
{
    /// <summary>The project's full path, <c>namespace/path</c>.</summary>
    public string? ProjectPath { get; init; }

    /// <summary>The project's name.</summary>
    public string? ProjectName { get; init; }

    /// <summary>The project's default branch.</summary>
    public string? DefaultBranch { get; init; }

    /// <summary>The pipeline's jobs in id order, as they are now.</summary>
    public IReadOnlyList<JobSnapshot> Jobs { get; init; } = [];
}
