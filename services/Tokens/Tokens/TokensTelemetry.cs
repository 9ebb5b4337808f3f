using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace WvsMesh.Tokens;

/// <summary>The Tokens service's activity source and meter (tokens never become tags).</summary>
internal static class TokensTelemetry
{
    public const string Name = "WvsMesh.Tokens";

    public static readonly ActivitySource ActivitySource = new(Name);

    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Triggers = Meter.CreateCounter<long>("wvs.tokens.triggers", description: "Trigger requests, by outcome");
}
