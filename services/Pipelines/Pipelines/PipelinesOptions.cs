using System.ComponentModel.DataAnnotations;

namespace WvsMesh.Pipelines;

/// <summary>Limits of the Pipelines service.</summary>
public sealed class PipelinesOptions
{
    /// <summary>Configuration section: <c>Pipelines</c>.</summary>
    public const string Section = "Pipelines";

    /// <summary>
    /// Pipelines one user may create per project and commit per minute (GitLab.com: 25); 0 turns the limit off. Counted per
    /// Pipelines replica. Default 0.
    /// </summary>
    [Range(0, 1_000_000)]
    public int CreationsPerMinutePerCommit { get; init; }
}
