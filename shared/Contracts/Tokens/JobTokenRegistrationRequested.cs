namespace WvsMesh.Contracts.Tokens;

/// <summary>
/// Pipelines started a job and gave it a <c>CI_JOB_TOKEN</c>; Tokens records it (by digest, never the token) so the token
/// can trigger pipelines while the job runs. Pipelines waits for <see cref="JobTokenRegistered"/> before the runner
/// gets the job, so the token works from the job's first command.
/// </summary>
public sealed record JobTokenRegistrationRequested
{
    /// <summary>SHA-256 (hex) of the job token.</summary>
    public required string TokenDigest { get; init; }

    /// <summary>The running job.</summary>
    public required long JobId { get; init; }

    /// <summary>The job's pipeline.</summary>
    public required long PipelineId { get; init; }

    /// <summary>The job's project.</summary>
    public required long ProjectId { get; init; }

    /// <summary>The user the job runs as (its pipeline's user).</summary>
    public required long UserId { get; init; }
}

/// <summary>Tokens recorded the job token of <see cref="JobId"/>.</summary>
public sealed record JobTokenRegistered(long JobId);
