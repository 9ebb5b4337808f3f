using MassTransit.Logging;
using MassTransit.Monitoring;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace WvsMesh.ServiceDefaults;

/// <summary>OpenTelemetry for every host: ASP.NET Core, HttpClient (and so YARP), MassTransit, Npgsql, WvsMesh's own sources.</summary>
public static class Telemetry
{
    /// <summary>Prefix of every WvsMesh activity source and meter (<c>WvsMesh.Tokens</c>, …).</summary>
    public const string SourcePrefix = "WvsMesh.";

    /// <summary>Histogram buckets, in seconds, for latencies from a millisecond to a minute (triggers, bus lag).</summary>
    public static readonly IReadOnlyList<double> LatencyBuckets =
        [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    internal static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Environment.ApplicationName))
            .WithTracing(tracing => tracing
                .AddSource(SourcePrefix + "*")
                .AddSource(DiagnosticHeaders.DefaultListenerName)
                .AddNpgsql()
                .AddAspNetCoreInstrumentation(options => options.Filter = context =>
                    !context.Request.Path.StartsWithSegments("/healthz") && !context.Request.Path.StartsWithSegments("/readyz"))
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(SourcePrefix + "*")
                .AddMeter(InstrumentationOptions.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation());

        // OTLP only when configured (eShop); OTEL_TRACES_EXPORTER=console prints spans, which the
        // distributed trace test reads from each host's output.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.UseOtlpExporter();
        }
        if (string.Equals(builder.Configuration["OTEL_TRACES_EXPORTER"], "console", StringComparison.OrdinalIgnoreCase))
        {
            otel.WithTracing(tracing => tracing.AddConsoleExporter());
        }
        return builder;
    }
}
