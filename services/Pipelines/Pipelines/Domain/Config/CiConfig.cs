namespace WvsMesh.Pipelines.Domain.Config;

/// <summary>
/// A parsed <c>.wvs/root-ci.yml</c> after <c>extends</c>, anchors, merge keys and <c>default:</c> are applied and hidden
/// (<c>.name</c>) jobs removed. Pure data; <c>CiConfigParser</c> builds it and reports configuration errors.
/// </summary>
internal sealed record CiConfig(
    IReadOnlyList<string> Stages,
    IReadOnlyList<KeyValuePair<string, string>> Variables,
    IReadOnlyList<CiRule>? WorkflowRules,
    IReadOnlyList<CiJob> Jobs);

/// <summary>One job, in file order. <see cref="When"/> is the job's own <c>when:</c> (default <c>on_success</c>).</summary>
internal sealed record CiJob
{
    public required string Name { get; init; }
    public required string Stage { get; init; }
    public IReadOnlyList<string> BeforeScript { get; init; } = [];
    public IReadOnlyList<string> Script { get; init; } = [];
    public IReadOnlyList<string> AfterScript { get; init; } = [];

    /// <summary>Job <c>variables:</c> in file order (global ones are in <see cref="CiConfig.Variables"/>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Variables { get; init; } = [];

    /// <summary>Null when the job has no <c>rules:</c> key; an empty list when it has <c>rules: []</c>.</summary>
    public IReadOnlyList<CiRule>? Rules { get; init; }

    /// <summary>Null when absent (the default <c>only: [branches, tags]</c> is applied by selection, not here).</summary>
    public CiPolicy? Only { get; init; }

    public CiPolicy? Except { get; init; }
    public string When { get; init; } = "on_success";
    public bool AllowFailure { get; init; }
    public string? StartIn { get; init; }

    /// <summary>Null when the job has no <c>needs:</c>.</summary>
    public IReadOnlyList<CiNeed>? Needs { get; init; }
}

/// <summary>A <c>needs:</c> entry.</summary>
internal sealed record CiNeed(string Job, bool Optional);

/// <summary>
/// One rule of <c>rules:</c> or <c>workflow:rules:</c>. <see cref="If"/> is the expression text (validated by the parser
/// with <c>Expression.Parse</c>). <see cref="Changes"/>/<see cref="Exists"/> are kept as given.
/// </summary>
internal sealed record CiRule
{
    public string? If { get; init; }
    public IReadOnlyList<string>? Changes { get; init; }
    public IReadOnlyList<string>? Exists { get; init; }
    public string? When { get; init; }
    public bool? AllowFailure { get; init; }
    public string? StartIn { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>>? Variables { get; init; }
    public IReadOnlyList<CiNeed>? Needs { get; init; }
}

/// <summary><c>only:</c> / <c>except:</c>; the array form is <see cref="Refs"/>. A null member means the key was absent.</summary>
internal sealed record CiPolicy
{
    public IReadOnlyList<string>? Refs { get; init; }

    /// <summary>Expressions (OR-ed).</summary>
    public IReadOnlyList<string>? Variables { get; init; }

    public IReadOnlyList<string>? Changes { get; init; }
    public string? Kubernetes { get; init; }
}
