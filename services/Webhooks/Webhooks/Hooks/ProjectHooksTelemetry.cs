using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace WvsMesh.Webhooks.Hooks;

/// <summary>Spans and metrics of outbound project hooks. Tokens, signatures, payloads and URLs never become tags.</summary>
internal static class ProjectHooksTelemetry
{
    public const string Name = "WvsMesh.Webhooks.Hooks";

    public static readonly ActivitySource ActivitySource = new(Name);

    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Attempts = Meter.CreateCounter<long>("wvs.hooks.attempts", description: "Hook requests sent, by outcome");
}
