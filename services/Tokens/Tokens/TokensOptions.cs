using System.ComponentModel.DataAnnotations;

namespace WvsMesh.Tokens;

/// <summary>Limits of the Tokens service.</summary>
public sealed class TokensOptions
{
    /// <summary>Configuration section: <c>Tokens</c>.</summary>
    public const string Section = "Tokens";

    /// <summary>Most trigger variables one request may pass. Default 200.</summary>
    [Range(1, 10_000)]
    public int MaxVariables { get; init; } = 200;

    /// <summary>Most live trigger tokens per project (GitLab's plan limit). Default 25,000.</summary>
    [Range(1, 10_000_000)]
    public int MaxTriggersPerProject { get; init; } = 25_000;

    /// <summary>How long a rotated trigger token's previous secret keeps working. Default 15 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan RotationGracePeriod { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Trigger-token management requests per user per minute (GitLab: 300). Default 300.</summary>
    [Range(1, 1_000_000)]
    public int ManagementRequestsPerMinute { get; init; } = 300;

    /// <summary>How far a Standard Webhooks <c>webhook-timestamp</c> may be from now; older deliveries are refused as replays. Default 5 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SignatureTolerance { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The largest body the trigger API form accepts; larger ones get 413. Default 1 MiB.</summary>
    [Range(1, 64 * 1024 * 1024)]
    public int MaxTriggerRequestBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// The largest body the webhook form (<c>/projects/:id/ref/:ref/trigger/pipeline</c>) accepts; larger ones get 413 and
    /// create nothing. Default 1 MiB.
    /// </summary>
    [Range(1, 64 * 1024 * 1024)]
    public int MaxWebhookPayloadBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// How far past <see cref="MaxWebhookPayloadBytes"/> a refused webhook body is still read to its end (twice the limit),
    /// so that the gateway, still sending it, passes on the 413 instead of failing with 502 on a reset connection.
    /// </summary>
    public long WebhookDrainLimitBytes => 2L * MaxWebhookPayloadBytes;

    /// <summary>
    /// How long trigger-token uses gather before <c>last_used</c> is written, so a busy token costs one write per interval
    /// rather than one per trigger. Default 1 second.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan UsageFlushInterval { get; init; } = TimeSpan.FromSeconds(1);
}
