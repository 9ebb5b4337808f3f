using WvsMesh.Pipelines.Domain.Config;

namespace WvsMesh.Pipelines.Domain.Selection;

/// <summary>
/// GitLab's <c>Rules::Result</c>: the effective <see cref="When"/> and the matched rule's attributes (null when the rule
/// did not set them). The job is created unless <see cref="When"/> is <c>never</c>.
/// </summary>
internal sealed record RuleOutcome(string When)
{
    public const string Never = "never";

    public bool? AllowFailure { get; init; }
    public string? StartIn { get; init; }

    /// <summary>The matched rule's <c>variables:</c>, merged over the job's own by the caller (rule values win).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Variables { get; init; } = [];

    /// <summary>The matched rule's <c>needs:</c>, replacing the job's; null when the rule has none.</summary>
    public IReadOnlyList<CiNeed>? Needs { get; init; }

    public bool Pass => When != Never;
}
