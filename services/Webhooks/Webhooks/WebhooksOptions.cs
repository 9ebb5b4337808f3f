using System.ComponentModel.DataAnnotations;

namespace WvsMesh.Webhooks;

/// <summary>Settings of the Webhooks service (section <c>Webhooks</c>).</summary>
public sealed class WebhooksOptions
{
    public const string Section = "Webhooks";

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
