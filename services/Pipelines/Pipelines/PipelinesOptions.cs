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

    /// <summary>How long <c>POST /jobs/request</c> waits for a job before answering 204 (a runner's long poll). Default 20 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan JobRequestWait { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How long the refs fetched from a remote (<c>http(s)</c>) source are used before the next trigger fetches again; 0
    /// fetches on every trigger. A local source is fetched whenever its refs change, whatever this says. Default 10 seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan RemoteRefsMaxAge { get; init; } = TimeSpan.FromSeconds(10);
}
