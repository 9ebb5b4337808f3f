namespace WvsMesh.Contracts.Pipelines;

/// <summary>A job as a pipeline event shows it.</summary>
public sealed record JobSnapshot
{
    /// <summary>Instance-wide job id.</summary>
    public required long Id { get; init; }

    /// <summary>The job's name.</summary>
    public required string Name { get; init; }

    /// <summary>The job's stage.</summary>
    public required string Stage { get; init; }

    /// <summary><c>created</c>, <c>manual</c>, <c>scheduled</c>, <c>pending</c>, <c>running</c>, <c>success</c>, <c>failed</c>, …</summary>
    public required string Status { get; init; }

    /// <summary><c>on_success</c>, <c>manual</c>, <c>delayed</c>, <c>always</c>, …</summary>
    public required string When { get; init; }

    /// <summary>Whether the job may fail without failing the pipeline.</summary>
    public bool AllowFailure { get; init; }

    /// <summary>When the job was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the job started.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the job finished.</summary>
    public DateTimeOffset? FinishedAt { get; init; }
}
