namespace WvsMesh.Pipelines.Data;

/// <summary>
/// A stored job. <see cref="Script"/>, <see cref="AfterScript"/> and <see cref="YamlVariables"/> are JSON arrays
/// (commands; <c>{"key":…,"value":…}</c> objects of the job's YAML variables after rules, in precedence order).
/// </summary>
internal sealed record JobRecord
{
    public required long Id { get; init; }
    public required long PipelineId { get; init; }
    public required long ProjectId { get; init; }
    public required string Name { get; init; }
    public required string Stage { get; init; }
    public required int StageIdx { get; init; }
    public required string Status { get; init; }
    public required string RunWhen { get; init; }
    public bool AllowFailure { get; init; }
    public string? StartIn { get; init; }
    public required string Script { get; init; }
    public required string AfterScript { get; init; }
    public required string YamlVariables { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public long? RunnerId { get; init; }
    public string? FailureReason { get; init; }
}

/// <summary>How a stored job appears in pipeline events.</summary>
internal static class JobSnapshots
{
    public static Contracts.Pipelines.JobSnapshot ToSnapshot(JobRecord job) => new()
    {
        Id = job.Id,
        Name = job.Name,
        Stage = job.Stage,
        Status = job.Status,
        When = job.RunWhen,
        AllowFailure = job.AllowFailure,
        CreatedAt = job.CreatedAt,
        StartedAt = job.StartedAt,
        FinishedAt = job.FinishedAt,
    };
}
