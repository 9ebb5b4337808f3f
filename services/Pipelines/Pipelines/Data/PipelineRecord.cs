namespace WvsMesh.Pipelines.Data;

/// <summary>A stored pipeline.</summary>
internal sealed record PipelineRecord
{
    public required long Id { get; init; }
    public required long Iid { get; init; }
    public required long ProjectId { get; init; }
    public required string ProjectPath { get; init; }
    public required Guid RequestId { get; init; }
    public string? TraceId { get; init; }
    public required string Sha { get; init; }
    public required string Ref { get; init; }
    public bool Tag { get; init; }
    public required string Status { get; init; }
    public required string Source { get; init; }
    public long? TriggerId { get; init; }
    public string? TriggerShortToken { get; init; }
    public required long UserId { get; init; }
    public required string UserUsername { get; init; }
    public required string UserName { get; init; }
    public DateTimeOffset? CommittedAt { get; init; }
    public string? YamlErrors { get; init; }
    public bool RefProtected { get; init; }
    public string? TriggerDescription { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public string? RepositoryUrl { get; init; }
    public string? ProjectName { get; init; }
    public string? DefaultBranch { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>For a pipeline triggered with a <c>CI_JOB_TOKEN</c>: the upstream job, its pipeline and project.</summary>
    public long? UpstreamProjectId { get; init; }
    public long? UpstreamPipelineId { get; init; }
    public long? UpstreamJobId { get; init; }

    /// <summary>The project's name, or the last segment of its path when the request carried none.</summary>
    public string ShortProjectName => ProjectName ?? ProjectPath[(ProjectPath.LastIndexOf('/') + 1)..];

    /// <summary>What the predefined <c>CI_*</c> pipeline variables are made of, for rules at creation and for jobs alike.</summary>
    public Domain.Variables.PipelineFacts Facts(string serverUrl) => new()
    {
        ProjectId = ProjectId,
        ProjectPath = ProjectPath,
        ProjectName = ShortProjectName,
        DefaultBranch = DefaultBranch ?? "main",
        ServerUrl = serverUrl,
        Source = Source,
        Ref = Ref,
        IsTag = Tag,
        Sha = Sha,
        RefProtected = RefProtected,
        Iid = Iid,
        CreatedAt = CreatedAt,
        TriggerShortToken = Source == "trigger" ? TriggerShortToken : null,
        UserId = UserId,
        UserLogin = UserUsername,
        UserName = UserName,
    };

    public Contracts.Pipelines.TriggerReference? TriggerReference() =>
        TriggerId is { } id && TriggerShortToken is { } shortToken ? new(id, TriggerDescription, shortToken) : null;
}

/// <summary>A pipeline variable (a trigger variable, or <c>TRIGGER_PAYLOAD</c>); <see cref="VariableType"/> is <c>env_var</c> or <c>file</c>.</summary>
internal sealed record PipelineVariable
{
    public required string Key { get; init; }
    public required string Value { get; init; }
    public string VariableType { get; init; } = "env_var";
}

/// <summary>How a stored pipeline appears on the wire and in the API.</summary>
internal static class PipelineSnapshots
{
    public static Contracts.Pipelines.PipelineSnapshot ToSnapshot(this PipelineRecord pipeline, string externalUrl) => new()
    {
        Id = pipeline.Id,
        Iid = pipeline.Iid,
        ProjectId = pipeline.ProjectId,
        Sha = pipeline.Sha,
        Ref = pipeline.Ref,
        Tag = pipeline.Tag,
        Status = pipeline.Status,
        Source = pipeline.Source,
        CreatedAt = pipeline.CreatedAt,
        UpdatedAt = pipeline.UpdatedAt,
        CommittedAt = pipeline.CommittedAt,
        StartedAt = pipeline.StartedAt,
        FinishedAt = pipeline.FinishedAt,
        Duration = pipeline.StartedAt is { } started && pipeline.FinishedAt is { } finished ? (long)(finished - started).TotalSeconds : null,
        YamlErrors = pipeline.YamlErrors,
        Trigger = pipeline.TriggerReference(),
        WebUrl = $"{externalUrl}/{pipeline.ProjectPath}/-/pipelines/{pipeline.Id}",
        User = new Contracts.Pipelines.PipelineUser
        {
            Id = pipeline.UserId,
            Username = pipeline.UserUsername,
            Name = pipeline.UserName,
            WebUrl = $"{externalUrl}/{pipeline.UserUsername}",
        },
    };
}

/// <summary>A webhook delivery's body as it arrived (<c>TRIGGER_PAYLOAD_RAW</c>), with its content type.</summary>
internal sealed record StoredPayload
{
    public string? ContentType { get; init; }

    public required byte[] Body { get; init; }
}
