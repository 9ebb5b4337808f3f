namespace WvsMesh.Contracts.Pipelines;

/// <summary>
/// Tokens authorised a trigger and asks Pipelines to create the pipeline. Carries everything Pipelines needs,
/// so Pipelines never reads another service's tables. Answered by <see cref="PipelineCreated"/> or <see cref="PipelineRejected"/>.
/// </summary>
public sealed record PipelineRequested
{
    /// <summary>Idempotency key: a redelivered request returns the pipeline created the first time.</summary>
    public required Guid RequestId { get; init; }

    /// <summary>W3C trace id of the trigger request, the correlation id of everything it causes.</summary>
    public string? TraceId { get; init; }

    /// <summary>The project's numeric id.</summary>
    public required long ProjectId { get; init; }

    /// <summary>The project's full path, <c>namespace/path</c>.</summary>
    public required string ProjectPath { get; init; }

    /// <summary>The project's git repository (<c>import_url</c>): a path, <c>file://</c> or <c>http(s)://</c> URL.</summary>
    public required string RepositoryUrl { get; init; }

    /// <summary>
    /// True when <see cref="RepositoryUrl"/> is a local path or <c>file://</c> URL an admin gave: only then may Pipelines read
    /// it (never inside its data directory). Null or false: an <c>http(s)</c> source only.
    /// </summary>
    public bool? LocalSourceApproved { get; init; }

    /// <summary>The project's name (<c>CI_PROJECT_NAME</c>).</summary>
    public string? ProjectName { get; init; }

    /// <summary>The project's default branch (<c>CI_DEFAULT_BRANCH</c>).</summary>
    public string? DefaultBranch { get; init; }

    /// <summary>The trigger token's description, shown with the pipelines and jobs it started.</summary>
    public string? TriggerDescription { get; init; }

    /// <summary>The branch or tag to build, as the caller gave it (a <c>refs/heads/…</c> or <c>refs/tags/…</c> prefix is allowed).</summary>
    public required string Ref { get; init; }

    /// <summary><c>trigger</c> for trigger tokens, <c>pipeline</c> for CI_JOB_TOKEN multi-project triggers.</summary>
    public required string Source { get; init; }

    /// <summary>Trigger variables (<c>variables[KEY]=value</c>), highest precedence.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();

    /// <summary>The trigger token's id, when the source is <c>trigger</c>.</summary>
    public long? TriggerId { get; init; }

    /// <summary>The trigger token's short form (first 4 characters after the prefix), when the source is <c>trigger</c>.</summary>
    public string? TriggerShortToken { get; init; }

    /// <summary>The user the pipeline runs as: the trigger token's owner, or the job's user.</summary>
    public required PipelineUser User { get; init; }

    /// <summary>The acting user's access level in the project at trigger time (GitLab's 10–50).</summary>
    public required int AccessLevel { get; init; }

    /// <summary>
    /// True when trigger variables were passed but the project's <c>ci_pipeline_variables_minimum_override_role</c> does not
    /// admit the acting user; Pipelines refuses after resolving the ref (GitLab's order of checks).
    /// </summary>
    public bool? VariablesForbidden { get; init; }

    /// <summary>Protected-ref rules matching <see cref="Ref"/>; null when none match.</summary>
    public RefProtection? Protection { get; init; }

    /// <summary>JSON for the file variable <c>TRIGGER_PAYLOAD</c>: the request's parameters minus <c>token</c>.</summary>
    public string? Payload { get; init; }

    /// <summary>Beyond GitLab: a webhook delivery's body byte for byte, for the file variable <c>TRIGGER_PAYLOAD_RAW</c>.</summary>
    public byte[]? RawPayload { get; init; }

    /// <summary>The <c>Content-Type</c> of <see cref="RawPayload"/>.</summary>
    public string? RawPayloadContentType { get; init; }

    /// <summary>For a <c>CI_JOB_TOKEN</c> trigger (source <c>pipeline</c>): the upstream job, its pipeline and project.</summary>
    public UpstreamJob? Upstream { get; init; }
}
