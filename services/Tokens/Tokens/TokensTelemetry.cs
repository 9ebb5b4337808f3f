using System.Diagnostics;
using System.Diagnostics.Metrics;
using WvsMesh.ServiceDefaults;

namespace WvsMesh.Tokens;

/// <summary>The Tokens service's activity source and meter (tokens never become tags).</summary>
internal static class TokensTelemetry
{
    public const string Name = "WvsMesh.Tokens";

    public static readonly ActivitySource ActivitySource = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>Trigger requests by outcome (<c>wvs_triggers_total</c>): created, pending, not_found, refused, …</summary>
    public static readonly Counter<long> Triggers = Meter.CreateCounter<long>("wvs.triggers", description: "Trigger requests, by outcome");

    /// <summary>From a trigger request reaching Tokens to its answer, by outcome (<c>wvs_trigger_duration_seconds</c>).</summary>
    public static readonly Histogram<double> TriggerDuration = Meter.CreateHistogram(
        "wvs.trigger.duration",
        unit: "s",
        description: "Time to answer a trigger request, by outcome",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Telemetry.LatencyBuckets });
}
