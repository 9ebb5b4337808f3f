namespace WvsMesh.Runner.Api;

/// <summary>A job as <c>POST /api/v4/jobs/request</c> hands it out (GitLab's runner protocol subset); unknown fields are ignored.</summary>
internal sealed record JobPayload
{
    public long Id { get; init; }

    /// <summary>The job token: authenticates trace and state updates; a secret, masked in the log.</summary>
    public string? Token { get; init; }

    public JobInfo? JobInfo { get; init; }

    public GitInfo? GitInfo { get; init; }

    public RunnerInfo? RunnerInfo { get; init; }

    public IReadOnlyList<JobVariable>? Variables { get; init; }

    public IReadOnlyList<JobStep>? Steps { get; init; }
}

internal sealed record JobInfo
{
    public long Id { get; init; }

    public string? Name { get; init; }

    public string? Stage { get; init; }

    public long ProjectId { get; init; }

    public string? ProjectName { get; init; }
}

internal sealed record GitInfo
{
    /// <summary>A local path, a <c>file://</c> or an <c>http(s)://</c> URL (which may carry the job token as credentials).</summary>
    public string? RepoUrl { get; init; }

    public string? Ref { get; init; }

    public string? Sha { get; init; }

    public string? BeforeSha { get; init; }

    /// <summary><c>branch</c> or <c>tag</c>.</summary>
    public string? RefType { get; init; }
}

internal sealed record RunnerInfo
{
    /// <summary>The job's time limit in seconds; the runner uses 3600 when it is missing.</summary>
    public int? Timeout { get; init; }
}

internal sealed record JobVariable
{
    public string? Key { get; init; }

    public string? Value { get; init; }

    public bool Public { get; init; }

    /// <summary>Exported as the path of a file holding the value rather than as the value.</summary>
    public bool File { get; init; }

    /// <summary>Every occurrence of the value in the log becomes <c>[MASKED]</c>.</summary>
    public bool Masked { get; init; }
}

internal sealed record JobStep
{
    /// <summary><c>script</c> or <c>after_script</c>.</summary>
    public string? Name { get; init; }

    public IReadOnlyList<string>? Script { get; init; }

    public int? Timeout { get; init; }

    /// <summary><c>on_success</c> (run while the job has not failed), <c>always</c> or <c>on_failure</c>.</summary>
    public string? When { get; init; }

    public bool AllowFailure { get; init; }
}
