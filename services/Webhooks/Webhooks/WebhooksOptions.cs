using System.ComponentModel.DataAnnotations;

namespace WvsMesh.Webhooks;

/// <summary>Settings of the Webhooks service (section <c>Webhooks</c>).</summary>
public sealed class WebhooksOptions
{
    public const string Section = "Webhooks";

    /// <summary>The largest inbound webhook body accepted; larger ones get 413 and create nothing. Default 1 MiB.</summary>
    [Range(1, 64 * 1024 * 1024)]
    public int MaxPayloadBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// How far past <see cref="MaxPayloadBytes"/> a refused body is still read to its end (twice the limit), so that the
    /// gateway, still sending it, passes on the 413 instead of failing with 502 on a reset connection.
    /// </summary>
    public long DrainLimitBytes => 2L * MaxPayloadBytes;

    /// <summary>
    /// Admin setting (GitLab's <c>allow_local_requests_from_web_hooks_and_services</c>): lets project hooks call loopback and
    /// private network addresses. Off by default.
    /// </summary>
    public bool AllowLocalRequests { get; set; }

    /// <summary>How many times an outbound hook event is attempted before it is given up.</summary>
    [Range(1, 50)]
    public int MaxDeliveryAttempts { get; set; } = 5;

    /// <summary>The wait after the first failed attempt; it doubles after each further failure.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait between attempts.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long one outbound request may take.</summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the dispatcher looks for due hook events.</summary>
    public TimeSpan DispatchInterval { get; set; } = TimeSpan.FromSeconds(1);
}
