using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace WvsMesh.Pipelines;

/// <summary>The Pipelines service's activity source and meter.</summary>
internal static class PipelinesTelemetry
{
    public const string Name = "WvsMesh.Pipelines";

    public static readonly ActivitySource ActivitySource = new(Name);

    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Created = Meter.CreateCounter<long>("wvs.pipelines.created", description: "Pipelines created, by source");
}
