namespace WvsMesh.Contracts.Pipelines;

/// <summary>A pipeline as GitLab's <c>Entities::Ci::Pipeline</c> shows it (property names map to its snake_case fields).</summary>
public sealed record PipelineSnapshot
{
    /// <summary>Instance-wide pipeline id.</summary>
    public required long Id { get; init; }

    /// <summary>Project-scoped pipeline number.</summary>
    public required long Iid { get; init; }

    /// <summary>The project's id.</summary>
    public required long ProjectId { get; init; }

    /// <summary>The commit the pipeline builds.</summary>
    public required string Sha { get; init; }

    /// <summary>The branch or tag name.</summary>
    public required string Ref { get; init; }

    /// <summary><c>created</c>, <c>pending</c>, <c>running</c>, <c>success</c>, <c>failed</c>, <c>canceled</c>, <c>skipped</c>, <c>manual</c>.</summary>
    public required string Status { get; init; }

    /// <summary><c>trigger</c> or <c>pipeline</c> (and GitLab's other sources).</summary>
    public required string Source { get; init; }

    /// <summary>When the pipeline was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the pipeline last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The pipeline's page.</summary>
    public required string WebUrl { get; init; }

    /// <summary>GitLab sends forty zeros for triggered pipelines.</summary>
    public string BeforeSha { get; init; } = new('0', 40);

    /// <summary>True when <see cref="Ref"/> is a tag.</summary>
    public bool Tag { get; init; }

    /// <summary>Configuration errors of a failed pipeline.</summary>
    public string? YamlErrors { get; init; }

    /// <summary>The user the pipeline runs as.</summary>
    public PipelineUser? User { get; init; }

    /// <summary>When the first job started.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the last job finished.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>The commit's timestamp.</summary>
    public DateTimeOffset? CommittedAt { get; init; }

    /// <summary>Seconds the pipeline ran.</summary>
    public long? Duration { get; init; }

    /// <summary>Seconds the pipeline waited for a runner.</summary>
    public long? QueuedDuration { get; init; }

    /// <summary>Test coverage, when reported.</summary>
    public string? Coverage { get; init; }

    /// <summary>Beyond GitLab's entity: the trigger token that started the pipeline (never the full token).</summary>
    public TriggerReference? Trigger { get; init; }
}
