using System.Diagnostics.Metrics;
using MassTransit;

namespace WvsMesh.ServiceDefaults.Bus;

/// <summary>
/// Consumer lag: how long a message waited between being sent and a consumer starting on it, by message type
/// (<c>wvs_bus_consumer_lag_seconds</c> in Prometheus). Rising lag with steady traffic means too few consumers.
/// </summary>
internal sealed class ConsumeLag(TimeProvider clock) : IConsumeObserver
{
    internal const string MeterName = Telemetry.SourcePrefix + "Bus";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<double> Lag = Meter.CreateHistogram(
        "wvs.bus.consumer.lag",
        unit: "s",
        description: "Time from a message being sent to a consumer starting on it, by message type",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Telemetry.LatencyBuckets });

    public Task PreConsume<T>(ConsumeContext<T> context)
        where T : class
    {
        if (context.SentTime is { } sent)
        {
            var waited = clock.GetUtcNow().UtcDateTime - sent.ToUniversalTime();
            Lag.Record(Math.Max(0, waited.TotalSeconds), new KeyValuePair<string, object?>("message", typeof(T).Name));
        }
        return Task.CompletedTask;
    }

    public Task PostConsume<T>(ConsumeContext<T> context)
        where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
        where T : class => Task.CompletedTask;
}
