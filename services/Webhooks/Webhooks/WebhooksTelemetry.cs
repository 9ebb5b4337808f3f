using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace WvsMesh.Webhooks;

/// <summary>The Webhooks service's activity source and meter.</summary>
internal static class WebhooksTelemetry
{
    public const string Name = "WvsMesh.Webhooks";

    public static readonly ActivitySource ActivitySource = new(Name);

    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Deliveries = Meter.CreateCounter<long>(
        "wvs.webhook.deliveries", description: "Inbound trigger deliveries, by outcome");
}
